// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "project/project_segments.h"
#include "serving/segment_locator.h"
#include "train/recommender.h"

#include <QJsonObject>

#include <memory>
#include <vector>

namespace adstudio {

// When and how serving re-tunes its click model on the clicks it logged.
struct OnlineUpdateSettings {
    bool enabled = false;
    int everyEvents = 2000;     // settled decisions of known users between fine-tunes
    double everyMinutes = 0;    // also after this long with at least 100 new events (0: off)
    int window = 20000;         // the most recent events a fine-tune learns from
    double evidenceKept = 0.5;  // share of the bandit's counts kept when a new model comes in
    bool synchronous = false;   // fine-tune inline (simulations: reproducible); else in background
    // Where an accepted model's weights are kept, so a restart serves with them; empty: not kept.
    QString weightsFolder;
    FineTuneOptions fineTune;
};

// One settled decision of a user the model knows: what a fine-tune learns from.
struct LabeledEvent {
    std::int32_t user = 0, item = 0;
    float label = 0;
};

// How the fine-tuned model did against the one in use on held-out logged events.
struct ModelCheck {
    int trainEvents = 0, heldOutEvents = 0;
    double oldLogloss = 0, newLogloss = 0, oldAuc = 0, newAuc = 0;
    double observedCtr = 0, oldMeanPrediction = 0, newMeanPrediction = 0;  // calibration
    bool accepted = false;
    QString reason;
    QJsonObject toJson() const;
};

struct OnlineUpdate {
    ModelCheck check;
    std::shared_ptr<RecommenderModel> model;  // set when accepted
    std::shared_ptr<SegmentLocator> locator;  // the new model's view of the segments
    QString weightsFile;                      // where its weights were kept; empty: not kept
};

// Fine-tunes `current` on every fifth event held out, and accepts the result only when its
// logloss on the held-out events is lower than the current model's.
Result<OnlineUpdate> fineTuneOnEvents(const RecommenderModel& current,
                                      const std::vector<LabeledEvent>& events,
                                      const ProjectSegments& segments,
                                      const OnlineUpdateSettings& settings);

}  // namespace adstudio
