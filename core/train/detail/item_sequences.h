// SPDX-License-Identifier: MIT
// Private to core/train: each user's training items in time order, and the dense matrices the
// sequential EASE model reads from them (plain floats: this file builds without torch).
#pragma once

#include "train/detail/interaction_plan.h"

#include <cstdint>
#include <vector>

namespace adstudio::detail {

// Per user, the items of `rows` ordered by time (ties by row order, as the split orders them).
std::vector<std::vector<std::int32_t>> itemSequences(const EncodedInteractions& e,
                                                     const std::vector<std::int64_t>& rows);

// How the sequential model weighs a history. The values were chosen by validation HR@10 in a
// sweep on ML-100K (leave-last-out by time), never by its test items.
struct SequenceWeighting {
    double historyDecay = 0.95;  // weight of an item k places before the latest: decay^k
    int recentItems = 5;         // the latest items whose successors are scored
    double recentDecay = 0.7;
    int ruleWindow = 10;  // b counts as following a when at most this many places later
};

// Row-major [users, items]: 1 for the latest item, decay^k for the k-th before it (the largest
// weight when an item repeats).
std::vector<float> recencyWeightedHistory(const std::vector<std::vector<std::int32_t>>& sequences,
                                          int items, const SequenceWeighting& weighting);
// Row-major [users, items]: the latest `recentItems` items, weighted recentDecay^k.
std::vector<float> recentItems(const std::vector<std::vector<std::int32_t>>& sequences, int items,
                               const SequenceWeighting& weighting);
// Row-major [items, items] sequential rules (Ludewig & Jannach 2018): R[a][b] sums, over every
// history where b comes d <= ruleWindow places after a, the weight 1 - (d - 1) / ruleWindow.
std::vector<float> sequentialRules(const std::vector<std::vector<std::int32_t>>& sequences,
                                   int items, const SequenceWeighting& weighting);

}  // namespace adstudio::detail
