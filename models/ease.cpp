// SPDX-License-Identifier: MIT
#include "ease.h"

#include <algorithm>

namespace adstudio::models {

EaseImpl::EaseImpl(EaseOptions options) : m_options(options) {
    const int64_t items = std::max<int64_t>(1, m_options.items);
    m_options.dim = std::min(m_options.dim, items);
    m_weights = register_parameter("weights", torch::zeros({items, items}));
    m_history =
        register_buffer("history", torch::zeros({std::max<int64_t>(1, m_options.users), items}));
    m_projection = register_buffer("projection", torch::zeros({items, m_options.dim}));
    if (m_options.sequential) {
        m_rules = register_parameter("rules", torch::zeros({items, items}));
        m_recent = register_buffer("recent", torch::zeros_like(m_history));
    }
}

void EaseImpl::setSequence(const torch::Tensor& recent, const torch::Tensor& rules) {
    TORCH_CHECK(m_options.sequential, "setSequence on an EASE model without sequential rules");
    torch::NoGradGuard noGrad;
    m_recent.copy_(recent);
    m_rules.copy_(rules);
}

torch::Tensor EaseImpl::historyScores() const {
    return m_history.mm(m_weights);
}

torch::Tensor EaseImpl::sequenceScores() const {
    return m_options.sequential ? m_recent.mm(m_rules) : torch::zeros_like(m_history);
}

void EaseImpl::setHistory(const torch::Tensor& history) {
    torch::NoGradGuard noGrad;
    m_history.copy_(history);
    m_gram = history.t().mm(history);
    // A basis of the Gram matrix's leading eigenvectors (the directions along which the users'
    // histories vary most) for compact user and item vectors, found by subspace iteration from
    // a seeded random start: a full eigendecomposition cost more than the solve itself.
    auto basis = torch::randn({m_gram.size(0), m_options.dim}, m_gram.options());
    for (int i = 0; i < 3; ++i) basis = std::get<0>(torch::linalg_qr(m_gram.mm(basis)));
    m_projection.copy_(basis);
}

void EaseImpl::solve(double lambda) {
    torch::NoGradGuard noGrad;
    // Double precision: the Gram matrix of a large log is badly conditioned for small λ.
    auto regularized = m_gram.to(torch::kDouble).clone();
    regularized.diagonal().add_(lambda);
    const auto precision = torch::linalg_inv(regularized);
    auto b = precision / (-precision.diagonal()).unsqueeze(0);
    b.diagonal().zero_();
    m_weights.copy_(b.to(torch::kFloat));
}

torch::Tensor EaseImpl::forward(const torch::Tensor& users, const torch::Tensor& items) {
    // Scoring lists (many items per user: evaluation, recommendations) multiplies each distinct
    // user's history by B once; a training batch of scattered pairs gathers pair by pair.
    const auto [distinct, inverse] =
        torch::_unique(users, /*sorted=*/false, /*return_inverse=*/true);
    if (users.size(0) >= 4 * distinct.size(0)) {
        auto scores = m_history.index_select(0, distinct).mm(m_weights);
        if (m_options.sequential) scores = scores + m_recent.index_select(0, distinct).mm(m_rules);
        return scores.index({inverse, items});
    }
    auto scores = (m_history.index_select(0, users) * m_weights.index_select(1, items).t()).sum(1);
    if (m_options.sequential)
        scores =
            scores + (m_recent.index_select(0, users) * m_rules.index_select(1, items).t()).sum(1);
    return scores;
}

torch::Tensor EaseImpl::userVectors() const {
    auto vectors = m_history.mm(m_weights.mm(m_projection));
    if (m_options.sequential) vectors = vectors + m_recent.mm(m_rules.mm(m_projection));
    return vectors;
}

torch::Tensor EaseImpl::itemVectors() const {
    return m_weights.mm(m_projection);
}

}  // namespace adstudio::models
