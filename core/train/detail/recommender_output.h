// SPDX-License-Identifier: MIT
// Private to core/train: the files of a recommender model folder.
#pragma once

#include "train/detail/interaction_plan.h"
#include "train/detail/recommender_net.h"

namespace adstudio::detail {

// model.pt, model.json, metrics.json and the embeddings (CSV and float32 binary).
Status writeModelFolder(const QString& folder, RecommenderNet& net,
                        const EncodedInteractions& encoding, const InteractionPlan& plan,
                        const RecommenderConfig& config, const QJsonObject& metrics, int bestEpoch);

}  // namespace adstudio::detail
