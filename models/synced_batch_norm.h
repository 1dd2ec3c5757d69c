// SPDX-License-Identifier: MIT
#pragma once
// Batch norm whose batch statistics can span several processes (data-parallel training): each
// process holds a share of the global batch, and normalizing by the share's own mean and
// variance would make the network a different one than the single-process network with the
// global batch. With a `BatchSum` the statistics are summed over the processes first.
#include <torch/torch.h>

#include <functional>

namespace adstudio::models {

// Sums a tensor over the processes of a data-parallel run, inside autograd: its backward sums
// the incoming gradients the same way (the gradient of a sum seen by every process).
using BatchSum = std::function<torch::Tensor(const torch::Tensor&)>;

// `norm`'s training-mode forward with statistics over all processes when `sum` is set; its
// ordinary forward otherwise (and always in eval mode). Running statistics follow the global
// batch, so every process keeps the same buffers.
torch::Tensor syncedBatchNorm(torch::nn::BatchNorm1dImpl& norm, const torch::Tensor& x,
                              const BatchSum& sum);
torch::Tensor syncedBatchNorm(torch::nn::BatchNorm2dImpl& norm, const torch::Tensor& x,
                              const BatchSum& sum);

}  // namespace adstudio::models
