// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "segments/segmentation.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace adstudio {

// Where one user sits: its segment and its point on the 2-D map.
struct UserPlacement {
    QString userId;
    int segment = 0;
    float x = 0, y = 0;
};

// segments.json, typed: the segment profiles and every user's placement.
struct ProjectSegments {
    int k = 0;
    double silhouette = 0;
    std::vector<SegmentProfile> profiles;
    std::vector<std::pair<int, double>> silhouetteByK;
    std::vector<UserPlacement> users;

    bool isEmpty() const { return profiles.empty(); }
    // `userIds` in the model's dense order, as Segmentation::assignment is.
    static ProjectSegments from(const Segmentation& segmentation, const QStringList& userIds);
    QJsonObject toJson() const;
    static Result<ProjectSegments> fromJson(const QJsonObject& json, const QString& file);
};

}  // namespace adstudio
