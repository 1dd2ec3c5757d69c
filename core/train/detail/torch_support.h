// SPDX-License-Identifier: MIT
// Private to core/train: the LibTorch machinery every trainer shares. Included only by .cpp
// files (the layering test keeps it out of public headers).
#pragma once

#include "common/error.h"
#include "train/optimizer_settings.h"

#include <torch/torch.h>

#include <QByteArray>
#include <QString>

#include <memory>

namespace adstudio::detail {

// Where models are built: the device preference (compute_device.h) resolved on this machine.
torch::Device trainingDevice();
// Seeds LibTorch's generators (CPU and CUDA) for one epoch of one run.
void seedTorch(std::uint64_t seed);

// Atomic save: the archive is serialized in memory and written through QSaveFile.
Status saveArchive(torch::serialize::OutputArchive& archive, const QString& path);
Status loadArchive(torch::serialize::InputArchive& archive, const QString& path,
                   const torch::Device& device);
void writeBytes(torch::serialize::OutputArchive& archive, const std::string& key,
                const QByteArray& bytes);
QByteArray readBytes(torch::serialize::InputArchive& archive, const std::string& key);
// A fresh tensor per key: InputArchive::read into a defined tensor would set_() its storage,
// silently keeping the old dtype.
torch::Tensor readTensor(torch::serialize::InputArchive& archive, const std::string& key);

// Module weights into / out of a sub-archive.
void writeModule(torch::serialize::OutputArchive& archive, const std::string& key,
                 const torch::nn::Module& module);
void readModule(torch::serialize::InputArchive& archive, const std::string& key,
                torch::nn::Module& module, const torch::Device& device);
// Deep copy of a module's parameters and buffers (the best epoch kept in memory).
std::vector<torch::Tensor> snapshot(const torch::nn::Module& module);
void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& saved);

// LibTorch throws c10::Error; the core boundary turns it into an Error naming the file.
Error torchError(const QString& file, const std::exception& e, const QString& fix);

// std::vector <-> tensor copies (the tensor owns its memory).
torch::Tensor toTensor(const std::vector<std::int32_t>& values, std::int64_t columns = 0);
torch::Tensor toTensor(const std::vector<float>& values, std::int64_t columns = 0);
// A 1-D tensor over `values`' own memory, which it takes over: no copy (an epoch's ids are tens
// of MB, and fresh memory costs page faults).
torch::Tensor adoptTensor(std::vector<std::int64_t>&& values);
torch::Tensor adoptTensor(std::vector<float>&& values);
std::vector<float> toFloats(const torch::Tensor& tensor);

}  // namespace adstudio::detail
