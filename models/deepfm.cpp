// SPDX-License-Identifier: MIT
#include "deepfm.h"

namespace adstudio::models {

DeepFMImpl::DeepFMImpl(DeepFMOptions options) : m_options(std::move(options)) {
    m_embedding = register_module("embedding", FieldEmbedding(m_options.fields));
    m_linear = register_module(
        "linear", torch::nn::Embedding(std::max<int64_t>(1, m_embedding->totalCodes()), 1));
    torch::nn::init::zeros_(m_linear->weight);
    m_linearNumeric = register_module(
        "linear_numeric",
        torch::nn::Linear(torch::nn::LinearOptions(std::max<int64_t>(1, m_options.fields.numeric), 1)
                              .bias(false)));
    m_bias = register_parameter("bias", torch::zeros({1}));
    if (m_options.deep) {
        torch::nn::Sequential deep;
        int64_t width = m_embedding->fields() * m_options.fields.dim;
        for (const int64_t units : m_options.hidden) {
            deep->push_back(torch::nn::Linear(width, units));
            deep->push_back(torch::nn::ReLU());
            if (m_options.dropout > 0) deep->push_back(torch::nn::Dropout(m_options.dropout));
            width = units;
        }
        deep->push_back(torch::nn::Linear(width, 1));
        m_deep = register_module("deep", deep);
    }
}

torch::Tensor DeepFMImpl::forward(const torch::Tensor& categorical, const torch::Tensor& numeric) {
    const int64_t batch = categorical.defined() ? categorical.size(0) : numeric.size(0);
    torch::Tensor logit = m_bias.expand({batch});
    if (!m_options.fields.cardinalities.empty())
        logit = logit + m_linear->forward(m_embedding->flatCodes(categorical)).sum({1, 2});
    if (m_options.fields.numeric > 0) logit = logit + m_linearNumeric->forward(numeric).squeeze(1);
    if (!m_options.fm && !m_options.deep) return logit;
    const torch::Tensor vectors = m_embedding->forward(categorical, numeric);  // [B, F, k]
    if (m_options.fm) {
        const torch::Tensor sum = vectors.sum(1);
        logit = logit + 0.5 * (sum * sum - (vectors * vectors).sum(1)).sum(1);
    }
    if (m_options.deep) logit = logit + m_deep->forward(vectors.flatten(1)).squeeze(1);
    return logit;
}

}  // namespace adstudio::models
