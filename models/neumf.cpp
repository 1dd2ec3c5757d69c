// SPDX-License-Identifier: MIT
#include "neumf.h"

#include <stdexcept>

namespace adstudio::models {

NeuMFImpl::NeuMFImpl(NeuMFOptions options) : m_options(std::move(options)) {
    if (m_options.mode != "gmf" && m_options.mode != "mlp" && m_options.mode != "neumf" &&
        m_options.mode != "mf")
        throw std::invalid_argument("NeuMF: mode must be gmf, mlp, neumf or mf");
    if (m_options.users <= 0 || m_options.items <= 0)
        throw std::invalid_argument("NeuMF: needs at least one user and one item");
    if (hasMlp() && (m_options.layers.empty() || m_options.layers.front() % 2 != 0))
        throw std::invalid_argument("NeuMF: the first MLP layer width must be even");
    int64_t fused = 0;
    if (hasGmf()) {
        m_gmfUser =
            register_module("gmf_user", torch::nn::Embedding(m_options.users, m_options.factors));
        m_gmfItem =
            register_module("gmf_item", torch::nn::Embedding(m_options.items, m_options.factors));
        torch::nn::init::normal_(m_gmfUser->weight, 0.0, 0.01);
        torch::nn::init::normal_(m_gmfItem->weight, 0.0, 0.01);
        fused += m_options.factors;
    }
    if (hasMlp()) {
        const int64_t half = m_options.layers.front() / 2;
        m_mlpUser = register_module("mlp_user", torch::nn::Embedding(m_options.users, half));
        m_mlpItem = register_module("mlp_item", torch::nn::Embedding(m_options.items, half));
        torch::nn::init::normal_(m_mlpUser->weight, 0.0, 0.01);
        torch::nn::init::normal_(m_mlpItem->weight, 0.0, 0.01);
        torch::nn::Sequential tower;
        for (std::size_t i = 1; i < m_options.layers.size(); ++i) {
            torch::nn::Linear linear(m_options.layers[i - 1], m_options.layers[i]);
            torch::nn::init::xavier_uniform_(linear->weight);
            torch::nn::init::zeros_(linear->bias);
            tower->push_back(linear);
            tower->push_back(torch::nn::ReLU());
            if (m_options.dropout > 0) tower->push_back(torch::nn::Dropout(m_options.dropout));
        }
        m_tower = register_module("tower", tower);
        fused += m_options.layers.back();
    }
    if (isMf()) {
        m_userBias = register_module("user_bias", torch::nn::Embedding(m_options.users, 1));
        m_itemBias = register_module("item_bias", torch::nn::Embedding(m_options.items, 1));
        torch::nn::init::zeros_(m_userBias->weight);
        torch::nn::init::zeros_(m_itemBias->weight);
        m_globalBias = register_parameter("global_bias", torch::zeros({1}));
        return;
    }
    m_predict = register_module("predict", torch::nn::Linear(fused, 1));
    torch::nn::init::kaiming_uniform_(m_predict->weight, 1.0, torch::kFanIn, torch::kSigmoid);
    torch::nn::init::zeros_(m_predict->bias);
}

torch::Tensor NeuMFImpl::forward(const torch::Tensor& users, const torch::Tensor& items) {
    if (isMf()) {
        return (m_gmfUser->forward(users) * m_gmfItem->forward(items)).sum(1) +
               m_userBias->forward(users).squeeze(1) + m_itemBias->forward(items).squeeze(1) +
               m_globalBias;
    }
    torch::Tensor gmf, mlp;
    if (hasGmf()) gmf = m_gmfUser->forward(users) * m_gmfItem->forward(items);
    if (hasMlp()) {
        mlp = torch::cat({m_mlpUser->forward(users), m_mlpItem->forward(items)}, 1);
        if (!m_tower->is_empty()) mlp = m_tower->forward(mlp);
    }
    torch::Tensor fused = !hasMlp() ? gmf : !hasGmf() ? mlp : torch::cat({gmf, mlp}, 1);
    return m_predict->forward(fused).squeeze(1);
}

void NeuMFImpl::loadPretrained(NeuMFImpl& gmf, NeuMFImpl& mlp, double alpha) {
    if (m_options.mode != "neumf" || gmf.m_options.mode != "gmf" || mlp.m_options.mode != "mlp")
        throw std::invalid_argument("NeuMF::loadPretrained: expects a NeuMF, a GMF and an MLP");
    torch::NoGradGuard noGrad;
    m_gmfUser->weight.copy_(gmf.m_gmfUser->weight);
    m_gmfItem->weight.copy_(gmf.m_gmfItem->weight);
    m_mlpUser->weight.copy_(mlp.m_mlpUser->weight);
    m_mlpItem->weight.copy_(mlp.m_mlpItem->weight);
    const auto ours = m_tower->parameters();
    const auto theirs = mlp.m_tower->parameters();
    for (std::size_t i = 0; i < ours.size(); ++i) ours[i].copy_(theirs[i]);
    const int64_t split = m_options.factors;
    m_predict->weight.narrow(1, 0, split).copy_(alpha * gmf.m_predict->weight);
    m_predict->weight.narrow(1, split, m_predict->weight.size(1) - split)
        .copy_((1 - alpha) * mlp.m_predict->weight);
    m_predict->bias.copy_(alpha * gmf.m_predict->bias + (1 - alpha) * mlp.m_predict->bias);
}

torch::Tensor NeuMFImpl::userEmbeddings() const {
    torch::NoGradGuard noGrad;
    if (!hasMlp()) return m_gmfUser->weight.clone();
    if (!hasGmf()) return m_mlpUser->weight.clone();
    return torch::cat({m_gmfUser->weight, m_mlpUser->weight}, 1);
}

torch::Tensor NeuMFImpl::itemEmbeddings() const {
    torch::NoGradGuard noGrad;
    if (!hasMlp()) return m_gmfItem->weight.clone();
    if (!hasGmf()) return m_mlpItem->weight.clone();
    return torch::cat({m_gmfItem->weight, m_mlpItem->weight}, 1);
}

}  // namespace adstudio::models
