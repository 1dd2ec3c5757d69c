// SPDX-License-Identifier: MIT
#include "synced_batch_norm.h"

namespace adstudio::models {
namespace {

template <typename Norm>
torch::Tensor normalize(Norm& norm, const torch::Tensor& x, const BatchSum& sum) {
    if (!sum || !norm.is_training()) return norm.forward(x);
    const auto& options = norm.options;
    std::vector<int64_t> over{0}, shape(std::size_t(x.dim()), 1);
    for (int64_t d = 2; d < x.dim(); ++d) over.push_back(d);
    shape[1] = x.size(1);
    const double share = double(x.numel() / std::max<int64_t>(1, x.size(1)));
    // Two passes, as batch_norm does (the mean first, then the squares about it): E[x^2] -
    // E[x]^2 loses digits on activations far from zero.
    const auto firsts = sum(torch::cat({x.sum(over), torch::full({1}, share, x.options())}));
    const auto count = firsts[-1];
    const auto mean = firsts.narrow(0, 0, x.size(1)) / count;
    const auto centered = x - mean.view(shape);
    const auto variance = sum(centered.pow(2).sum(over)) / count;
    auto y = centered * torch::rsqrt(variance + options.eps()).view(shape);
    if (options.affine()) y = y * norm.weight.view(shape) + norm.bias.view(shape);
    if (options.track_running_stats()) {
        torch::NoGradGuard noGrad;
        const double momentum = options.momentum().value_or(0.1);
        const double n = count.template item<double>();
        norm.running_mean.mul_(1 - momentum).add_(mean.detach(), momentum);
        norm.running_var.mul_(1 - momentum)
            .add_(variance.detach() * (n / std::max(1.0, n - 1)), momentum);
        norm.num_batches_tracked.add_(1);
    }
    return y;
}

}  // namespace

torch::Tensor syncedBatchNorm(torch::nn::BatchNorm1dImpl& norm, const torch::Tensor& x,
                              const BatchSum& sum) {
    return normalize(norm, x, sum);
}

torch::Tensor syncedBatchNorm(torch::nn::BatchNorm2dImpl& norm, const torch::Tensor& x,
                              const BatchSum& sum) {
    return normalize(norm, x, sum);
}

}  // namespace adstudio::models
