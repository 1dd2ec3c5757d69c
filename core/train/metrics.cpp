// SPDX-License-Identifier: MIT
#include "train/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace adstudio {

double areaUnderRoc(const std::vector<float>& scores, const std::vector<float>& labels) {
    const std::size_t n = scores.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    double positives = 0, rankSum = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]]) ++j;
        const double averageRank = 0.5 * double(i + 1 + j);  // 1-based ranks i+1..j
        for (std::size_t t = i; t < j; ++t) {
            if (labels[order[t]] > 0.5f) {
                positives += 1;
                rankSum += averageRank;
            }
        }
        i = j;
    }
    const double negatives = double(n) - positives;
    if (positives == 0 || negatives == 0) return 0.5;
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

double logLoss(const std::vector<float>& probabilities, const std::vector<float>& labels) {
    if (probabilities.empty()) return 0;
    double sum = 0;
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
        const double p = std::clamp(double(probabilities[i]), 1e-7, 1 - 1e-7);
        sum -= labels[i] > 0.5f ? std::log(p) : std::log(1 - p);
    }
    return sum / double(probabilities.size());
}

std::vector<ReliabilityBin> reliabilityBins(const std::vector<float>& probabilities,
                                            const std::vector<float>& labels, int bins) {
    const std::size_t n = probabilities.size();
    std::vector<ReliabilityBin> out;
    if (n == 0 || bins < 1) return out;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return probabilities[a] < probabilities[b];
    });
    for (int b = 0; b < bins; ++b) {
        const std::size_t from = n * std::size_t(b) / std::size_t(bins);
        const std::size_t to = n * std::size_t(b + 1) / std::size_t(bins);
        if (to == from) continue;
        double predicted = 0, observed = 0;
        for (std::size_t i = from; i < to; ++i) {
            predicted += probabilities[order[i]];
            observed += labels[order[i]] > 0.5f ? 1 : 0;
        }
        const double count = double(to - from);
        out.push_back({predicted / count, observed / count, std::int64_t(to - from)});
    }
    return out;
}

double expectedCalibrationError(const std::vector<float>& probabilities,
                                const std::vector<float>& labels, int bins) {
    double error = 0;
    const double n = double(probabilities.size());
    for (const ReliabilityBin& bin : reliabilityBins(probabilities, labels, bins))
        error += std::abs(bin.predicted - bin.observed) * double(bin.count) / n;
    return error;
}

double accuracy(const std::vector<float>& probabilities, const std::vector<float>& labels) {
    if (probabilities.empty()) return 0;
    std::size_t right = 0;
    for (std::size_t i = 0; i < probabilities.size(); ++i)
        right += (probabilities[i] >= 0.5f) == (labels[i] > 0.5f);
    return double(right) / double(probabilities.size());
}

double rootMeanSquaredError(const std::vector<float>& predictions,
                            const std::vector<float>& targets) {
    if (predictions.empty()) return 0;
    double sum = 0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double d = double(predictions[i]) - targets[i];
        sum += d * d;
    }
    return std::sqrt(sum / double(predictions.size()));
}

double meanAbsoluteError(const std::vector<float>& predictions, const std::vector<float>& targets) {
    if (predictions.empty()) return 0;
    double sum = 0;
    for (std::size_t i = 0; i < predictions.size(); ++i)
        sum += std::abs(double(predictions[i]) - targets[i]);
    return sum / double(predictions.size());
}

RankingMetrics rankPositiveFirst(const std::vector<float>& scores, int listSize, int k) {
    RankingMetrics metrics;
    if (listSize <= 0) return metrics;
    metrics.lists = std::int64_t(scores.size()) / listSize;
    for (std::int64_t list = 0; list < metrics.lists; ++list) {
        const float* row = scores.data() + list * listSize;
        double above = 0, ties = 0;
        for (int j = 1; j < listSize; ++j) {
            above += row[j] > row[0];
            ties += row[j] == row[0];
        }
        const double rank = above + 0.5 * ties;  // 0-based expected rank
        if (rank < k) {
            metrics.hitRate += 1;
            metrics.ndcg += std::log(2.0) / std::log(rank + 2.0);
        }
    }
    if (metrics.lists > 0) {
        metrics.hitRate /= double(metrics.lists);
        metrics.ndcg /= double(metrics.lists);
    }
    return metrics;
}

double recallOfList(const float* scores, std::size_t n, const std::vector<int>& relevant, int k) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    const std::size_t top = std::min<std::size_t>(std::size_t(std::max(0, k)), n);
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(top), order.end(),
                      [&](int a, int b) { return scores[a] > scores[b]; });
    std::size_t hits = 0;
    for (const int item : relevant)
        hits += std::find(order.begin(), order.begin() + std::ptrdiff_t(top), item) !=
                order.begin() + std::ptrdiff_t(top);
    return double(hits) / double(relevant.size());
}

double recallAtK(const std::vector<std::vector<float>>& scores,
                 const std::vector<std::vector<int>>& relevant, int k) {
    double sum = 0;
    std::int64_t lists = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (relevant[i].empty()) continue;
        sum += recallOfList(scores[i].data(), scores[i].size(), relevant[i], k);
        ++lists;
    }
    return lists ? sum / double(lists) : 0;
}

}  // namespace adstudio
