// SPDX-License-Identifier: MIT
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace adstudio::models {

// The article's network (section 3.3): fused user and item features in, hidden layers, a
// sigmoid (CTR) or softmax (next item) out.
struct MlpOptions {
    int64_t inputs = 4;               // width of the fused feature vector
    std::vector<int64_t> hidden{10};  // units per hidden layer
    std::string activation = "relu";  // relu | sigmoid | tanh
    double dropout = 0.0;             // after each hidden layer, training only
    int64_t outputs = 1;              // 1 with "sigmoid", classes with "softmax"
    std::string output = "sigmoid";   // sigmoid | softmax | none (logits)
};

class MlpImpl : public torch::nn::Module {
public:
    explicit MlpImpl(MlpOptions options);
    // Probabilities (or logits with output "none").
    torch::Tensor forward(torch::Tensor input);
    // Pre-activation scores, for losses that take logits (BCE-with-logits, cross-entropy).
    torch::Tensor logits(torch::Tensor input);
    const MlpOptions& options() const { return m_options; }

private:
    MlpOptions m_options;
    torch::nn::Sequential m_layers{nullptr};
};
TORCH_MODULE(Mlp);

}  // namespace adstudio::models
