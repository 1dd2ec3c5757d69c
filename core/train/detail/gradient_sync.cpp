// SPDX-License-Identifier: MIT
#include "train/detail/gradient_sync.h"

// Debian's libtorch is built with Gloo; its header declares the process group only when told.
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <QCryptographicHash>

#include <chrono>

namespace adstudio::detail {

struct GradientSync::Group {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    int rank = 0, worldSize = 1;
};

namespace {

// A 2-D parameter with at least this many rows is an embedding table (sent by rows touched).
constexpr std::int64_t kTableRows = 256;

// Tables up to this size travel whole in the one collective of the other gradients: on loopback
// a second collective (the row mask's) costs about what 3 MB more of one does (measured:
// docs/distributed-training.md). ADSTUDIO_DENSE_TABLE_BYTES overrides it (the benchmark).
std::int64_t denseTableBytes() {
    static const std::int64_t bytes = [] {
        bool ok = false;
        const auto given = qEnvironmentVariableIntValue("ADSTUDIO_DENSE_TABLE_BYTES", &ok);
        return ok ? std::int64_t(given) : std::int64_t(2) << 20;
    }();
    return bytes;
}

// The key every rank writes and checks: a digest of the shared secret, never the secret.
std::string tokenKey(const QString& token) {
    return "adstudio-token-" + QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256)
                                   .toHex()
                                   .toStdString();
}

}  // namespace

Result<std::unique_ptr<GradientSync>> GradientSync::connect(const DistributedSettings& s) {
    const auto timeout = std::chrono::seconds(std::max(1, s.timeoutSeconds));
    std::unique_ptr<GradientSync> sync(new GradientSync);
    sync->m_group = std::make_unique<Group>();
    Group& g = *sync->m_group;
    g.rank = s.rank;
    g.worldSize = s.worldSize;
    const QString where = s.master.isEmpty() ? s.storeFile : s.master;
    try {
        if (s.master.isEmpty()) {
            g.store = c10::make_intrusive<c10d::FileStore>(s.storeFile.toStdString(), s.worldSize);
        } else {
            const int colon = s.master.lastIndexOf(':');
            c10d::TCPStoreOptions options;
            options.port = std::uint16_t(s.master.mid(colon + 1).toUInt());
            options.isServer = s.rank == 0;
            options.numWorkers = std::size_t(s.worldSize);
            options.timeout = timeout;
            g.store =
                c10::make_intrusive<c10d::TCPStore>(s.master.left(colon).toStdString(), options);
        }
        g.store->setTimeout(timeout);
        if (!s.token.isEmpty()) {
            // Rank 0 states the digest; the others must find the same one, or they leave.
            const std::string key = tokenKey(s.token);
            if (s.rank == 0) {
                g.store->set(key, std::vector<std::uint8_t>{1});
            } else if (!g.store->check({key})) {
                g.store->wait({key}, std::chrono::seconds(5));
            }
        }
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(s.interfaceHost.toStdString()));
        g.group = c10::make_intrusive<c10d::ProcessGroupGloo>(
            c10::make_intrusive<c10d::PrefixStore>("adstudio", g.store), s.rank, s.worldSize,
            options);
    } catch (const std::exception& e) {
        return makeError(where, 0, 0,
                         QString("rank %1 of %2 could not join the training group: %3")
                             .arg(s.rank)
                             .arg(s.worldSize)
                             .arg(QString::fromUtf8(e.what()).section('\n', 0, 0)),
                         "start every rank with the same --world-size, --master and token; "
                         "a rank that does not come within the timeout fails the others");
    }
    return sync;
}

GradientSync::~GradientSync() = default;

int GradientSync::rank() const {
    return m_group->rank;
}

int GradientSync::worldSize() const {
    return m_group->worldSize;
}

void GradientSync::allReduce(torch::nn::Module& module, double* lossSum) {
    std::vector<double> sums{*lossSum};
    allReduce(module, sums);
    *lossSum = sums[0];
}

void GradientSync::allReduce(torch::nn::Module& module, std::vector<double>& sums) {
    const auto start = std::chrono::steady_clock::now();
    // Embedding tables: a step touches few of their rows, and a row no rank touched has a zero
    // gradient everywhere. A byte per row says which rows any rank touched (first all-reduce);
    // only those rows travel with the other gradients (second). The sums are the dense ones.
    std::vector<torch::Tensor> grads, tables;
    std::int64_t tableBytes = 0;
    for (auto& p : module.parameters()) {
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
        const bool table = p.dim() == 2 && p.size(0) >= kTableRows;
        (table ? tables : grads).push_back(p.grad());
        if (table) tableBytes += p.numel() * std::int64_t(sizeof(float));
    }
    if (tableBytes <= denseTableBytes()) {
        // Small tables: one dense collective costs less than the mask's extra round trip.
        grads.insert(grads.end(), tables.begin(), tables.end());
        tables.clear();
    }
    std::vector<torch::Tensor> rowsUsed;
    std::int64_t bytes = 0;
    if (!tables.empty()) {
        std::vector<torch::Tensor> masks;
        for (const auto& g : tables) masks.push_back(g.ne(0).any(1).to(torch::kUInt8));
        std::vector<torch::Tensor> mask{torch::cat(masks)};
        bytes += mask[0].numel();
        m_group->group->allreduce(mask)->wait();
        std::int64_t offset = 0;
        for (const auto& g : tables) {
            rowsUsed.push_back(mask[0].narrow(0, offset, g.size(0)).nonzero().squeeze(1));
            offset += g.size(0);
        }
    }
    std::vector<torch::Tensor> parts;
    for (const auto& g : grads) parts.push_back(g.reshape(-1));
    for (std::size_t t = 0; t < tables.size(); ++t)
        parts.push_back(tables[t].index_select(0, rowsUsed[t]).reshape(-1));
    parts.push_back(torch::tensor(std::vector<float>(sums.begin(), sums.end())));
    std::vector<torch::Tensor> flat{torch::cat(parts)};
    bytes += flat[0].numel() * std::int64_t(sizeof(float));
    m_group->group->allreduce(flat)->wait();
    std::int64_t offset = 0;
    for (auto& g : grads) {
        g.copy_(flat[0].narrow(0, offset, g.numel()).view_as(g));
        offset += g.numel();
    }
    for (std::size_t t = 0; t < tables.size(); ++t) {
        const std::int64_t n = rowsUsed[t].numel() * tables[t].size(1);
        tables[t].index_copy_(0, rowsUsed[t],
                              flat[0].narrow(0, offset, n).view({-1, tables[t].size(1)}));
        offset += n;
    }
    for (std::size_t i = 0; i < sums.size(); ++i)
        sums[i] = flat[0][offset + std::int64_t(i)].item<double>();
    m_bytes += bytes;
    ++m_steps;
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

namespace {

// A sum over the ranks as an autograd node: every rank sees the sum, so the gradient of the
// global loss with respect to one rank's input is the sum of all ranks' gradients of the sum.
struct SumOverRanks : torch::autograd::Function<SumOverRanks> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, torch::Tensor x,
                                 GradientSync* sync) {
        context->saved_data["sync"] = reinterpret_cast<std::int64_t>(sync);
        auto summed = x.detach().clone().contiguous();
        sync->sumInPlace(summed);
        return summed;
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list grads) {
        auto* sync = reinterpret_cast<GradientSync*>(context->saved_data["sync"].toInt());
        auto summed = grads[0].contiguous().clone();
        sync->sumInPlace(summed);
        return {summed, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor GradientSync::sumOverRanks(const torch::Tensor& x) {
    return SumOverRanks::apply(x, this);
}

void GradientSync::sumInPlace(torch::Tensor& x) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> one{x};
    m_group->group->allreduce(one)->wait();
    m_bytes += x.numel() * std::int64_t(x.element_size());
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void GradientSync::barrier() {
    m_group->group->barrier()->wait();
}

}  // namespace adstudio::detail
