// SPDX-License-Identifier: MIT
#include "field_embedding.h"

#include <stdexcept>

namespace adstudio::models {

FieldEmbeddingImpl::FieldEmbeddingImpl(FieldEmbeddingOptions options)
    : m_options(std::move(options)) {
    if (fields() == 0) throw std::invalid_argument("FieldEmbedding: needs at least one field");
    std::vector<int64_t> offsets;
    for (const int64_t cardinality : m_options.cardinalities) {
        if (cardinality <= 0) throw std::invalid_argument("FieldEmbedding: empty vocabulary");
        offsets.push_back(m_total);
        m_total += cardinality;
    }
    m_offsets = register_buffer("offsets", torch::tensor(offsets, torch::kLong));
    const int64_t width = m_options.extra + m_options.dim;
    m_table = register_module("table", torch::nn::Embedding(std::max<int64_t>(1, m_total), width));
    torch::nn::init::normal_(m_table->weight, 0.0, 0.01);
    m_numericVectors = register_parameter(
        "numeric", torch::randn({std::max<int64_t>(1, m_options.numeric), width}) * 0.01);
    if (m_options.extra > 0) {
        torch::NoGradGuard noGrad;
        m_table->weight.narrow(1, 0, m_options.extra).zero_();
        m_numericVectors.narrow(1, 0, m_options.extra).zero_();
    }
}

torch::Tensor FieldEmbeddingImpl::flatCodes(const torch::Tensor& categorical) const {
    return categorical + m_offsets.unsqueeze(0);
}

torch::Tensor FieldEmbeddingImpl::fieldVectors(int field) const {
    torch::NoGradGuard noGrad;
    const auto& cards = m_options.cardinalities;
    int64_t offset = 0;
    for (int i = 0; i < field; ++i) offset += cards[std::size_t(i)];
    return m_table->weight.narrow(0, offset, cards[std::size_t(field)])
        .narrow(1, m_options.extra, m_options.dim)
        .clone();
}

torch::Tensor FieldEmbeddingImpl::forward(const torch::Tensor& categorical,
                                          const torch::Tensor& numeric) {
    std::vector<torch::Tensor> parts;
    if (!m_options.cardinalities.empty()) parts.push_back(m_table->forward(flatCodes(categorical)));
    if (m_options.numeric > 0)
        parts.push_back(numeric.unsqueeze(2) * m_numericVectors.unsqueeze(0));
    return parts.size() == 1 ? parts.front() : torch::cat(parts, 1);
}

}  // namespace adstudio::models
