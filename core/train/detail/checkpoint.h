// SPDX-License-Identifier: MIT
// Private to core/train: the checkpoint every trainer writes after each epoch and resumes from.
#pragma once

#include "common/error.h"
#include "train/detail/flat_optimizer.h"

#include <torch/torch.h>

#include <QJsonObject>

#include <string>
#include <utility>
#include <vector>

namespace adstudio::detail {

// What a checkpoint holds besides the loop's state: named modules and their optimizers.
struct CheckpointParts {
    std::vector<std::pair<std::string, torch::nn::Module*>> modules;
    std::vector<std::pair<std::string, FlatOptimizer*>> optimizers;
};

// Writes `parts`, `extra` tensors (a best epoch's weights), the loop's `state` and the
// `config` it was trained with, atomically.
Status saveCheckpoint(const QString& path, const CheckpointParts& parts, QJsonObject state,
                      const QJsonObject& config, const std::vector<torch::Tensor>& extra = {});

// Reads a checkpoint into `parts` (and `extra`) and returns the loop's state. Refused, with
// "train from the start" as the remedy, when it was trained with another config (its epochs
// and threads may differ) or does not fit the modules.
Result<QJsonObject> loadCheckpoint(const QString& path, const CheckpointParts& parts,
                                   const QJsonObject& config,
                                   std::vector<torch::Tensor>* extra = nullptr);

}  // namespace adstudio::detail
