// SPDX-License-Identifier: MIT
#pragma once
// `train --tune N`: a seeded random search over a model's main settings, each trial judged by
// its best epoch's validation score; the test split is never used to choose.
#include "train/recommender.h"

#include <QJsonObject>

#include <functional>

namespace adstudio {

struct TuneTrial {
    int index = 0;             // 1-based; trial 1 is the settings given (the defaults)
    QJsonObject settings;      // what the search varies: factors, lr, weight decay, ...
    QString validationMetric;  // "hr@10", "auc", "-rmse"
    double validationScore = 0;
    int bestEpoch = 0;
    int epochsRun = 0;
    double seconds = 0;
    QString folder;
};
using TrialCallback = std::function<void(const TuneTrial&)>;

// The settings of trial `index` (2..) for `base`'s model, drawn from base.seed and the index
// alone, so a trial's settings do not depend on how the earlier trials went.
RecommenderConfig sampleTrialConfig(const RecommenderConfig& base, RecommenderTask task, int index);
// The settings a trial varies for the task (negatives only for implicit feedback), as the
// trials table shows them.
QJsonObject trialSettings(const RecommenderConfig& config, RecommenderTask task);
// "factors 32, lr 0.001, ..." for a line or a table cell (the model left out).
QString describeTrialSettings(const QJsonObject& settings);

// Trains `trials` configurations of base.model on the same split (same seed) into
// OUT/trials/NN, trial 1 with `base` itself and its baselines, and copies the best by validation
// into OUT, so OUT is an ordinary model folder. OUT/trials.csv (rewritten after every trial) and
// OUT/tune.json (the best settings, and every trial) say what was tried. `onTrial` hears each
// trial as it ends. Cancelling keeps the trials finished so far.
Result<TrainReport> tuneRecommender(const InteractionData& data, const RecommenderConfig& base,
                                    int trials, const QString& outDir, const JobContext& job = {},
                                    const TrainCallback& onEvent = {},
                                    const TrialCallback& onTrial = {});

}  // namespace adstudio
