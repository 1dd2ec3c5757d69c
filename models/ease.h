// SPDX-License-Identifier: MIT
#pragma once

#include <torch/torch.h>

namespace adstudio::models {

// EASE^R (Steck, WWW 2019): a linear item-item model with a zero diagonal, solved in closed form
// from the Gram matrix of the user-item history: B = I - P diagMat(1 / diag(P)), P = (X'X + λI)^-1.
// A user's score for an item is the sum of B[j, item] over the items j in the user's history.
// B is a parameter, so serving's online updates can refine it by gradient like any other model.
//
// With `sequential`, a second item-item matrix R of sequential rules (Ludewig & Jannach 2018:
// how often, and how soon, item b followed item a in the users' histories) scores what usually
// comes next after each user's most recent items: score = history x B + recent x R. The
// history may then be weighted by recency too; both weightings are the trainer's.
struct EaseOptions {
    int64_t users = 1;
    int64_t items = 1;
    int64_t dim = 64;  // width of the projected vectors that stand for users and items
    bool sequential = false;
};

class EaseImpl : public torch::nn::Module {
public:
    explicit EaseImpl(EaseOptions options);
    // Sets the 0/1 history [users, items] and its Gram matrix; solve() then fits B.
    void setHistory(const torch::Tensor& history);
    // B for the regularization λ (> 0), from the Gram matrix of the history last set.
    void solve(double lambda);
    // Sequential model only: each user's recent items, weighted [users, items], and the rules R
    // [items, items], already scaled to weigh against B as the trainer chose.
    void setSequence(const torch::Tensor& recent, const torch::Tensor& rules);
    // Scores [N] for user and item indices [N] (int64).
    torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items);
    // Users' predicted item scores (history x B) and B's rows, projected on the Gram matrix's
    // leading eigenvectors: compact vectors for segments and item similarity.
    torch::Tensor userVectors() const;
    torch::Tensor itemVectors() const;
    const torch::Tensor& weights() const { return m_weights; }
    const torch::Tensor& history() const { return m_history; }
    // Scores of every item for every user, each part alone (the trainer balances them).
    torch::Tensor historyScores() const;
    torch::Tensor sequenceScores() const;
    const EaseOptions& options() const { return m_options; }

private:
    EaseOptions m_options;
    torch::Tensor m_weights;     // B [items, items]
    torch::Tensor m_history;     // X [users, items], 0/1
    torch::Tensor m_projection;  // [items, dim]
    torch::Tensor m_gram;        // X'X while fitting; not saved
    torch::Tensor m_rules;       // R [items, items] (sequential only)
    torch::Tensor m_recent;      // [users, items] (sequential only)
};
TORCH_MODULE(Ease);

}  // namespace adstudio::models
