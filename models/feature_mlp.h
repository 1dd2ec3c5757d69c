// SPDX-License-Identifier: MIT
#pragma once

#include "field_embedding.h"
#include "mlp.h"

namespace adstudio::models {

// The article's recommender (section 3): the user's and the item's features fused into one
// input vector (field embeddings, the dense form of the article's one-hot encoding) and fed
// through its MLP to a click probability.
struct FeatureMlpOptions {
    FieldEmbeddingOptions fields;         // categorical vocabularies, numeric count, width
    std::vector<int64_t> hidden{64, 32};  // hidden layer widths
    std::string activation = "relu";      // relu | sigmoid | tanh
    double dropout = 0.0;                 // after each hidden layer, training only
};

class FeatureMlpImpl : public torch::nn::Module {
public:
    explicit FeatureMlpImpl(FeatureMlpOptions options);
    // Click logits [B].
    torch::Tensor forward(const torch::Tensor& categorical, const torch::Tensor& numeric);
    const FeatureMlpOptions& options() const { return m_options; }
    const FieldEmbedding& embedding() const { return m_embedding; }

private:
    FeatureMlpOptions m_options;
    FieldEmbedding m_embedding{nullptr};
    Mlp m_mlp{nullptr};
};
TORCH_MODULE(FeatureMlp);

}  // namespace adstudio::models
