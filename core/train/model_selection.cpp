// SPDX-License-Identifier: MIT
#include "train/model_selection.h"

#include "common/atomic_file.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

#include <algorithm>

namespace adstudio {

Status adoptModelFolder(const QString& modelDir, const QString& outDir) {
    const QDir from(modelDir), to(outDir);
    for (const QString& name : from.entryList(QDir::Files)) {
        const QString target = to.filePath(name);
        if (QFile::exists(target) && !QFile::remove(target))
            return makeError(target, 0, 0, "cannot replace the file", "check permissions");
        if (!QFile::copy(from.filePath(name), target))
            return makeError(target, 0, 0, "cannot copy the chosen model here",
                             "check free disk space");
    }
    return {};
}

std::vector<RecommenderKind> selectionCandidates(const InteractionData& data,
                                                 RecommenderTask task) {
    if (RecommenderConfig::defaultsFor(data, task).model == RecommenderKind::NeuMF)
        return {RecommenderKind::NeuMF, RecommenderKind::Mf, RecommenderKind::Ease,
                RecommenderKind::EaseSequence};
    return {RecommenderKind::DeepFM, RecommenderKind::Mlp};
}

Result<TrainReport> trainBestRecommender(const InteractionData& data, RecommenderConfig config,
                                         ChosenSettings chosen, const QString& outDir,
                                         const JobContext& job, const TrainCallback& onEvent) {
    const auto candidates = selectionCandidates(data, config.task);
    // Choosing needs the validation split, which early stopping's patience turns on; a patience
    // as long as the run keeps every epoch and still restores the best one.
    if (config.patience <= 0) config.patience = std::max(1, config.epochs);
    QJsonArray table;
    std::optional<TrainReport> best;
    QString bestDir;
    for (const RecommenderKind kind : candidates) {
        const QString name = recommenderKindName(kind);
        RecommenderConfig candidate = config;
        candidate.model = kind;
        if (!chosen.layers) candidate.layers = RecommenderConfig::defaultLayers(kind);
        const OptimizerSettings suited =
            RecommenderConfig::defaultOptimizer(kind, data, config.task);
        if (!chosen.learningRate) candidate.optimizer.learningRate = suited.learningRate;
        if (!chosen.weightDecay) candidate.optimizer.weightDecay = suited.weightDecay;
        const QString dir = QDir(outDir).filePath("candidates/" + name);
        job.report({"train " + name, -1, 0, 0});
        auto report = trainRecommender(data, candidate, dir, false, job, onEvent);
        if (!report) return report.error();
        const QJsonObject& m = report->metrics;
        if (!m.contains("validation_score"))
            return makeError(outDir, 0, 0, "there is no validation split to choose a model by",
                             "train one model; the data has too few interactions per user");
        QJsonObject row{{"model", name},
                        {"validation_metric", m.value("validation_metric")},
                        {"validation_score", m.value("validation_score")},
                        {"best_epoch", m.value("best_epoch")},
                        {"train_seconds", m.value("train_seconds")}};
        for (const char* key : {"hr@10", "ndcg@10", "auc", "logloss", "rmse"})
            if (m.contains(key)) row.insert(QString("test_") + key, m.value(key));
        table.append(row);
        if (!best || m.value("validation_score").toDouble() >
                         best->metrics.value("validation_score").toDouble()) {
            best = std::move(*report);
            bestDir = dir;
        }
    }
    if (Status adopted = adoptModelFolder(bestDir, outDir); !adopted) return adopted.error();
    const QJsonObject selection{{"chosen", best->metrics.value("model")},
                                {"by", best->metrics.value("validation_metric")},
                                {"candidates", table}};
    if (Status s = writeJsonFile(QDir(outDir).filePath("selection.json"), selection); !s)
        return s.error();
    best->folder = outDir;
    best->metrics.insert("selection", selection);
    return *best;
}

}  // namespace adstudio
