// SPDX-License-Identifier: MIT
#include "spectral_norm.h"

namespace adstudio::models {

SpectralNorm::SpectralNorm(torch::nn::Module& owner, const torch::Tensor& weight) {
    m_u = owner.register_buffer("sn_u", torch::nn::functional::normalize(
                                            torch::randn({weight.size(0)}),
                                            torch::nn::functional::NormalizeFuncOptions().dim(0)));
}

torch::Tensor SpectralNorm::normalized(const torch::Tensor& weight, bool training) {
    const auto matrix = weight.reshape({weight.size(0), -1});
    if (training) {
        torch::NoGradGuard noGrad;
        const auto options = torch::nn::functional::NormalizeFuncOptions().dim(0).eps(1e-12);
        const auto v = torch::nn::functional::normalize(torch::mv(matrix.t(), m_u), options);
        m_u.copy_(torch::nn::functional::normalize(torch::mv(matrix, v), options));
    }
    // A copy: the next forward updates m_u in place while this graph may still need it.
    const auto u = m_u.clone();
    const auto v = torch::nn::functional::normalize(
        torch::mv(matrix.t(), u), torch::nn::functional::NormalizeFuncOptions().dim(0).eps(1e-12));
    const auto sigma = torch::dot(u, torch::mv(matrix, v.detach()));
    return weight / sigma;
}

SNConv2dImpl::SNConv2dImpl(SNConv2dOptions options) : m_options(options) {
    torch::nn::Conv2d init(torch::nn::Conv2dOptions(options.in, options.out, options.kernel));
    m_weight = register_parameter("weight", init->weight.detach().clone());
    m_bias = register_parameter("bias", torch::zeros({options.out}));
    m_norm = SpectralNorm(*this, m_weight);
}

torch::Tensor SNConv2dImpl::forward(const torch::Tensor& input) {
    return torch::conv2d(input, m_norm.normalized(m_weight, is_training()), m_bias,
                         m_options.stride, m_options.padding);
}

SNLinearImpl::SNLinearImpl(int64_t in, int64_t out, bool bias) {
    torch::nn::Linear init(in, out);
    m_weight = register_parameter("weight", init->weight.detach().clone());
    if (bias) m_bias = register_parameter("bias", torch::zeros({out}));
    m_norm = SpectralNorm(*this, m_weight);
}

torch::Tensor SNLinearImpl::weight() {
    return m_norm.normalized(m_weight, is_training());
}

torch::Tensor SNLinearImpl::forward(const torch::Tensor& input) {
    return torch::nn::functional::linear(input, weight(), m_bias);
}

}  // namespace adstudio::models
