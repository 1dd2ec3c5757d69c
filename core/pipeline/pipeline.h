// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "train/training_events.h"

#include <QJsonObject>

namespace adstudio {

// The main job: data -> recommender -> segments -> GAN -> creatives -> export, leaving a
// project folder (project.json, data/, model/, gan/, segments.json, creatives/, export/).
struct PipelineOptions {
    QString projectDir;
    bool demo = false;  // generate the built-in demo world into projectDir/data
    QString dataPath;   // otherwise: the user's interactions (CSV folder with items.csv)
    bool fast = false;  // about a minute on 2 cores (CI); default about 5-10 minutes
    std::uint64_t seed = 42;
    int threads = 0;
};

struct StageTiming {
    QString name;
    double seconds = 0;
};

struct PipelineSummary {
    QJsonObject project;  // project.json
    std::vector<StageTiming> stages;
    int segments = 0, sizes = 0, creatives = 0, dropped = 0;
    double meanPredictedCtr = 0;
    QString exportFolder;
    QString table() const;  // the closing summary printed by `run`
};

Result<PipelineSummary> runPipeline(const PipelineOptions& options, const JobContext& job = {},
                                    const TrainCallback& onEvent = {});

}  // namespace adstudio
