// SPDX-License-Identifier: MIT
#pragma once

#include "field_embedding.h"

#include <torch/torch.h>

#include <vector>

namespace adstudio::models {

// DeepFM (Guo et al., IJCAI 2017): a factorization machine (first- and second-order terms) and
// a deep MLP sharing one field embedding. With `fm` and `deep` both off it is logistic
// regression over the same fields, the CTR baseline.
struct DeepFMOptions {
    FieldEmbeddingOptions fields;          // categorical vocabularies, numeric count, width
    std::vector<int64_t> hidden{128, 64};  // deep part widths
    double dropout = 0.0;                  // after each deep layer, training only
    bool fm = true;                        // second-order interactions
    bool deep = true;                      // the MLP part
};

class DeepFMImpl : public torch::nn::Module {
public:
    explicit DeepFMImpl(DeepFMOptions options);
    // Click logits [B].
    torch::Tensor forward(const torch::Tensor& categorical, const torch::Tensor& numeric);
    const FieldEmbedding& embedding() const { return m_embedding; }
    const DeepFMOptions& options() const { return m_options; }

private:
    DeepFMOptions m_options;
    FieldEmbedding m_embedding{nullptr};
    torch::Tensor m_bias;
    torch::nn::Sequential m_deep{nullptr};
};
TORCH_MODULE(DeepFM);

}  // namespace adstudio::models
