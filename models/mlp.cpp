// SPDX-License-Identifier: MIT
#include "mlp.h"

#include <stdexcept>

namespace adstudio::models {

MlpImpl::MlpImpl(MlpOptions options) : m_options(std::move(options)) {
    torch::nn::Sequential layers;
    int64_t width = m_options.inputs;
    for (const int64_t units : m_options.hidden) {
        layers->push_back(torch::nn::Linear(width, units));
        if (m_options.activation == "relu")
            layers->push_back(torch::nn::ReLU());
        else if (m_options.activation == "sigmoid")
            layers->push_back(torch::nn::Sigmoid());
        else if (m_options.activation == "tanh")
            layers->push_back(torch::nn::Tanh());
        else
            throw std::invalid_argument("Mlp: activation must be relu, sigmoid or tanh");
        if (m_options.dropout > 0) layers->push_back(torch::nn::Dropout(m_options.dropout));
        width = units;
    }
    layers->push_back(torch::nn::Linear(width, m_options.outputs));
    if (m_options.output != "sigmoid" && m_options.output != "softmax" &&
        m_options.output != "none")
        throw std::invalid_argument("Mlp: output must be sigmoid, softmax or none");
    m_layers = register_module("layers", layers);
}

torch::Tensor MlpImpl::logits(torch::Tensor input) {
    return m_layers->forward(input);
}

torch::Tensor MlpImpl::forward(torch::Tensor input) {
    auto scores = logits(std::move(input));
    if (m_options.output == "sigmoid") return torch::sigmoid(scores);
    if (m_options.output == "softmax") return torch::softmax(scores, -1);
    return scores;
}

}  // namespace adstudio::models
