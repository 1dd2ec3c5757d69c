// SPDX-License-Identifier: MIT
// Private to core/train: scoring held-out sets with a network or a baseline, and their metrics.
#pragma once

#include "train/detail/interaction_plan.h"
#include "train/detail/recommender_net.h"

#include <QJsonObject>

#include <functional>

namespace adstudio::detail {

// Who scores a held-out set: in data-parallel training each of `ranks` processes scores every
// `ranks`-th batch of it, and `sum` (a sum over the ranks, in place) then gives every rank all
// the scores. The batches are one process's, so the scores are its numbers bit for bit. One
// process: rank 0 of 1, no sum.
struct ScoringShare {
    int rank = 0, ranks = 1;
    std::function<void(torch::Tensor&)> sum;
    bool mine(std::int64_t batch) const { return batch % ranks == rank; }
};

// Probabilities (ratings for the rating task) for (user, item[, row]) triples, in eval mode
// without gradients, in large batches. `rows` may be empty (no context).
// `calibrated` false: the network's own probabilities, before Platt scaling.
std::vector<float> scoreTriples(RecommenderNet& net, RecommenderTask task,
                                const std::vector<std::int32_t>& users,
                                const std::vector<std::int32_t>& items,
                                const std::vector<std::int64_t>& rows, bool calibrated = true,
                                const ScoringShare& share = {});

// Platt scaling fitted to a click model's probabilities and their labels (the validation
// split); identity when the fit fails or would invert the ranking.
Calibration fitCalibration(const std::vector<float>& probabilities,
                           const std::vector<float>& labels);

// Scores in the layout metricsFromScores expects: implicit lists [positive, negatives...] per
// entry, else one score per row; shared, every rank returns them all.
std::vector<float> scoreEvalSet(RecommenderNet& net, RecommenderTask task, const EvalSet& set,
                                const ScoringShare& share = {});
using ItemScoreFn = std::function<float(std::int32_t user, std::int32_t item)>;
std::vector<float> scoreEvalSet(const ItemScoreFn& score, const EvalSet& set);

// Metrics with `prefix` on each key: hr@K, ndcg@K (implicit); auc, logloss, accuracy (CTR);
// rmse, mae (rating).
QJsonObject metricsFromScores(RecommenderTask task, const EvalSet& set,
                              const std::vector<float>& scores, int k, const QString& prefix);
// Recall@K over all items for each held-out user, training items excluded. `scoreAll` gives
// a block of users' scores for every item: `items` per user, one user after another.
using BlockScoreFn = std::function<std::vector<float>(const std::vector<std::int32_t>& users)>;
double fullRankingRecall(const BlockScoreFn& scoreAll, const EvalSet& set,
                         const std::vector<std::vector<std::int32_t>>& seen, int items, int k,
                         const ScoringShare& share = {});
// Every item's score for each of `users`, in scoreTriples' large batches.
std::vector<float> scoreAllItems(RecommenderNet& net, RecommenderTask task,
                                 const std::vector<std::int32_t>& users, int items);

// The model's metrics on the test set (plus Recall@K for implicit feedback), the scoring shared
// as `share` says; every rank returns them.
QJsonObject testMetrics(RecommenderNet& net, const EncodedInteractions& encoding,
                        const InteractionPlan& plan, const RecommenderConfig& config,
                        const ScoringShare& share = {});
// Baselines that need no training, on the same test set: ItemPop and random (implicit), the
// training label mean (CTR), the mean rating (rating).
QJsonObject baselineMetrics(const EncodedInteractions& encoding, const InteractionPlan& plan,
                            const RecommenderConfig& config);

}  // namespace adstudio::detail
