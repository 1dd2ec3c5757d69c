// SPDX-License-Identifier: MIT
#pragma once

#include <torch/torch.h>

namespace adstudio::models {

// Spectral normalization (Miyato et al., ICLR 2018), which LibTorch's C++ API lacks: the weight
// is divided by its largest singular value, estimated with one power iteration per training
// forward pass (the `u` vector is a buffer, so it is saved and restored with the module).
class SpectralNorm {
public:
    SpectralNorm() = default;
    SpectralNorm(torch::nn::Module& owner, const torch::Tensor& weight);
    torch::Tensor normalized(const torch::Tensor& weight, bool training);

private:
    torch::Tensor m_u;
};

struct SNConv2dOptions {
    int64_t in = 1;      // input channels
    int64_t out = 1;     // output channels
    int64_t kernel = 3;  // square kernel size
    int64_t stride = 1;
    int64_t padding = 1;
};

class SNConv2dImpl : public torch::nn::Module {
public:
    explicit SNConv2dImpl(SNConv2dOptions options);
    torch::Tensor forward(const torch::Tensor& input);

private:
    SNConv2dOptions m_options;
    torch::Tensor m_weight, m_bias;
    SpectralNorm m_norm;
};
TORCH_MODULE(SNConv2d);

class SNLinearImpl : public torch::nn::Module {
public:
    SNLinearImpl(int64_t in, int64_t out, bool bias = true);
    torch::Tensor forward(const torch::Tensor& input);
    // The normalized weight itself (the projection discriminator's class embedding uses rows).
    torch::Tensor weight();

private:
    torch::Tensor m_weight, m_bias;
    SpectralNorm m_norm;
};
TORCH_MODULE(SNLinear);

}  // namespace adstudio::models
