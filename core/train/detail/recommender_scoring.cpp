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

// Rows per forward when scoring held-out sets; ADSTUDIO_SCORE_BATCH sets it (the tests: small
// sets in many batches, so that every rank scores some).
std::int64_t scoreBatch() {
    static const std::int64_t rows = [] {
        bool ok = false;
        const int given = qEnvironmentVariableIntValue("ADSTUDIO_SCORE_BATCH", &ok);
        return ok && given > 0 ? std::int64_t(given) : std::int64_t(32768);
    }();
    return rows;
}

}  // namespace

std::vector<float> scoreTriples(RecommenderNet& net, RecommenderTask task,
                                const std::vector<std::int32_t>& users,
                                const std::vector<std::int32_t>& items,
                                const std::vector<std::int64_t>& rows, bool calibrated,
                                const ScoringShare& share) {
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
    // Shared, the other ranks' batches stay zero here and the sum fills them in.
    std::vector<float> out(users.size(), 0.0f);
    const std::int64_t batch = scoreBatch();
    for (std::int64_t start = 0; start < std::int64_t(users.size()); start += batch) {
        if (!share.mine(start / batch)) continue;
        const auto n = std::min<std::int64_t>(batch, std::int64_t(users.size()) - start);
        auto logits = net.forward(u.narrow(0, start, n), i.narrow(0, start, n),
                                  r.defined() ? r.narrow(0, start, n) : torch::Tensor());
        if (task != RecommenderTask::Rating)
            logits = torch::sigmoid(calibrated ? net.calibrated(logits) : logits);
        const auto values = toFloats(logits);
        std::copy(values.begin(), values.end(), out.begin() + start);
    }
    net.module().train();
    if (share.ranks > 1) {
        auto all = torch::from_blob(out.data(), {std::int64_t(out.size())}, torch::kFloat);
        share.sum(all);
    }
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

std::vector<float> scoreEvalSet(RecommenderNet& net, RecommenderTask task, const EvalSet& set,
                                const ScoringShare& share) {
    if (task != RecommenderTask::Implicit)
        return scoreTriples(net, task, set.users, set.items, set.rows, true, share);
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
    return scoreTriples(net, task, users, items, {}, true, share);
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

double fullRankingRecall(const BlockScoreFn& scoreAll, const EvalSet& set,
                         const std::vector<std::vector<std::int32_t>>& seen, int items, int k,
                         const ScoringShare& share) {
    // Users in blocks that fill one scoring batch, each block ranked and dropped: not a forward
    // per user (200,000 of them, 21 s against 18.7 s in blocks), nor every user's row held at
    // once (320 MB for 200,000 users x 400 items).
    const std::size_t block =
        std::size_t(std::max<std::int64_t>(1, scoreBatch() / std::max(1, items)));
    double sum = 0;
    std::int64_t lists = 0;
    std::vector<std::int32_t> users;
    for (std::size_t first = 0; first < set.users.size(); first += block) {
        if (!share.mine(std::int64_t(first / block))) continue;
        const std::size_t last = std::min(set.users.size(), first + block);
        users.assign(set.users.begin() + std::ptrdiff_t(first),
                     set.users.begin() + std::ptrdiff_t(last));
        std::vector<float> scores = scoreAll(users);
        for (std::size_t e = first; e < last; ++e) {
            float* row = scores.data() + (e - first) * std::size_t(items);
            for (const auto item : seen[std::size_t(set.users[e])])
                if (item != set.items[e]) row[item] = -std::numeric_limits<float>::infinity();
            sum += recallOfList(row, std::size_t(items), {set.items[e]}, k);
            ++lists;
        }
    }
    if (share.ranks > 1) {
        auto both = torch::tensor({sum, double(lists)}, torch::kDouble);
        share.sum(both);
        sum = both[0].item<double>();
        lists = std::int64_t(std::llround(both[1].item<double>()));
    }
    return lists ? sum / double(lists) : 0;
}

std::vector<float> scoreAllItems(RecommenderNet& net, RecommenderTask task,
                                 const std::vector<std::int32_t>& users, int items) {
    std::vector<std::int32_t> who, what;
    who.reserve(users.size() * std::size_t(items));
    what.reserve(who.capacity());
    for (const auto user : users) {
        for (int i = 0; i < items; ++i) {
            who.push_back(user);
            what.push_back(i);
        }
    }
    return scoreTriples(net, task, who, what, {});
}

}  // namespace adstudio::detail

namespace adstudio::detail {

QJsonObject testMetrics(RecommenderNet& net, const EncodedInteractions& encoding,
                        const InteractionPlan& plan, const RecommenderConfig& config,
                        const ScoringShare& share) {
    const auto scores = scoreEvalSet(net, encoding.task, plan.test, share);
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
        metrics.insert("recall@" + QString::number(config.k),
                       fullRankingRecall(
                           [&](const std::vector<std::int32_t>& users) {
                               return scoreAllItems(net, encoding.task, users, items);
                           },
                           plan.test, plan.seen, items, config.k, share));
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
        const int items = int(counts.size());
        metrics.insert("itempop_recall@" + QString::number(config.k),
                       fullRankingRecall(
                           [&](const std::vector<std::int32_t>& users) {
                               std::vector<float> rows;
                               rows.reserve(users.size() * counts.size());
                               for (std::size_t u = 0; u < users.size(); ++u)
                                   rows.insert(rows.end(), counts.begin(), counts.end());
                               return rows;
                           },
                           plan.test, plan.seen, items, config.k));
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
