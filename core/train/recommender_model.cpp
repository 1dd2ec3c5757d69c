// SPDX-License-Identifier: MIT
// A trained recommender folder loaded for inference: recommend, similar, predict, evaluate.
#include "train/recommender.h"

#include "common/atomic_file.h"
#include "data/ncf_files.h"
#include "train/detail/recommender_net.h"
#include "train/detail/recommender_scoring.h"
#include "train/detail/torch_support.h"

#include <QDir>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>

namespace adstudio {

struct RecommenderModel::State {
    QString folder;
    QJsonObject info;
    RecommenderConfig config;
    EncodedInteractions encoding;
    std::unique_ptr<detail::RecommenderNet> net;
    std::vector<std::vector<std::int32_t>> seen;
    std::vector<float> itemCounts;
    detail::EvalSet test;
    torch::Tensor testCodes, testValues;
    std::mutex mutex;  // the network is not re-entrant (train/eval mode switches)
};

namespace {

std::vector<std::int32_t> toInts(const torch::Tensor& tensor) {
    const auto cpu = tensor.to(torch::kCPU, torch::kInt).contiguous();
    return std::vector<std::int32_t>(cpu.data_ptr<std::int32_t>(),
                                     cpu.data_ptr<std::int32_t>() + cpu.numel());
}

QStringList stringList(const QJsonValue& value) {
    QStringList out;
    for (const auto& v : value.toArray()) out.append(v.toString());
    return out;
}

std::vector<ScoredItem> topK(const std::vector<float>& scores, const QStringList& ids, int k,
                             const std::vector<char>& excluded) {
    std::vector<int> order;
    for (int i = 0; i < int(scores.size()); ++i)
        if (excluded.empty() || !excluded[std::size_t(i)]) order.push_back(i);
    const auto top = std::min<std::size_t>(std::size_t(std::max(0, k)), order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(top), order.end(),
                      [&](int a, int b) {
                          return scores[std::size_t(a)] > scores[std::size_t(b)] ||
                                 (scores[std::size_t(a)] == scores[std::size_t(b)] && a < b);
                      });
    std::vector<ScoredItem> out;
    for (std::size_t i = 0; i < top; ++i)
        out.push_back({ids[order[i]], order[i], scores[std::size_t(order[i])]});
    return out;
}

}  // namespace

Result<RecommenderModel> RecommenderModel::load(const QString& folder) {
    const QDir dir(folder);
    const QString fix = "choose a folder written by recommender training (it holds model.json)";
    auto info = readJsonFile(dir.filePath("model.json"), fix);
    if (!info) return info.error();
    if (info->value("format").toString() != "adstudio-recommender")
        return makeError(dir.filePath("model.json"), 0, 0, "not an AdStudio recommender", fix);
    auto config = RecommenderConfig::fromJson(info->value("config").toObject());
    if (!config) return config.error();
    RecommenderModel model;
    model.d = std::make_shared<State>();
    State& s = *model.d;
    s.folder = folder;
    s.info = *info;
    s.config = *config;
    s.encoding =
        encodingFromJson(info->value("fields").toObject(), stringList(info->value("user_ids")),
                         stringList(info->value("item_ids")));
    const QString path = dir.filePath("model.pt");
    try {
        const auto device = detail::trainingDevice();
        torch::serialize::InputArchive archive;
        if (Status loaded = detail::loadArchive(archive, path, device); !loaded)
            return loaded.error();
        detail::FeatureTables tables;
        torch::serialize::InputArchive tableArchive;
        archive.read("tables", tableArchive);
        tables.read(tableArchive);
        s.net = std::make_unique<detail::RecommenderNet>(s.config.model, s.config, s.encoding,
                                                         tables, device);
        detail::readModule(archive, "model", s.net->module(), device);
        s.net->module().eval();
        const QJsonObject calibration = info->value("calibration").toObject();
        s.net->setCalibration(
            {calibration.value("scale").toDouble(1), calibration.value("shift").toDouble(0)});
        auto read = [&](const char* key) { return detail::readTensor(archive, key); };
        s.itemCounts = detail::toFloats(read("item_counts"));
        const auto off = toInts(read("seen_offsets"));
        const auto all = toInts(read("seen_items"));
        for (std::size_t u = 0; u + 1 < off.size(); ++u)
            s.seen.emplace_back(all.begin() + off[u], all.begin() + off[u + 1]);
        s.seen.resize(std::size_t(s.encoding.userCount()));
        s.test.users = toInts(read("test_users"));
        s.test.items = toInts(read("test_items"));
        s.test.negatives = toInts(read("test_negatives"));
        s.test.labels = detail::toFloats(read("test_labels"));
        s.test.negativesPerRow = info->value("test_negatives_per_row").toInt();
        s.testCodes = read("test_codes");
        s.testValues = read("test_values");
    } catch (const std::exception& e) {
        return detail::torchError(path, e, "the model folder is damaged; train again");
    }
    return model;
}

const QJsonObject& RecommenderModel::info() const {
    return d->info;
}
const QStringList& RecommenderModel::userIds() const {
    return d->encoding.userIds;
}
const QStringList& RecommenderModel::itemIds() const {
    return d->encoding.itemIds;
}
RecommenderKind RecommenderModel::kind() const {
    return d->config.model;
}
RecommenderTask RecommenderModel::task() const {
    return d->encoding.task;
}

Result<RecommenderModel> RecommenderModel::fineTuned(const std::vector<std::int32_t>& users,
                                                     const std::vector<std::int32_t>& items,
                                                     const std::vector<float>& labels,
                                                     const FineTuneOptions& options) const {
    if (d->encoding.task == RecommenderTask::Rating) {
        return makeError(QString(), 0, 0, "a rating model cannot learn from clicks",
                         "train a click model (a 0/1 label) for serving");
    }
    if (users.empty() || users.size() != items.size() || users.size() != labels.size())
        return makeError(QString(), 0, 0, "no labeled pairs to fine-tune on",
                         "log some rewards first");
    RecommenderModel copy;
    try {
        const auto device = detail::trainingDevice();
        copy = deepCopy();
        State& s = *copy.d;
        torch::manual_seed(options.seed);
        const auto n = std::int64_t(users.size());
        const auto u = torch::tensor(users, torch::kLong).to(device);
        const auto i = torch::tensor(items, torch::kLong).to(device);
        const auto y = torch::tensor(labels, torch::kFloat).to(device);
        torch::optim::Adam optimizer(s.net->module().parameters(),
                                     torch::optim::AdamOptions(options.learningRate));
        s.net->module().train();
        for (int epoch = 0; epoch < options.epochs; ++epoch) {
            const auto order =
                torch::randperm(n, torch::TensorOptions().dtype(torch::kLong)).to(device);
            for (std::int64_t start = 0; start < n; start += options.batchSize) {
                const auto batch = order.slice(0, start, std::min(n, start + options.batchSize));
                optimizer.zero_grad();
                // Through the calibration: what is learnt is the probability serving shows.
                const auto logits = s.net->calibrated(
                    s.net->forward(u.index_select(0, batch), i.index_select(0, batch), {}));
                const auto loss =
                    torch::binary_cross_entropy_with_logits(logits, y.index_select(0, batch));
                loss.backward();
                optimizer.step();
            }
        }
        s.net->module().eval();
    } catch (const std::exception& e) {
        return detail::torchError(QString(), e,
                                  "fine-tuning failed; the model in use is unchanged");
    }
    return copy;
}

RecommenderModel RecommenderModel::deepCopy() const {
    RecommenderModel copy;
    copy.d = std::make_shared<State>();
    State& s = *copy.d;
    std::lock_guard<std::mutex> lock(d->mutex);
    s.info = d->info;
    s.config = d->config;
    s.encoding = d->encoding;
    s.seen = d->seen;
    s.itemCounts = d->itemCounts;
    s.test = d->test;
    s.testCodes = d->testCodes;
    s.testValues = d->testValues;
    s.net = std::make_unique<detail::RecommenderNet>(s.config.model, s.config, s.encoding,
                                                     d->net->tables(), detail::trainingDevice());
    s.net->setCalibration(d->net->calibration());
    torch::NoGradGuard noGrad;
    const auto from = d->net->module().parameters();
    auto to = s.net->module().parameters();
    for (std::size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
    const auto fromBuffers = d->net->module().buffers();
    auto toBuffers = s.net->module().buffers();
    for (std::size_t i = 0; i < fromBuffers.size(); ++i) toBuffers[i].copy_(fromBuffers[i]);
    s.net->module().eval();
    return copy;
}

Status RecommenderModel::saveWeights(const QString& path) const {
    try {
        torch::serialize::OutputArchive archive;
        {
            std::lock_guard<std::mutex> lock(d->mutex);
            detail::writeModule(archive, "model", d->net->module());
        }
        return detail::saveArchive(archive, path);
    } catch (const std::exception& e) {
        return detail::torchError(path, e, "check free disk space");
    }
}

Result<RecommenderModel> RecommenderModel::withWeights(const QString& path) const {
    try {
        RecommenderModel copy = deepCopy();
        torch::serialize::InputArchive archive;
        if (Status loaded = detail::loadArchive(archive, path, detail::trainingDevice()); !loaded)
            return loaded.error();
        detail::readModule(archive, "model", copy.d->net->module(), detail::trainingDevice());
        copy.d->net->module().eval();
        return copy;
    } catch (const std::exception& e) {
        return detail::torchError(path, e, "these weights belong to another model");
    }
}

float RecommenderModel::calibrated(float rawProbability) const {
    if (d->encoding.task == RecommenderTask::Rating) return rawProbability;
    const double p = std::clamp(double(rawProbability), 1e-7, 1 - 1e-7);
    const detail::Calibration& c = d->net->calibration();
    return float(1 / (1 + std::exp(-(c.scale * std::log(p / (1 - p)) + c.shift))));
}

std::vector<float> RecommenderModel::predict(const std::vector<std::int32_t>& users,
                                             const std::vector<std::int32_t>& items,
                                             bool calibrated) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    return detail::scoreTriples(*d->net, d->encoding.task, users, items, {}, calibrated);
}

bool RecommenderModel::featureOnly() const {
    return d->encoding.featureOnly;
}

Error RecommenderModel::featureOnlyError(const QString& what) const {
    return makeError(d->folder, 0, 0,
                     QStringLiteral("%1 need user and item ids, and this model was trained on a "
                                    "click log of fields alone (it predicts clicks from an "
                                    "impression's fields)")
                         .arg(what),
                     "train on a log with user and item columns (name them user_id and item_id, "
                     "or map them on the Data page or with --column NAME=user)");
}

Result<std::vector<ScoredItem>> RecommenderModel::recommend(const QString& userId, int k) const {
    if (featureOnly()) return featureOnlyError(QStringLiteral("Recommendations"));
    const int user = d->encoding.userIndex(userId);
    if (user < 0) {
        return makeError(userId, 0, 0, "unknown user id",
                         "use an id from the training data (model.json lists them)");
    }
    const int items = d->encoding.itemCount();
    std::vector<std::int32_t> users(std::size_t(items), user), all(static_cast<std::size_t>(items));
    std::iota(all.begin(), all.end(), 0);
    const auto scores = predict(users, all);
    std::vector<char> excluded(std::size_t(items), 0);
    for (const auto item : d->seen[std::size_t(user)]) excluded[std::size_t(item)] = 1;
    return topK(scores, d->encoding.itemIds, k, excluded);
}

Result<std::vector<ScoredItem>> RecommenderModel::similar(const QString& itemId, int k) const {
    if (featureOnly()) return featureOnlyError(QStringLiteral("Similar items"));
    const int item = d->encoding.itemIndex(itemId);
    if (item < 0)
        return makeError(itemId, 0, 0, "unknown item id", "use an id from the training data");
    torch::Tensor vectors;
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        vectors = d->net->itemEmbeddings().to(torch::kCPU);
    }
    const auto normalized = torch::nn::functional::normalize(
        vectors, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto scores = detail::toFloats(normalized.matmul(normalized[item]));
    std::vector<char> excluded(scores.size(), 0);
    excluded[std::size_t(item)] = 1;
    return topK(scores, d->encoding.itemIds, k, excluded);
}

namespace {
// Labels of one categorical side field from a codes table whose columns are that source's
// fields in order.
QStringList attribute(const EncodedInteractions& e, FeatureSource source, const QString& field,
                      const torch::Tensor& codes) {
    int column = 0;
    for (const auto& f : e.categorical) {
        if (f.source != source) continue;
        if (f.name == field) {
            const auto values = toInts(codes.select(1, column));
            QStringList out;
            for (const auto code : values) out << f.vocabulary.value(code);
            return out;
        }
        ++column;
    }
    return {};
}
}  // namespace

QStringList RecommenderModel::userAttribute(const QString& field) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    return attribute(d->encoding, FeatureSource::User, field, d->net->tables().userCodes);
}

QStringList RecommenderModel::userFields() const {
    std::lock_guard<std::mutex> lock(d->mutex);
    QStringList fields;
    for (const auto& f : d->encoding.categorical) {
        if (f.source == FeatureSource::User) fields << f.name;
    }
    return fields;
}

QStringList RecommenderModel::itemAttribute(const QString& field) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    return attribute(d->encoding, FeatureSource::Item, field, d->net->tables().itemCodes);
}

QString RecommenderModel::itemCategoryField() const {
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->encoding.itemCategoryColumn;
}

std::vector<float> RecommenderModel::userEmbeddings(int* dim) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    const auto vectors = d->net->userEmbeddings();
    *dim = int(vectors.size(1));
    return detail::toFloats(vectors);
}

std::vector<float> RecommenderModel::itemEmbeddings(int* dim) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    const auto vectors = d->net->itemEmbeddings();
    *dim = int(vectors.size(1));
    return detail::toFloats(vectors);
}

Result<QJsonObject> RecommenderModel::evaluate(int k, const QString& testRating,
                                               const QString& testNegative) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    detail::EvalSet test = d->test;
    if (!testNegative.isEmpty() || !testRating.isEmpty()) {
        if (d->encoding.task != RecommenderTask::Implicit)
            return makeError(testRating + testNegative, 0, 0,
                             "NCF test files apply to implicit-feedback models only",
                             "evaluate this model on its own test split instead");
        auto negatives = readNcfNegatives(testNegative.isEmpty() ? testRating : testNegative);
        if (!negatives) return negatives.error();
        test = {};
        test.negativesPerRow = negatives->negativesPerRow;
        std::int64_t dropped = 0;
        for (std::size_t i = 0; i < negatives->users.size(); ++i) {
            const int u = d->encoding.userIndex(QString::number(negatives->users[i]));
            const int p = d->encoding.itemIndex(QString::number(negatives->positives[i]));
            std::vector<std::int32_t> row;
            bool known = u >= 0 && p >= 0;
            for (int j = 0; known && j < negatives->negativesPerRow; ++j) {
                const int n = d->encoding.itemIndex(QString::number(
                    negatives
                        ->negatives[i * std::size_t(negatives->negativesPerRow) + std::size_t(j)]));
                known = n >= 0;
                row.push_back(n);
            }
            if (!known) {
                ++dropped;
                continue;
            }
            test.users.push_back(u);
            test.items.push_back(p);
            test.negatives.insert(test.negatives.end(), row.begin(), row.end());
        }
        if (test.users.empty())
            return makeError(testNegative, 0, 0, "no test row uses ids the model knows",
                             "give the test files of the data the model was trained on");
    }
    auto& tables = d->net->tables();
    // CTR test rows carry their context features; swap them in for the evaluation.
    const auto contextCodes = tables.contextCodes, contextValues = tables.contextValues;
    if (d->encoding.task != RecommenderTask::Implicit) {
        tables.contextCodes = d->testCodes;
        tables.contextValues = d->testValues;
        test.rows.resize(test.users.size());
        std::iota(test.rows.begin(), test.rows.end(), 0);
    }
    QJsonObject metrics = detail::metricsFromScores(
        d->encoding.task, test, detail::scoreEvalSet(*d->net, d->encoding.task, test), k, "");
    tables.contextCodes = contextCodes;
    tables.contextValues = contextValues;
    if (d->encoding.task == RecommenderTask::Implicit) {
        const int items = d->encoding.itemCount();
        metrics.insert("recall@" + QString::number(k),
                       detail::fullRankingRecall(
                           [&](const std::vector<std::int32_t>& users) {
                               return detail::scoreAllItems(*d->net, d->encoding.task, users,
                                                            items);
                           },
                           test, d->seen, items, k));
    }
    detail::InteractionPlan plan;
    plan.test = test;
    plan.seen = d->seen;
    plan.itemCounts = d->itemCounts;
    RecommenderConfig config = d->config;
    config.k = k;
    // Label-mean baselines need the training rows, which the folder does not keep; ItemPop and
    // random are recomputed, the trained baselines are read back from metrics.json.
    if (d->encoding.task == RecommenderTask::Implicit) {
        const QJsonObject baselines = detail::baselineMetrics(d->encoding, plan, config);
        for (auto it = baselines.begin(); it != baselines.end(); ++it)
            metrics.insert(it.key(), *it);
    } else {
        const QJsonObject saved = d->info.value("metrics").toObject();
        for (auto it = saved.begin(); it != saved.end(); ++it)
            if (it.key().startsWith("lr_") || it.key().startsWith("mean_"))
                metrics.insert(it.key(), *it);
    }
    metrics.insert("model", recommenderKindName(d->config.model));
    metrics.insert("task", recommenderTaskName(d->encoding.task));
    metrics.insert("test_rows", double(test.users.size()));
    return metrics;
}

}  // namespace adstudio
