// SPDX-License-Identifier: MIT
// RecommenderConfig and kind names: plain data, kept out of the torch translation units.
#include "train/recommender.h"

#include <QJsonArray>

namespace adstudio {
namespace {
const std::pair<RecommenderKind, const char*> kKindNames[] = {
    {RecommenderKind::Mlp, "mlp"},
    {RecommenderKind::Gmf, "gmf"},
    {RecommenderKind::NcfMlp, "ncf-mlp"},
    {RecommenderKind::NeuMF, "neumf"},
    {RecommenderKind::Mf, "mf"},
    {RecommenderKind::DeepFM, "deepfm"},
    {RecommenderKind::Logistic, "lr"},
    {RecommenderKind::Ease, "ease"},
    {RecommenderKind::EaseSequence, "ease-seq"},
};
}  // namespace

QString recommenderKindName(RecommenderKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "neumf";
}

bool isClosedForm(RecommenderKind kind) {
    return kind == RecommenderKind::Ease || kind == RecommenderKind::EaseSequence;
}

bool parseRecommenderKind(const QString& text, RecommenderKind* out) {
    for (const auto& [k, name] : kKindNames) {
        if (text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            *out = k;
            return true;
        }
    }
    return false;
}

QString recommenderTaskName(RecommenderTask task) {
    switch (task) {
        case RecommenderTask::Auto:
            return "auto";
        case RecommenderTask::Implicit:
            return "implicit";
        case RecommenderTask::Ctr:
            return "ctr";
        case RecommenderTask::Rating:
            return "rating";
    }
    return "auto";
}

bool parseRecommenderTask(const QString& text, RecommenderTask* out) {
    for (auto task : {RecommenderTask::Auto, RecommenderTask::Implicit, RecommenderTask::Ctr,
                      RecommenderTask::Rating}) {
        if (text == recommenderTaskName(task)) {
            *out = task;
            return true;
        }
    }
    return false;
}

QJsonObject RecommenderConfig::toJson() const {
    QJsonArray layerArray;
    for (const auto units : layers) layerArray.append(qint64(units));
    return {{"model", recommenderKindName(model)},
            {"task", recommenderTaskName(task)},
            {"optimizer", optimizer.toJson()},
            {"epochs", epochs},
            {"batch_size", batchSize},
            {"factors", factors},
            {"layers", layerArray},
            {"dropout", dropout},
            {"negatives", negatives},
            {"eval_negatives", evalNegatives},
            {"k", k},
            {"patience", patience},
            {"pretrain", pretrain},
            {"baselines", baselines},
            {"lambda", lambda},
            {"seed", QString::number(seed)},
            {"threads", threads}};
}

Result<RecommenderConfig> RecommenderConfig::fromJson(const QJsonObject& json) {
    RecommenderConfig c;
    if (!parseRecommenderKind(json.value("model").toString(), &c.model) ||
        !parseRecommenderTask(json.value("task").toString("auto"), &c.task)) {
        return makeError("model.json", 0, 0, "unknown model or task in the saved settings",
                         "train the model again with this version of AdStudio");
    }
    c.optimizer = OptimizerSettings::fromJson(json.value("optimizer").toObject());
    c.epochs = json.value("epochs").toInt(c.epochs);
    c.batchSize = json.value("batch_size").toInt(c.batchSize);
    c.factors = json.value("factors").toInt(c.factors);
    c.layers.clear();
    for (const auto& units : json.value("layers").toArray()) c.layers.push_back(units.toInt());
    c.dropout = json.value("dropout").toDouble(c.dropout);
    c.negatives = json.value("negatives").toInt(c.negatives);
    c.evalNegatives = json.value("eval_negatives").toInt(c.evalNegatives);
    c.k = json.value("k").toInt(c.k);
    c.patience = json.value("patience").toInt(c.patience);
    c.pretrain = json.value("pretrain").toBool(c.pretrain);
    c.baselines = json.value("baselines").toBool(c.baselines);
    c.lambda = json.value("lambda").toDouble(c.lambda);
    c.seed = json.value("seed").toString("42").toULongLong();
    c.threads = json.value("threads").toInt(c.threads);
    return c;
}

RecommenderConfig RecommenderConfig::defaultsFor(const InteractionData& data,
                                                 RecommenderTask task) {
    RecommenderConfig config;
    config.task = task;
    const bool labelled = data.interactions.findRole(ColumnRole::Label) != nullptr;
    config.model = labelled && task != RecommenderTask::Implicit ? RecommenderKind::DeepFM
                                                                 : RecommenderKind::NeuMF;
    config.layers = defaultLayers(config.model);
    config.optimizer = defaultOptimizer(config.model, data, task);
    return config;
}

OptimizerSettings RecommenderConfig::defaultOptimizer(RecommenderKind kind,
                                                      const InteractionData& data,
                                                      RecommenderTask task) {
    OptimizerSettings settings;
    const bool clicks = data.interactions.findRole(ColumnRole::Label) != nullptr &&
                        (task == RecommenderTask::Auto || task == RecommenderTask::Ctr);
    if (clicks && (kind == RecommenderKind::DeepFM || kind == RecommenderKind::Mlp))
        settings.weightDecay = 1e-3;
    if (clicks && kind == RecommenderKind::DeepFM) settings.learningRate = 3e-3;
    return settings;
}

std::vector<int64_t> RecommenderConfig::defaultLayers(RecommenderKind kind) {
    if (kind == RecommenderKind::NeuMF || kind == RecommenderKind::NcfMlp) return {64, 32, 16, 8};
    return {64, 32};
}

}  // namespace adstudio
