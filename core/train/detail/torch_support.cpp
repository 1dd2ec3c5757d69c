// SPDX-License-Identifier: MIT
#include "train/detail/torch_support.h"

#include <QFile>
#include <QSaveFile>

#include <sstream>

namespace adstudio::detail {

void seedTorch(std::uint64_t seed) {
    torch::manual_seed(seed);
    if (torch::cuda::is_available()) torch::cuda::manual_seed_all(seed);
}

Status saveArchive(torch::serialize::OutputArchive& archive, const QString& path) {
    std::ostringstream stream;
    try {
        archive.save_to(stream);
    } catch (const std::exception& e) {
        return torchError(path, e, "report this as a bug");
    }
    const std::string bytes = stream.str();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()) || !file.commit()) {
        return makeError(path, 0, 0, "cannot write: " + file.errorString(),
                         "check free disk space and permissions");
    }
    return {};
}

Status loadArchive(torch::serialize::InputArchive& archive, const QString& path,
                   const torch::Device& device) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path, 0, 0, "cannot open: " + file.errorString(),
                         "check the path; train a model there first");
    const QByteArray bytes = file.readAll();
    try {
        std::istringstream stream(std::string(bytes.constData(), std::size_t(bytes.size())));
        archive.load_from(stream, device);
    } catch (const std::exception& e) {
        return torchError(path, e, "the file is damaged or not an AdStudio model; train again");
    }
    return {};
}

void writeBytes(torch::serialize::OutputArchive& archive, const std::string& key,
                const QByteArray& bytes) {
    auto tensor = torch::empty({bytes.size()}, torch::kUInt8);
    std::memcpy(tensor.data_ptr(), bytes.constData(), std::size_t(bytes.size()));
    archive.write(key, tensor, /*is_buffer=*/true);
}

QByteArray readBytes(torch::serialize::InputArchive& archive, const std::string& key) {
    torch::Tensor tensor;
    archive.read(key, tensor, /*is_buffer=*/true);
    tensor = tensor.to(torch::kCPU).contiguous();
    return QByteArray(static_cast<const char*>(tensor.data_ptr()), int(tensor.numel()));
}

torch::Tensor readTensor(torch::serialize::InputArchive& archive, const std::string& key) {
    torch::Tensor tensor;
    archive.read(key, tensor, /*is_buffer=*/true);
    return tensor;
}

void writeModule(torch::serialize::OutputArchive& archive, const std::string& key,
                 const torch::nn::Module& module) {
    torch::serialize::OutputArchive sub;
    module.save(sub);
    archive.write(key, sub);
}

void readModule(torch::serialize::InputArchive& archive, const std::string& key,
                torch::nn::Module& module, const torch::Device& device) {
    torch::serialize::InputArchive sub;
    archive.read(key, sub);
    module.load(sub);
    module.to(device);
}

std::vector<torch::Tensor> snapshot(const torch::nn::Module& module) {
    std::vector<torch::Tensor> saved;
    for (const auto& p : module.parameters()) saved.push_back(p.detach().clone());
    for (const auto& b : module.buffers()) saved.push_back(b.detach().clone());
    return saved;
}

void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& saved) {
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (auto& p : module.parameters()) p.copy_(saved[i++]);
    for (auto& b : module.buffers()) b.copy_(saved[i++]);
}

Error torchError(const QString& file, const std::exception& e, const QString& fix) {
    // c10::Error messages carry a C++ backtrace after the first line; users need the first.
    QString what = QString::fromUtf8(e.what()).section('\n', 0, 0).trimmed();
    return makeError(file, 0, 0, what, fix);
}

torch::Tensor toTensor(const std::vector<std::int32_t>& values, std::int64_t columns) {
    auto tensor = torch::empty({std::int64_t(values.size())}, torch::kInt32);
    // An empty vector's data() may be null, and memcpy from null is undefined even for 0 bytes.
    if (!values.empty())
        std::memcpy(tensor.data_ptr(), values.data(), values.size() * sizeof(std::int32_t));
    tensor = tensor.to(torch::kLong);
    return columns > 0 ? tensor.view({-1, columns}) : tensor;
}

torch::Tensor toTensor(const std::vector<float>& values, std::int64_t columns) {
    auto tensor = torch::empty({std::int64_t(values.size())}, torch::kFloat);
    if (!values.empty())
        std::memcpy(tensor.data_ptr(), values.data(), values.size() * sizeof(float));
    return columns > 0 ? tensor.view({-1, columns}) : tensor;
}

namespace {
template <typename T>
torch::Tensor adopt(std::vector<T>&& values, torch::ScalarType type) {
    if (values.empty()) return torch::empty({0}, type);
    auto owner = std::make_shared<std::vector<T>>(std::move(values));
    return torch::from_blob(
        owner->data(), {std::int64_t(owner->size())}, [owner](void*) {}, type);
}
}  // namespace

torch::Tensor adoptTensor(std::vector<std::int64_t>&& values) {
    return adopt(std::move(values), torch::kLong);
}

torch::Tensor adoptTensor(std::vector<float>&& values) {
    return adopt(std::move(values), torch::kFloat);
}

std::vector<float> toFloats(const torch::Tensor& tensor) {
    const auto cpu = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
}

}  // namespace adstudio::detail
