// SPDX-License-Identifier: MIT
// Private to core/train: which rows train, validate and test, and the sampled negatives.
#pragma once

#include "common/random.h"
#include "train/interaction_encoding.h"
#include "train/recommender.h"

#include <vector>

namespace adstudio::detail {

// Held-out examples. Implicit feedback: one positive per user ranked against sampled negatives
// (`negatives` holds `negativesPerRow` item indices per entry). CTR and ratings: labelled rows.
struct EvalSet {
    std::vector<std::int32_t> users;
    std::vector<std::int32_t> items;
    std::vector<std::int32_t> negatives;
    int negativesPerRow = 0;
    std::vector<std::int64_t> rows;  // CTR/rating: rows of the encoding (context features)
    std::vector<float> labels;       // CTR/rating
    std::int64_t size() const { return std::int64_t(users.size()); }
};

struct InteractionPlan {
    std::vector<std::int64_t> trainRows;
    EvalSet validation;
    EvalSet test;
    // Per user, sorted item indices seen in training (excluded from sampled negatives and from
    // recommendations).
    std::vector<std::vector<std::int32_t>> seen;
    std::vector<float> itemCounts;  // training popularity (the ItemPop baseline)
    bool givenTest = false;         // test came from the source (NCF files)
};

// Implicit: per-user leave-last-out by time (test, then validation when patience > 0), or the
// source's own test split and negatives; ids seen only there are added to the encoding.
// CTR/rating: a seeded 80/10/10 random split of rows.
Result<InteractionPlan> planInteractions(EncodedInteractions& encoding, const InteractionData& data,
                                         const RecommenderConfig& config);

// Which of an epoch's examples a process trains on: in data-parallel training each rank takes
// its share of every global batch of `batch` examples ([size * rank / ranks, size * (rank + 1) /
// ranks) of it, the step's split), not the whole epoch.
struct EpochShare {
    std::int64_t batch = 1;
    int rank = 0, ranks = 1;
};

// One epoch's examples in training order, this rank's share only: ids as int64 (what the
// embedding lookups take), `rows` only when asked for (-1 for a sampled negative).
struct EpochExamples {
    std::vector<std::int64_t> users, items, rows;
    std::vector<float> labels;
    // Global batch b is [batchStarts[b], batchStarts[b + 1]) of these arrays.
    std::vector<std::int64_t> batchStarts;
    std::int64_t total = 0;  // the epoch's examples over all ranks
};
// Training examples for one epoch: each positive with `negatives` items the user has not seen,
// shuffled. Every rank draws the whole epoch's negatives and order from `rng` (so the ranks
// agree, and one process trains on what N ranks do together), but keeps only its share.
EpochExamples epochExamples(const EncodedInteractions& encoding, const InteractionPlan& plan,
                            int negatives, Rng& rng, const EpochShare& share, bool withRows);

// Items outside a sorted list, drawn uniformly (rejection sampling).
std::int32_t sampleUnseen(const std::vector<std::int32_t>& seenSorted, int items, Rng& rng);

}  // namespace adstudio::detail
