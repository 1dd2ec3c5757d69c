// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adstudio {

// Evaluation measures of recommenders and CTR models. Scores and labels are parallel arrays.

// Area under the ROC curve; tied scores share their average rank. 0.5 when a class is absent.
double areaUnderRoc(const std::vector<float>& scores, const std::vector<float>& labels);
// Mean binary cross-entropy of probabilities, clipped to [1e-7, 1 - 1e-7].
double logLoss(const std::vector<float>& probabilities, const std::vector<float>& labels);
// Expected calibration error over `bins` bins of equal count (adaptive ECE: click
// probabilities crowd near zero, where equal-width bins would put nearly every row in one): the
// row-weighted mean of |mean predicted - observed rate| per bin. 0 for a calibrated model.
double expectedCalibrationError(const std::vector<float>& probabilities,
                                const std::vector<float>& labels, int bins = 10);
// One bin of a reliability diagram: the mean predicted probability of its rows, their observed
// click rate, and how many rows it holds.
struct ReliabilityBin {
    double predicted = 0;
    double observed = 0;
    std::int64_t count = 0;
};
// The bins expectedCalibrationError averages over (equal count, by ascending probability).
std::vector<ReliabilityBin> reliabilityBins(const std::vector<float>& probabilities,
                                            const std::vector<float>& labels, int bins = 10);
// Share of rows where (probability >= 0.5) equals the label.
double accuracy(const std::vector<float>& probabilities, const std::vector<float>& labels);
double rootMeanSquaredError(const std::vector<float>& predictions,
                            const std::vector<float>& targets);
double meanAbsoluteError(const std::vector<float>& predictions, const std::vector<float>& targets);

struct RankingMetrics {
    double hitRate = 0;  // HR@K
    double ndcg = 0;     // NDCG@K
    std::int64_t lists = 0;
};
// The NCF protocol: each list holds `listSize` scores, the held-out positive first, then its
// sampled negatives. The positive's rank counts the negatives scored above it plus half the
// ties, so a constant scorer gets the expected rank of a random tie-break, not the best one.
RankingMetrics rankPositiveFirst(const std::vector<float>& scores, int listSize, int k);

// Recall@K over a full ranking: for each list, the share of its relevant items among the K
// best-scored candidates; `relevant[i]` holds indices into `scores[i]`.
double recallAtK(const std::vector<std::vector<float>>& scores,
                 const std::vector<std::vector<int>>& relevant, int k);
// One list of recallAtK: `n` scores, `relevant` indices into them (not empty).
double recallOfList(const float* scores, std::size_t n, const std::vector<int>& relevant, int k);

}  // namespace adstudio
