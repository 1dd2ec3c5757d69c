// SPDX-License-Identifier: MIT
#include "segments/segmentation.h"

#include "common/random.h"

#include <QJsonArray>

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace adstudio {
namespace {

constexpr int kSilhouetteSample = 1500;
constexpr int kTopItems = 5;

// Columns to zero mean, unit variance (constant columns left at zero).
void standardize(std::vector<float>& rows, int n, int dim) {
    for (int j = 0; j < dim; ++j) {
        double sum = 0, squares = 0;
        for (int i = 0; i < n; ++i) {
            const double v = rows[std::size_t(i) * dim + j];
            sum += v;
            squares += v * v;
        }
        const double mean = sum / n, sd = std::sqrt(std::max(0.0, squares / n - mean * mean));
        for (int i = 0; i < n; ++i) {
            float& v = rows[std::size_t(i) * dim + j];
            v = sd > 1e-9 ? float((v - mean) / sd) : 0.f;
        }
    }
}

std::vector<int> kmeans(const cv::Mat& data, int k, int attempts, std::uint64_t seed) {
    cv::theRNG().state = seed;  // cv::kmeans draws its k-means++ seeds from this
    cv::Mat labels, centers;
    cv::kmeans(data, k, labels,
               cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 100, 1e-4),
               attempts, cv::KMEANS_PP_CENTERS, centers);
    std::vector<int> out(static_cast<std::size_t>(data.rows));
    for (int i = 0; i < data.rows; ++i) out[std::size_t(i)] = labels.at<int>(i);
    // Relabel by size (largest first) so ids are stable across equivalent runs.
    std::vector<int> counts(std::size_t(k), 0);
    for (const int l : out) ++counts[std::size_t(l)];
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
    std::vector<int> rename(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) rename[std::size_t(order[std::size_t(i)])] = i;
    for (int& l : out) l = rename[std::size_t(l)];
    return out;
}

QString modeOf(const QStringList& values, const std::vector<int>& members) {
    std::map<QString, int> counts;
    for (const int u : members) ++counts[values.value(u)];
    QString best;
    int bestCount = -1;
    for (const auto& [value, count] : counts)
        if (count > bestCount && !value.isEmpty() && value != "?") best = value, bestCount = count;
    return best;
}

}  // namespace

double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b) {
    std::map<std::pair<int, int>, double> table;
    std::map<int, double> rows, cols;
    for (std::size_t i = 0; i < a.size(); ++i) {
        table[{a[i], b[i]}] += 1;
        rows[a[i]] += 1;
        cols[b[i]] += 1;
    }
    auto pairs = [](double n) { return n * (n - 1) / 2; };
    double index = 0, rowPairs = 0, colPairs = 0;
    for (const auto& [key, n] : table) index += pairs(n);
    for (const auto& [key, n] : rows) rowPairs += pairs(n);
    for (const auto& [key, n] : cols) colPairs += pairs(n);
    const double total = pairs(double(a.size()));
    const double expected = rowPairs * colPairs / total;
    const double maximum = 0.5 * (rowPairs + colPairs);
    return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
}

double silhouetteScore(const std::vector<float>& rows, int dim, const std::vector<int>& labels,
                       int sample, std::uint64_t seed) {
    const int n = int(labels.size());
    std::vector<int> picked(static_cast<std::size_t>(n));
    std::iota(picked.begin(), picked.end(), 0);
    if (n > sample) {
        Rng rng(seed);
        rng.shuffle(picked);
        picked.resize(std::size_t(sample));
    }
    const int k = *std::max_element(labels.begin(), labels.end()) + 1;
    double total = 0;
    for (const int i : picked) {
        std::vector<double> sum(std::size_t(k), 0);
        std::vector<int> count(std::size_t(k), 0);
        for (const int j : picked) {
            if (i == j) continue;
            double d = 0;
            for (int c = 0; c < dim; ++c) {
                const double diff = rows[std::size_t(i) * dim + c] - rows[std::size_t(j) * dim + c];
                d += diff * diff;
            }
            sum[std::size_t(labels[std::size_t(j)])] += std::sqrt(d);
            ++count[std::size_t(labels[std::size_t(j)])];
        }
        const int own = labels[std::size_t(i)];
        if (count[std::size_t(own)] == 0) continue;
        const double a = sum[std::size_t(own)] / count[std::size_t(own)];
        double b = 1e300;
        for (int c = 0; c < k; ++c)
            if (c != own && count[std::size_t(c)] > 0)
                b = std::min(b, sum[std::size_t(c)] / count[std::size_t(c)]);
        if (b < 1e300) total += (b - a) / std::max(a, b);
    }
    return picked.empty() ? 0 : total / double(picked.size());
}

Result<Segmentation> segmentUsers(const RecommenderModel& model, const SegmentationOptions& options,
                                  const JobContext& job) {
    if (model.featureOnly()) return model.featureOnlyError(QStringLiteral("Segments"));
    const int users = model.userIds().size(), items = model.itemIds().size();
    if (users < 3) return makeError({}, 0, 0, "too few users to segment", "train on more users");
    job.report({"score users x items", -1, 0, 0});
    // Every user's predicted click probability for every item (the affinity matrix).
    std::vector<std::int32_t> us, is;
    us.reserve(std::size_t(users) * items);
    is.reserve(us.capacity());
    for (int u = 0; u < users; ++u)
        for (int i = 0; i < items; ++i) {
            us.push_back(u);
            is.push_back(i);
        }
    const std::vector<float> ctr = model.predict(us, is);
    if (job.cancelled()) return cancelledError({});

    QString categoryField = options.categoryField;
    if (categoryField.isEmpty()) categoryField = model.itemCategoryField();
    if (categoryField.isEmpty()) categoryField = QStringLiteral("category");
    QStringList categories = model.itemAttribute(categoryField);
    if (categories.isEmpty()) categories = model.itemIds();  // no categories: one group per item
    QStringList groups = categories;
    groups.removeDuplicates();
    groups.sort();
    std::vector<int> groupOf(static_cast<std::size_t>(items));
    for (int i = 0; i < items; ++i) groupOf[std::size_t(i)] = groups.indexOf(categories[i]);
    const int g = groups.size();

    std::vector<float> affinity(std::size_t(users) * g, 0.f);
    std::vector<int> perGroup(std::size_t(g), 0);
    for (int i = 0; i < items; ++i) ++perGroup[std::size_t(groupOf[std::size_t(i)])];
    for (int u = 0; u < users; ++u)
        for (int i = 0; i < items; ++i) {
            const float p = std::clamp(ctr[std::size_t(u) * items + i], 1e-6f, 1 - 1e-6f);
            affinity[std::size_t(u) * g + groupOf[std::size_t(i)]] +=
                std::log(p / (1 - p)) / float(perGroup[std::size_t(groupOf[std::size_t(i)])]);
        }

    // Preference is relative: a user who clicks everything more is not a different segment, so
    // each user's mean affinity is removed before columns are standardized.
    for (int u = 0; u < users; ++u) {
        double mean = 0;
        for (int c = 0; c < g; ++c) mean += affinity[std::size_t(u) * g + c] / g;
        for (int c = 0; c < g; ++c) affinity[std::size_t(u) * g + c] -= float(mean);
    }
    std::vector<float> rows;
    int dim = 0;
    if (options.representation != "embedding") {
        rows = affinity;
        dim = g;
        standardize(rows, users, dim);
    }
    if (options.representation != "affinity") {
        int embeddingDim = 0;
        auto embedding = model.userEmbeddings(&embeddingDim);
        standardize(embedding, users, embeddingDim);
        std::vector<float> fused(std::size_t(users) * (dim + embeddingDim));
        for (int u = 0; u < users; ++u) {
            std::copy_n(rows.begin() + std::ptrdiff_t(u) * dim, dim,
                        fused.begin() + std::ptrdiff_t(u) * (dim + embeddingDim));
            std::copy_n(embedding.begin() + std::ptrdiff_t(u) * embeddingDim, embeddingDim,
                        fused.begin() + std::ptrdiff_t(u) * (dim + embeddingDim) + dim);
        }
        rows = std::move(fused);
        dim += embeddingDim;
    }
    const cv::Mat data(users, dim, CV_32F, rows.data());

    Segmentation result;
    const int kLow = options.k > 0 ? options.k : std::max(2, options.kMin);
    const int kHigh = options.k > 0 ? options.k : std::min(options.kMax, users - 1);
    double best = -2;
    for (int k = kLow; k <= kHigh; ++k) {
        if (job.cancelled()) return cancelledError({});
        job.report(
            {QString("k-means k=%1").arg(k), double(k - kLow + 1) / (kHigh - kLow + 1), k, kHigh});
        auto labels = kmeans(data, k, options.attempts, options.seed);
        const double s = silhouetteScore(rows, dim, labels, kSilhouetteSample, options.seed);
        result.silhouetteByK.emplace_back(k, s);
        if (s > best) {
            best = s;
            result.k = k;
            result.silhouette = s;
            result.assignment = std::move(labels);
        }
    }

    cv::PCA pca(data, cv::Mat(), cv::PCA::DATA_AS_ROW, 2);
    const cv::Mat projected = pca.project(data);
    result.map.resize(std::size_t(users) * 2);
    for (int u = 0; u < users; ++u)
        for (int c = 0; c < 2; ++c)
            result.map[std::size_t(u) * 2 + c] =
                c < projected.cols ? projected.at<float>(u, c) : 0.f;

    // Profiles.
    std::vector<double> overall(std::size_t(g), 0);
    for (int u = 0; u < users; ++u)
        for (int c = 0; c < g; ++c)
            overall[std::size_t(c)] += affinity[std::size_t(u) * g + c] / users;
    const QStringList ages = model.userAttribute(options.ageField);
    // Read once, not per segment: each read converts a whole feature column.
    std::vector<std::pair<QString, QStringList>> demographicFields;
    for (const QString field : {"gender", "region", "device"})
        demographicFields.emplace_back(field, model.userAttribute(field));
    const auto& itemIds = model.itemIds();
    for (int s = 0; s < result.k; ++s) {
        SegmentProfile p;
        p.id = s;
        std::vector<int> members;
        for (int u = 0; u < users; ++u)
            if (result.assignment[std::size_t(u)] == s) members.push_back(u);
        p.size = int(members.size());
        p.share = double(p.size) / users;
        std::vector<double> lift(std::size_t(g), 0), itemCtr(std::size_t(items), 0);
        for (const int u : members) {
            for (int c = 0; c < g; ++c) lift[std::size_t(c)] += affinity[std::size_t(u) * g + c];
            for (int i = 0; i < items; ++i)
                itemCtr[std::size_t(i)] += ctr[std::size_t(u) * items + i];
        }
        for (int c = 0; c < g; ++c)
            lift[std::size_t(c)] =
                lift[std::size_t(c)] / std::max(1, p.size) - overall[std::size_t(c)];
        std::vector<int> order(static_cast<std::size_t>(g));
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](int a, int b) { return lift[std::size_t(a)] > lift[std::size_t(b)]; });
        for (int i = 0; i < std::min(3, g); ++i) p.topCategories << groups[order[std::size_t(i)]];
        std::vector<int> itemOrder(static_cast<std::size_t>(items));
        std::iota(itemOrder.begin(), itemOrder.end(), 0);
        std::sort(itemOrder.begin(), itemOrder.end(),
                  [&](int a, int b) { return itemCtr[std::size_t(a)] > itemCtr[std::size_t(b)]; });
        double sum = 0;
        for (int i = 0; i < std::min(kTopItems, items); ++i) {
            const int item = itemOrder[std::size_t(i)];
            p.topItems << itemIds[item];
            p.topItemCtr.push_back(float(itemCtr[std::size_t(item)] / std::max(1, p.size)));
            sum += p.topItemCtr.back();
        }
        p.meanPredictedCtr = p.topItemCtr.empty() ? 0 : sum / double(p.topItemCtr.size());
        const QString age = modeOf(ages, members);
        const QString lead = p.topCategories.value(0, QString("Segment %1").arg(s + 1));
        p.name = lead.section('/', 0, 0) + " fans" + (age.isEmpty() ? QString() : ", " + age);
        if (!age.isEmpty()) p.demographics.insert(options.ageField, age);
        for (const auto& [field, values] : demographicFields) {
            const QString value = modeOf(values, members);
            if (!value.isEmpty()) p.demographics.insert(field, value);
        }
        result.profiles.push_back(p);
    }
    // Two segments may share a lead category and age band; number the repeats.
    for (std::size_t i = 0; i < result.profiles.size(); ++i) {
        int repeat = 1;
        for (std::size_t j = 0; j < i; ++j)
            if (result.profiles[j].name.startsWith(result.profiles[i].name)) ++repeat;
        if (repeat > 1) result.profiles[i].name += QString(" (%1)").arg(repeat);
    }
    return result;
}

}  // namespace adstudio
