// SPDX-License-Identifier: MIT
#pragma once

#include <torch/torch.h>

#include <vector>

namespace adstudio::models {

// Dense vectors for a row of fields: one embedding per categorical field (codes 0..card-1,
// one table with per-field offsets) and one learned vector per numeric field scaled by its
// value, as in FM. Shared by DeepFM and the fused-feature MLP.
struct FieldEmbeddingOptions {
    std::vector<int64_t> cardinalities;  // vocabulary size per categorical field
    int64_t numeric = 0;                 // number of numeric (standardized) fields
    int64_t dim = 8;                     // embedding width
    int64_t extra = 0;  // leading per-code columns looked up with the vectors (FM weights)
};

class FieldEmbeddingImpl : public torch::nn::Module {
public:
    explicit FieldEmbeddingImpl(FieldEmbeddingOptions options);
    // [B, F + N, extra + dim] for categorical codes [B, F] (int64) and numeric values [B, N].
    torch::Tensor forward(const torch::Tensor& categorical, const torch::Tensor& numeric);
    // Codes shifted into the shared table: [B, F].
    torch::Tensor flatCodes(const torch::Tensor& categorical) const;
    int64_t fields() const { return int64_t(m_options.cardinalities.size()) + m_options.numeric; }
    int64_t totalCodes() const { return m_total; }
    // Embedding rows of one categorical field's codes: [cardinality, dim] (a copy).
    torch::Tensor fieldVectors(int field) const;
    const FieldEmbeddingOptions& options() const { return m_options; }

private:
    FieldEmbeddingOptions m_options;
    int64_t m_total = 0;
    torch::Tensor m_offsets;
    torch::nn::Embedding m_table{nullptr};
    torch::Tensor m_numericVectors;
};
TORCH_MODULE(FieldEmbedding);

}  // namespace adstudio::models
