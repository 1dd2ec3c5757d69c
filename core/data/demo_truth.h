// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QHash>
#include <QStringList>

#include <vector>

namespace adstudio {

// The demo world's hidden truth (truth.json): who belongs to which planted segment and what
// makes them click. The simulator replays it: a user shown an item clicks with the same
// probability as when interactions.csv was written.
struct DemoTruth {
    double baseLogit = 0;
    QStringList categories;
    QStringList segmentNames;
    std::vector<std::vector<double>> affinity;  // [segment][category]
    QHash<QString, int> userSegment;
    QHash<QString, double> userBias;
    QHash<QString, int> itemCategory;
    QHash<QString, double> itemQuality;

    // Click probability of `user` for `item`; -1 when either is unknown.
    double clickProbability(const QString& user, const QString& item) const;
    // The same with a segment's taste in place of the user's own (tastes that drift).
    double clickProbability(const QString& user, const QString& item, int segment) const;
};

// Reads truth.json written by generateDemoWorld (version 2: with user biases and items).
Result<DemoTruth> readDemoTruth(const QString& path);

}  // namespace adstudio
