// SPDX-License-Identifier: MIT
#pragma once
// `train --model auto`: several recommenders trained on the same split, the one with the best
// validation score kept. The test split is never used to choose.
#include "train/recommender.h"

#include <vector>

namespace adstudio {

// The candidates for a data set: implicit feedback trains NeuMF and biased MF; a click or rating
// label trains DeepFM and the article's MLP (logistic regression is every run's baseline).
std::vector<RecommenderKind> selectionCandidates(const InteractionData& data, RecommenderTask task);

// Makes OUT's files those of a trained model folder (its subfolders stay as they are).
Status adoptModelFolder(const QString& modelDir, const QString& outDir);

// What the user set, kept for every candidate; the rest is each candidate's own default.
struct ChosenSettings {
    bool layers = false;
    bool learningRate = false;
    bool weightDecay = false;
};

// Trains each candidate into OUT/candidates/NAME with `config` (its model and the settings not
// `chosen` replaced by the candidate's defaults), then copies the best by validation
// score into OUT itself, so OUT is an ordinary model folder. OUT/selection.json lists every
// candidate's validation and test metrics and the one chosen; the report's metrics carry the
// same under "selection".
Result<TrainReport> trainBestRecommender(const InteractionData& data, RecommenderConfig config,
                                         ChosenSettings chosen, const QString& outDir,
                                         const JobContext& job = {},
                                         const TrainCallback& onEvent = {});

}  // namespace adstudio
