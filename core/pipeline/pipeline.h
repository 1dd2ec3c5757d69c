// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/data_settings.h"
#include "train/training_events.h"

#include <QJsonObject>

namespace adstudio {

// The main job: data -> recommender -> segments -> GAN -> creatives -> export, leaving a
// project folder (project.json, data/, model/, gan/, segments.json, creatives/, export/).
// Over an existing project it completes it: the project's data and column settings, its model
// and GAN unless `retrain`, its reviewed creatives kept (pending ones composed anew).
struct PipelineOptions {
    QString projectDir;
    bool demo = false;  // generate the built-in demo world into projectDir/data
    QString dataPath;   // otherwise: the user's tables (a file or a folder); empty: the project's
    // Which file is which table, column roles, brand, currency; saved in the project. Unset: the
    // project's own (a new project: inferred from names and contents).
    std::optional<DataSettings> dataSettings;
    // A brand kit (brand.json) to keep in the project and apply to every creative; empty: the
    // project's own, if it has one.
    QString brandKitFile;
    bool fast = false;     // about a minute on 2 cores (CI); default about 5-10 minutes
    bool retrain = false;  // train model and GAN even when the project has them
    std::uint64_t seed = 42;
    int threads = 0;
};

struct StageTiming {
    QString name;
    double seconds = 0;
};

struct PipelineSummary {
    QJsonObject project;  // project.json, with the segments' summary
    std::vector<StageTiming> stages;
    int segments = 0, sizes = 0, creatives = 0, dropped = 0;
    QStringList droppedReasons;  // "4 dropped: text does not fit its box"
    QString ganImages;           // what the GAN learnt from
    double meanPredictedCtr = 0;
    QString exportFolder;
    QString table() const;  // the closing summary printed by `run`
};

Result<PipelineSummary> runPipeline(const PipelineOptions& options, const JobContext& job = {},
                                    const TrainCallback& onEvent = {});

}  // namespace adstudio
