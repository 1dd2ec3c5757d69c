// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "train/recommender.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace adstudio {

struct SegmentationOptions {
    int k = 0;  // fixed number of segments; 0 chooses by silhouette in [kMin, kMax]
    int kMin = 3;
    int kMax = 8;
    // What a user is: "affinity" (the recommender's predicted click logits averaged per item
    // category, standardized), "embedding" (the learned user vector) or "both".
    QString representation = "affinity";
    // Item field that groups items for affinity and names; empty: the model's category column.
    QString categoryField;
    QString ageField = "age_band";  // user field used in names ("Sneaker fans, 18-24")
    int attempts = 4;               // k-means restarts (best compactness kept)
    std::uint64_t seed = 42;
};

struct SegmentProfile {
    int id = 0;
    QString name;  // "Sneaker fans, 18-24"
    int size = 0;
    double share = 0;
    QStringList topCategories;  // by lift of predicted affinity over all users
    QStringList topItems;       // item ids by mean predicted CTR within the segment
    std::vector<float> topItemCtr;
    double meanPredictedCtr = 0;  // over the segment's users and its top items
    QJsonObject demographics;     // field -> {"value": share} of the most common values
    QJsonObject toJson() const;
    static SegmentProfile fromJson(const QJsonObject& json);
};

struct Segmentation {
    int k = 0;
    double silhouette = 0;
    std::vector<int> assignment;  // per user (the model's dense user order)
    std::vector<float> map;       // per user x, y (PCA of the representation)
    std::vector<SegmentProfile> profiles;
    std::vector<std::pair<int, double>> silhouetteByK;  // tried k and its silhouette
};

// Segments the model's users (k-means++ with OpenCV), profiles and names them, and projects
// them to 2-D. Seeded: the same model and seed give the same segments.
Result<Segmentation> segmentUsers(const RecommenderModel& model, const SegmentationOptions& options,
                                  const JobContext& job = {});

// Adjusted Rand index of two labelings (Hubert & Arabie 1985): 1 identical, ~0 random.
double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b);
// Mean silhouette of rows (row-major, `dim` wide) under `labels`, on at most `sample` rows.
double silhouetteScore(const std::vector<float>& rows, int dim, const std::vector<int>& labels,
                       int sample, std::uint64_t seed);

}  // namespace adstudio
