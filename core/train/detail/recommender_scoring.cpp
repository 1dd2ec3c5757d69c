// SPDX-License-Identifier: MIT
#include "train/detail/recommender_scoring.h"

#include "train/detail/torch_support.h"
#include "train/metrics.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace adstudio::detail {
namespace {
constexpr std::int64_t kScoreBatch = 32768;
}

std::vector<float> scoreTriples(RecommenderNet& net, RecommenderTask task,
                                const std::vector<std::int32_t>& users,
                                const std::vector<std::int32_t>& items,
                                const std::vector<std::int64_t>& rows, bool calibrated) {
    torch::NoGradGuard noGrad;
    net.module().eval();
    const auto device = trainingDevice();
    const auto u = toTensor(users).to(device);
    const auto i = toTensor(items).to(device);
    torch::Tensor r;
    if (!rows.empty()) {
        r = torch::from_blob(const_cast<std::int64_t*>(rows.data()), {std::int64_t(rows.size())},
                             torch::kLong)
                .clone()
                .to(device);
    }
    std::vector<float> out;
    out.reserve(users.size());
    for (std::int64_t start = 0; start < std::int64_t(users.size()); start += kScoreBatch) {
        const auto n = std::min<std::int64_t>(kScoreBatch, std::int64_t(users.size()) - start);
        auto logits = net.forward(u.narrow(0, start, n), i.narrow(0, start, n),
                                  r.defined() ? r.narrow(0, start, n) : torch::Tensor());
        if (task != RecommenderTask::Rating)
            logits = torch::sigmoid(calibrated ? net.calibrated(logits) : logits);
        const auto values = toFloats(logits);
        out.insert(out.end(), values.begin(), values.end());
    }
    net.module().train();
    return out;
}

Calibration fitCalibration(const std::vector<float>& probabilities,
                           const std::vector<float>& labels) {
    // Logistic regression of the label on the logit (two parameters), by Newton's method with
    // a tiny ridge so a separable set cannot diverge.
    const std::size_t n = probabilities.size();
    std::vector<double> logit(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double p = std::clamp(double(probabilities[i]), 1e-7, 1 - 1e-7);
        logit[i] = std::log(p / (1 - p));
    }
    double a = 1, b = 0;
    for (int iteration = 0; iteration < 50 && n > 0; ++iteration) {
        double ga = 1e-6 * (a - 1), gb = 1e-6 * b;  // gradient of the loss (+ ridge to identity)
        double haa = 1e-6, hab = 0, hbb = 1e-6;
        for (std::size_t i = 0; i < n; ++i) {
            const double q = 1 / (1 + std::exp(-(a * logit[i] + b)));
            const double r = q - (labels[i] > 0.5f ? 1 : 0), w = q * (1 - q);
            ga += r * logit[i];
            gb += r;
            haa += w * logit[i] * logit[i];
            hab += w * logit[i];
            hbb += w;
        }
        const double det = haa * hbb - hab * hab;
        if (!(det > 0)) break;
        const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if (std::abs(da) + std::abs(db) < 1e-9) break;
    }
    if (!std::isfinite(a) || !std::isfinite(b) || a <= 0) return {};  // keep the raw model
    return {a, b};
}

std::vector<float> scoreEvalSet(RecommenderNet& net, RecommenderTask task, const EvalSet& set) {
    if (task != RecommenderTask::Implicit)
        return scoreTriples(net, task, set.users, set.items, set.rows);
    std::vector<std::int32_t> users, items;
    const int per = 1 + set.negativesPerRow;
    users.reserve(set.users.size() * std::size_t(per));
    items.reserve(users.capacity());
    for (std::size_t e = 0; e < set.users.size(); ++e) {
        users.push_back(set.users[e]);
        items.push_back(set.items[e]);
        for (int j = 0; j < set.negativesPerRow; ++j) {
            users.push_back(set.users[e]);
            items.push_back(set.negatives[e * std::size_t(set.negativesPerRow) + std::size_t(j)]);
        }
    }
    return scoreTriples(net, task, users, items, {});
}

std::vector<float> scoreEvalSet(const ItemScoreFn& score, const EvalSet& set) {
    std::vector<float> out;
    for (std::size_t e = 0; e < set.users.size(); ++e) {
        out.push_back(score(set.users[e], set.items[e]));
        for (int j = 0; j < set.negativesPerRow; ++j)
            out.push_back(
                score(set.users[e],
                      set.negatives[e * std::size_t(set.negativesPerRow) + std::size_t(j)]));
    }
    return out;
}

QJsonObject metricsFromScores(RecommenderTask task, const EvalSet& set,
                              const std::vector<float>& scores, int k, const QString& prefix) {
    QJsonObject m;
    const QString at = "@" + QString::number(k);
    if (task == RecommenderTask::Implicit) {
        const auto ranking = rankPositiveFirst(scores, 1 + set.negativesPerRow, k);
        m.insert(prefix + "hr" + at, ranking.hitRate);
        m.insert(prefix + "ndcg" + at, ranking.ndcg);
    } else if (task == RecommenderTask::Ctr) {
        m.insert(prefix + "auc", areaUnderRoc(scores, set.labels));
        m.insert(prefix + "logloss", logLoss(scores, set.labels));
        m.insert(prefix + "ece", expectedCalibrationError(scores, set.labels));
        m.insert(prefix + "accuracy", accuracy(scores, set.labels));
    } else {
        m.insert(prefix + "rmse", rootMeanSquaredError(scores, set.labels));
        m.insert(prefix + "mae", meanAbsoluteError(scores, set.labels));
    }
    return m;
}

double fullRankingRecall(const std::function<std::vector<float>(std::int32_t)>& scoreAll,
                         const EvalSet& set, const std::vector<std::vector<std::int32_t>>& seen,
                         int k) {
    std::vector<std::vector<float>> scores;
    std::vector<std::vector<int>> relevant;
    for (std::size_t e = 0; e < set.users.size(); ++e) {
        auto row = scoreAll(set.users[e]);
        for (const auto item : seen[std::size_t(set.users[e])])
            if (item != set.items[e])
                row[std::size_t(item)] = -std::numeric_limits<float>::infinity();
        scores.push_back(std::move(row));
        relevant.push_back({set.items[e]});
    }
    return recallAtK(scores, relevant, k);
}

std::vector<float> scoreAllItems(RecommenderNet& net, RecommenderTask task, std::int32_t user,
                                 int items) {
    std::vector<std::int32_t> users(std::size_t(items), user), all(static_cast<std::size_t>(items));
    for (int i = 0; i < items; ++i) all[std::size_t(i)] = i;
    return scoreTriples(net, task, users, all, {});
}

}  // namespace adstudio::detail

namespace adstudio::detail {

QJsonObject testMetrics(RecommenderNet& net, const EncodedInteractions& encoding,
                        const InteractionPlan& plan, const RecommenderConfig& config) {
    const auto scores = scoreEvalSet(net, encoding.task, plan.test);
    QJsonObject metrics = metricsFromScores(encoding.task, plan.test, scores, config.k, "");
    if (encoding.task == RecommenderTask::Ctr) {
        // The reliability diagram the run view draws: 10 equal-count bins of the test split.
        QJsonArray bins;
        for (const ReliabilityBin& bin : reliabilityBins(scores, plan.test.labels))
            bins.append(QJsonObject{{"predicted", bin.predicted},
                                    {"observed", bin.observed},
                                    {"count", double(bin.count)}});
        metrics.insert("reliability", bins);
    }
    if (encoding.task == RecommenderTask::Implicit) {
        const int items = encoding.itemCount();
        metrics.insert(
            "recall@" + QString::number(config.k),
            fullRankingRecall(
                [&](std::int32_t user) { return scoreAllItems(net, encoding.task, user, items); },
                plan.test, plan.seen, config.k));
    }
    return metrics;
}

QJsonObject baselineMetrics(const EncodedInteractions& encoding, const InteractionPlan& plan,
                            const RecommenderConfig& config) {
    QJsonObject metrics;
    auto merge = [&](const QJsonObject& more) {
        for (auto it = more.begin(); it != more.end(); ++it) metrics.insert(it.key(), *it);
    };
    const RecommenderTask task = encoding.task;
    if (task == RecommenderTask::Implicit) {
        const auto& counts = plan.itemCounts;
        const ItemScoreFn popularity = [&](std::int32_t, std::int32_t item) {
            return counts[std::size_t(item)];
        };
        merge(metricsFromScores(task, plan.test, scoreEvalSet(popularity, plan.test), config.k,
                                "itempop_"));
        metrics.insert("itempop_recall@" + QString::number(config.k),
                       fullRankingRecall([&](std::int32_t) { return counts; }, plan.test, plan.seen,
                                         config.k));
        Rng rng(config.seed ^ 0x5eed'0000'0000'0003ull);
        const ItemScoreFn random = [&](std::int32_t, std::int32_t) { return float(rng.uniform()); };
        merge(metricsFromScores(task, plan.test, scoreEvalSet(random, plan.test), config.k,
                                "random_"));
        return metrics;
    }
    double sum = 0;
    for (const auto row : plan.trainRows) sum += encoding.labels[std::size_t(row)];
    const float mean = float(sum / double(std::max<std::size_t>(1, plan.trainRows.size())));
    merge(metricsFromScores(task, plan.test,
                            std::vector<float>(std::size_t(plan.test.size()), mean), config.k,
                            "mean_"));
    return metrics;
}

}  // namespace adstudio::detail
