// SPDX-License-Identifier: MIT
#include "train/tuning.h"

#include "common/atomic_file.h"
#include "common/random.h"
#include "train/model_selection.h"

#include <QDir>
#include <QJsonArray>

#include <cmath>
#include <initializer_list>
#include <optional>

namespace adstudio {
namespace {

constexpr std::uint64_t kTuneSalt = 0x2545F4914F6CDD1Dull;

template <typename T>
T pick(Rng& rng, std::initializer_list<T> values) {
    return *(values.begin() + rng.below(values.size()));
}

// Log-uniform, rounded to two significant digits (the double nearest "0.00047", not
// 0.00047000000000000004) so the trials table reads easily.
double logUniform(Rng& rng, double low, double high) {
    const double value = std::exp(rng.uniform(std::log(low), std::log(high)));
    return QString::number(value, 'g', 2).toDouble();
}

bool readsIdsOnly(RecommenderKind kind) {
    return kind == RecommenderKind::Gmf || kind == RecommenderKind::NcfMlp ||
           kind == RecommenderKind::NeuMF || kind == RecommenderKind::Mf;
}

bool hasHiddenLayers(RecommenderKind kind) {
    return kind == RecommenderKind::NcfMlp || kind == RecommenderKind::NeuMF ||
           kind == RecommenderKind::DeepFM || kind == RecommenderKind::Mlp;
}

RecommenderTask effectiveTask(const InteractionData& data, RecommenderTask task) {
    if (task != RecommenderTask::Auto) return task;
    return data.interactions.findRole(ColumnRole::Label) ? RecommenderTask::Ctr
                                                         : RecommenderTask::Implicit;
}

bool isBaselineMetric(const QString& key) {
    for (const char* prefix : {"itempop_", "random_", "lr_", "mean_"})
        if (key.startsWith(QLatin1String(prefix))) return true;
    return false;
}

const QStringList kSettingColumns{"model",      "factors",   "lr",      "weight_decay",
                                  "batch_size", "negatives", "dropout", "lambda"};

Status writeTrialsCsv(const QString& path, const QJsonArray& rows) {
    QStringList lines{(QStringList{"trial"} + kSettingColumns +
                       QStringList{"validation_metric", "validation_score", "best_epoch",
                                   "epochs_run", "seconds"})
                          .join(',')};
    for (const auto& value : rows) {
        const QJsonObject row = value.toObject();
        const QJsonObject settings = row.value("settings").toObject();
        QStringList cells{QString::number(row.value("trial").toInt())};
        for (const QString& column : kSettingColumns)
            cells << (settings.contains(column) ? settings.value(column).toVariant().toString()
                                                : QString());
        cells << row.value("validation_metric").toString()
              << QString::number(row.value("validation_score").toDouble(), 'g', 6)
              << QString::number(row.value("best_epoch").toInt())
              << QString::number(row.value("epochs_run").toInt())
              << QString::number(row.value("seconds").toDouble(), 'f', 1);
        lines << cells.join(',');
    }
    return writeFileAtomically(path, (lines.join('\n') + '\n').toUtf8());
}

QJsonObject trialJson(const TuneTrial& trial) {
    return {{"trial", trial.index},
            {"settings", trial.settings},
            {"validation_metric", trial.validationMetric},
            {"validation_score", trial.validationScore},
            {"best_epoch", trial.bestEpoch},
            {"epochs_run", trial.epochsRun},
            {"seconds", trial.seconds}};
}

}  // namespace

RecommenderConfig sampleTrialConfig(const RecommenderConfig& base, RecommenderTask task,
                                    int index) {
    RecommenderConfig c = base;
    Rng rng(base.seed ^ (kTuneSalt * std::uint64_t(index)));
    if (isClosedForm(base.model)) {
        c.lambda = logUniform(rng, 1, 10000);
        return c;
    }
    c.optimizer.learningRate = logUniform(rng, 3e-4, 1e-2);
    // Adam's L2 reaches every embedding row each step: 1e-4 collapsed MF on ML-100K (HR 0.44).
    // On click logs L2 helps DeepFM and the MLP (1e-3 is their default): search around it.
    c.optimizer.weightDecay = task == RecommenderTask::Implicit
                                  ? pick(rng, {0.0, 1e-7, 1e-6, 1e-5})
                                  : pick(rng, {0.0, 1e-5, 1e-4, 1e-3, 3e-3});
    c.batchSize = pick(rng, {256, 512, 1024});
    c.factors =
        readsIdsOnly(base.model) ? pick(rng, {8, 16, 32, 64, 128}) : pick(rng, {4, 8, 16, 32});
    if (task == RecommenderTask::Implicit) c.negatives = pick(rng, {2, 4, 8, 16});
    if (hasHiddenLayers(base.model)) c.dropout = pick(rng, {0.0, 0.1, 0.3, 0.5});
    return c;
}

QJsonObject trialSettings(const RecommenderConfig& c, RecommenderTask task) {
    QJsonObject s{{"model", recommenderKindName(c.model)}};
    if (isClosedForm(c.model)) {
        s.insert("lambda", c.lambda);
        return s;
    }
    s.insert("factors", c.factors);
    s.insert("lr", c.optimizer.learningRate);
    s.insert("weight_decay", c.optimizer.weightDecay);
    s.insert("batch_size", c.batchSize);
    if (task == RecommenderTask::Implicit) s.insert("negatives", c.negatives);
    if (hasHiddenLayers(c.model)) s.insert("dropout", c.dropout);
    return s;
}

QString describeTrialSettings(const QJsonObject& settings) {
    QStringList parts;
    for (auto it = settings.begin(); it != settings.end(); ++it)
        if (it.key() != QLatin1String("model"))
            parts << QString("%1 %2").arg(it.key(), it->toVariant().toString());
    return parts.join(", ");
}

Result<TrainReport> tuneRecommender(const InteractionData& data, const RecommenderConfig& base,
                                    int trials, const QString& outDir, const JobContext& job,
                                    const TrainCallback& onEvent, const TrialCallback& onTrial) {
    if (trials < 1) return makeError({}, 0, 0, "--tune needs at least 1 trial", "use --tune 20");
    RecommenderConfig reference = base;
    // Choosing needs the validation split, which early stopping's patience turns on.
    if (reference.patience <= 0) reference.patience = std::max(1, reference.epochs);
    const RecommenderTask task = effectiveTask(data, reference.task);
    QJsonArray rows;
    QJsonObject baselineMetrics;
    std::optional<TrainReport> best;
    QString bestDir;
    int bestTrial = 0;
    for (int index = 1; index <= trials; ++index) {
        RecommenderConfig config =
            index == 1 ? reference : sampleTrialConfig(reference, task, index);
        config.baselines = index == 1 && base.baselines;  // the same split for every trial
        const QString dir =
            QDir(outDir).filePath(QString("trials/%1").arg(index, 2, 10, QChar('0')));
        job.report({QString("trial %1 of %2").arg(index).arg(trials), -1, 0, 0});
        auto report = trainRecommender(data, config, dir, false, job, onEvent);
        if (!report) {
            if (report.error().cancelled && best) break;  // keep what finished
            return report.error();
        }
        const QJsonObject& m = report->metrics;
        if (!m.contains("validation_score"))
            return makeError(outDir, 0, 0, "there is no validation split to tune on",
                             "train without --tune; the data has too few interactions per user");
        TuneTrial trial;
        trial.index = index;
        trial.settings = trialSettings(config, task);
        trial.validationMetric = m.value("validation_metric").toString();
        trial.validationScore = m.value("validation_score").toDouble();
        trial.bestEpoch = m.value("best_epoch").toInt();
        trial.epochsRun = m.value("epochs_run").toInt();
        trial.seconds = report->seconds;
        trial.folder = dir;
        rows.append(trialJson(trial));
        if (Status s = writeTrialsCsv(QDir(outDir).filePath("trials.csv"), rows); !s)
            return s.error();
        if (index == 1)
            for (auto it = m.begin(); it != m.end(); ++it)
                if (isBaselineMetric(it.key())) baselineMetrics.insert(it.key(), *it);
        if (onTrial) onTrial(trial);
        if (!best || trial.validationScore > best->metrics.value("validation_score").toDouble()) {
            best = std::move(*report);
            bestDir = dir;
            bestTrial = index;
        }
        if (job.cancelled()) break;
    }
    if (Status adopted = adoptModelFolder(bestDir, outDir); !adopted) return adopted.error();
    const QJsonObject bestSettings = rows.at(bestTrial - 1).toObject().value("settings").toObject();
    const QJsonObject tuning{{"trials", rows.size()},
                             {"best_trial", bestTrial},
                             {"by", best->metrics.value("validation_metric")},
                             {"best_settings", bestSettings}};
    QJsonObject tuneFile = tuning;
    tuneFile.insert("table", rows);
    if (Status s = writeJsonFile(QDir(outDir).filePath("tune.json"), tuneFile); !s)
        return s.error();
    // The baselines were measured once, on trial 1's run of the same split.
    for (auto it = baselineMetrics.begin(); it != baselineMetrics.end(); ++it)
        if (!best->metrics.contains(it.key())) best->metrics.insert(it.key(), *it);
    best->metrics.insert("tuning", tuning);
    if (Status s = writeJsonFile(QDir(outDir).filePath("metrics.json"), best->metrics); !s)
        return s.error();
    best->folder = outDir;
    return *best;
}

}  // namespace adstudio
