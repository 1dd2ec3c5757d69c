// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace adstudio {

// Row indices of each part. Parts are disjoint and together cover every row.
struct Split {
    std::vector<std::int64_t> train;
    std::vector<std::int64_t> validation;
    std::vector<std::int64_t> test;
};

Split randomSplit(std::int64_t rows, double validationFraction, double testFraction,
                  std::uint64_t seed);
// Per user: the latest interaction (by the timestamp column, ties by row order) is the test row,
// the one before it the validation row when `withValidation`. Users with a single row keep it
// in training.
Result<Split> leaveLastOut(const Dataset& dataset, bool withValidation);
// Rows before `cutoff` (epoch seconds) train; rows at or after it test.
Result<Split> timeCutoff(const Dataset& dataset, std::int64_t cutoff);

}  // namespace adstudio
