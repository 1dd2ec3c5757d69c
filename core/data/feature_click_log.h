// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"

#include <QString>

#include <cstdint>

namespace adstudio {

struct FeatureClickLogOptions {
    std::int64_t rows = 100000;
    std::uint64_t seed = 42;
};

struct FeatureClickLogSummary {
    QString path;
    std::int64_t rows = 0;
    std::int64_t clicks = 0;
    // AUC of the true click probabilities against the drawn clicks: what no model can beat.
    double oracleAuc = 0;
    // The same with the planted interactions left out of the scores: roughly what a model
    // without feature crosses (logistic regression) can reach.
    double mainEffectsAuc = 0;
};

// Writes a click log in the layout of Criteo's display-ads log as DeepCTR's example has it
// (label, I1..I13 counts, C1..C26 hashed categories, no user or item column), with missing
// values and heavy-tailed counts as in the real log. The click probability has main effects per
// field value plus planted pairwise interactions (factorization-machine style: the inner product
// of two fields' latent vectors for C1xC2, C7xC10, C8xC13, C2xC18 and C3xC17) that a model without
// crosses cannot see: a test bed where DeepFM must beat logistic regression. Written atomically.
Result<FeatureClickLogSummary> writeFeatureClickLog(const QString& path,
                                                    const FeatureClickLogOptions& options,
                                                    const JobContext& job = {});

}  // namespace adstudio
