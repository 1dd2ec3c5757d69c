// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/dataset.h"

#include <optional>

namespace adstudio {

// For each held-out (user, item): the items it is ranked against (NCF's test.negative).
struct SampledNegatives {
    std::vector<std::int64_t> users;
    std::vector<std::int64_t> positives;
    std::vector<std::int64_t> negatives;  // negativesPerRow per row, row-major
    int negativesPerRow = 0;
};

// Interactions plus the user and item side tables they can be joined with, and a given test
// split when the source has one (NCF files).
struct InteractionData {
    Dataset interactions;
    std::optional<Dataset> users;
    std::optional<Dataset> items;
    std::optional<Dataset> test;
    std::optional<SampledNegatives> negatives;
};

// MovieLens 100K (a folder with u.data, u.user, u.item, or u.data / uN.base itself) and 1M
// (a folder with ratings.dat, users.dat, movies.dat, or ratings.dat itself).
Result<InteractionData> readMovieLens(const QString& path, const JobContext& job = {});
bool looksLikeMovieLens(const QString& path);

}  // namespace adstudio
