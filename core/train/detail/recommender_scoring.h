// SPDX-License-Identifier: MIT
// Private to core/train: scoring held-out sets with a network or a baseline, and their metrics.
#pragma once

#include "train/detail/interaction_plan.h"
#include "train/detail/recommender_net.h"

#include <QJsonObject>

#include <functional>

namespace adstudio::detail {

// Probabilities (ratings for the rating task) for (user, item[, row]) triples, in eval mode
// without gradients, in large batches. `rows` may be empty (no context).
// `calibrated` false: the network's own probabilities, before Platt scaling.
std::vector<float> scoreTriples(RecommenderNet& net, RecommenderTask task,
                                const std::vector<std::int32_t>& users,
                                const std::vector<std::int32_t>& items,
                                const std::vector<std::int64_t>& rows, bool calibrated = true);

// Platt scaling fitted to a click model's probabilities and their labels (the validation
// split); identity when the fit fails or would invert the ranking.
Calibration fitCalibration(const std::vector<float>& probabilities,
                           const std::vector<float>& labels);

// Scores in the layout metricsFromScores expects: implicit lists [positive, negatives...] per
// entry, else one score per row.
std::vector<float> scoreEvalSet(RecommenderNet& net, RecommenderTask task, const EvalSet& set);
using ItemScoreFn = std::function<float(std::int32_t user, std::int32_t item)>;
std::vector<float> scoreEvalSet(const ItemScoreFn& score, const EvalSet& set);

// Metrics with `prefix` on each key: hr@K, ndcg@K (implicit); auc, logloss, accuracy (CTR);
// rmse, mae (rating).
QJsonObject metricsFromScores(RecommenderTask task, const EvalSet& set,
                              const std::vector<float>& scores, int k, const QString& prefix);
// Recall@K over all items for each held-out user, training items excluded. `scoreAll` gives
// one user's scores for every item.
double fullRankingRecall(const std::function<std::vector<float>(std::int32_t)>& scoreAll,
                         const EvalSet& set, const std::vector<std::vector<std::int32_t>>& seen,
                         int k);
std::vector<float> scoreAllItems(RecommenderNet& net, RecommenderTask task, std::int32_t user,
                                 int items);

// The model's metrics on the test set (plus Recall@K for implicit feedback).
QJsonObject testMetrics(RecommenderNet& net, const EncodedInteractions& encoding,
                        const InteractionPlan& plan, const RecommenderConfig& config);
// Baselines that need no training, on the same test set: ItemPop and random (implicit), the
// training label mean (CTR), the mean rating (rating).
QJsonObject baselineMetrics(const EncodedInteractions& encoding, const InteractionPlan& plan,
                            const RecommenderConfig& config);

}  // namespace adstudio::detail
