// SPDX-License-Identifier: MIT
#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace adstudio::models {

// Neural Collaborative Filtering (He et al., WWW 2017): a GMF tower (element-wise product of
// user and item factors) and an MLP tower over concatenated embeddings, fused by one output unit.
// Mode "mf" is the biased dot product that Rendle et al. (RecSys 2020) show beats it when tuned:
// <p_u, q_i> + b_u + b_i + b, no output layer.
struct NeuMFOptions {
    int64_t users = 0;                           // number of user ids (dense, 0-based)
    int64_t items = 0;                           // number of item ids (dense, 0-based)
    int64_t factors = 8;                         // GMF factors (predictive factors of the paper)
    std::vector<int64_t> layers{64, 32, 16, 8};  // MLP tower widths; embeddings are layers[0]/2
    std::string mode = "neumf";                  // gmf | mlp | neumf | mf
    double dropout = 0.0;                        // after each MLP layer, training only
};

class NeuMFImpl : public torch::nn::Module {
public:
    explicit NeuMFImpl(NeuMFOptions options);
    // Click logits [B] for user and item indices [B] (int64).
    torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items);
    // The paper's pre-training: GMF and MLP weights copied in, output layer blended by alpha.
    void loadPretrained(NeuMFImpl& gmf, NeuMFImpl& mlp, double alpha = 0.5);
    // Learned representations, one row per id (GMF and MLP parts concatenated).
    torch::Tensor userEmbeddings() const;
    torch::Tensor itemEmbeddings() const;
    const NeuMFOptions& options() const { return m_options; }

private:
    bool isMf() const { return m_options.mode == "mf"; }
    bool hasGmf() const { return m_options.mode != "mlp"; }
    bool hasMlp() const { return m_options.mode == "mlp" || m_options.mode == "neumf"; }

    NeuMFOptions m_options;
    torch::nn::Embedding m_gmfUser{nullptr}, m_gmfItem{nullptr};
    torch::nn::Embedding m_mlpUser{nullptr}, m_mlpItem{nullptr};
    torch::nn::Sequential m_tower{nullptr};
    torch::nn::Linear m_predict{nullptr};
    torch::nn::Embedding m_userBias{nullptr}, m_itemBias{nullptr};  // mf only
    torch::Tensor m_globalBias;                                     // mf only
};
TORCH_MODULE(NeuMF);

}  // namespace adstudio::models
