// SPDX-License-Identifier: MIT
#include "deepfm.h"

namespace adstudio::models {

DeepFMImpl::DeepFMImpl(DeepFMOptions options) : m_options(std::move(options)) {
    // The first-order weight of every code is column 0 of the shared table: one lookup (and one
    // embedding backward) per batch instead of two.
    FieldEmbeddingOptions fields = m_options.fields;
    fields.extra = 1;
    m_embedding = register_module("embedding", FieldEmbedding(fields));
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
    const torch::Tensor looked = m_embedding->forward(categorical, numeric);  // [B, F, 1 + k]
    torch::Tensor logit = m_bias + looked.select(2, 0).sum(1);
    if (!m_options.fm && !m_options.deep) return logit;
    const torch::Tensor vectors = looked.narrow(2, 1, m_options.fields.dim);
    if (m_options.fm) {
        const torch::Tensor sum = vectors.sum(1);
        logit = logit + 0.5 * (sum * sum - (vectors * vectors).sum(1)).sum(1);
    }
    if (m_options.deep) logit = logit + m_deep->forward(vectors.flatten(1)).squeeze(1);
    return logit;
}

}  // namespace adstudio::models
