// SPDX-License-Identifier: MIT
// The recommender's training loop: epochs of shuffled (and negative-sampled) batches, validation,
// early stopping, per-epoch checkpoints, then test metrics beside the baselines.
#include "train/recommender.h"

#include "common/random.h"
#include "runtime_info.h"
#include "train/detail/flat_optimizer.h"
#include "train/detail/interaction_plan.h"
#include "train/detail/recommender_net.h"
#include "train/detail/recommender_output.h"
#include "train/detail/recommender_scoring.h"
#include "train/detail/torch_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>
#include <cmath>

namespace adstudio {
namespace {

using detail::EvalSet;
using detail::InteractionPlan;
using detail::RecommenderNet;

constexpr std::uint64_t kEpochSalt = 0x9E3779B97F4A7C15ull;

// Higher is better: the validation score early stopping watches.
double validationScore(RecommenderTask task, const QJsonObject& metrics, int k) {
    if (task == RecommenderTask::Implicit)
        return metrics.value("hr@" + QString::number(k)).toDouble();
    if (task == RecommenderTask::Ctr) return metrics.value("auc").toDouble();
    return -metrics.value("rmse").toDouble();
}

// Where the loop stands; saved in checkpoint.pt so a resumed run continues exactly.
struct LoopState {
    int epochsDone = 0;
    std::vector<EpochRecord> history;
    double bestScore = -1e300;
    int bestEpoch = 0;
    int stale = 0;
    bool stopped = false;  // early stopping fired
    std::vector<torch::Tensor> best;

    QJsonObject toJson() const {
        return {{"epochs_done", epochsDone}, {"best_score", bestScore},
                {"best_epoch", bestEpoch},   {"stale", stale},
                {"stopped", stopped},        {"history", historyToJson(history)}};
    }
    void fromJson(const QJsonObject& json) {
        epochsDone = json.value("epochs_done").toInt();
        bestScore = json.value("best_score").toDouble();
        bestEpoch = json.value("best_epoch").toInt();
        stale = json.value("stale").toInt();
        stopped = json.value("stopped").toBool();
        history = historyFromJson(json.value("history").toArray());
    }
};

class Trainer {
public:
    Trainer(EncodedInteractions& encoding, InteractionPlan& plan, const RecommenderConfig& config,
            const JobContext& job, const TrainCallback& onEvent)
        : m_e(encoding), m_plan(plan), m_config(config), m_job(job), m_onEvent(onEvent) {}

    // Runs epochs [state.epochsDone, epochs). Returns false when cancelled.
    bool run(RecommenderNet& net, detail::FlatOptimizer& optimizer, LoopState& state, int epochs,
             const QString& phase, const std::function<Status(const LoopState&)>& afterEpoch,
             Status* failure) {
        const auto device = detail::trainingDevice();
        const bool implicit = m_e.task == RecommenderTask::Implicit;
        const bool hasContext = !implicit && (m_e.contextCategorical + m_e.contextNumeric) > 0;
        net.module().train();
        for (int epoch = state.epochsDone; epoch < epochs && !state.stopped; ++epoch) {
            models::adaptThreads(m_config.threads);  // the machine's load may have changed
            QElapsedTimer clock;
            clock.start();
            detail::seedTorch(m_config.seed * 1000003ull + std::uint64_t(epoch));
            Rng rng(m_config.seed ^ (kEpochSalt * std::uint64_t(epoch + 1)));
            const double rate = m_config.optimizer.rateAtEpoch(epoch);
            optimizer.setLearningRate(rate);
            const auto examples = detail::epochExamples(m_e, m_plan, m_config.negatives, rng);
            const auto users = detail::toTensor(examples.users).to(device);
            const auto items = detail::toTensor(examples.items).to(device);
            const auto labels = detail::toTensor(examples.labels).to(device);
            torch::Tensor rows;
            if (hasContext) {
                rows = torch::from_blob(const_cast<std::int64_t*>(examples.rows.data()),
                                        {std::int64_t(examples.rows.size())}, torch::kLong)
                           .clone()
                           .to(device);
            }
            torch::Tensor codes, values;
            if (net.usesFeatures()) {
                torch::NoGradGuard noGrad;
                net.features(users, items, rows, &codes, &values);
            }
            const std::int64_t n = users.size(0);
            const std::int64_t batch = std::max(1, m_config.batchSize);
            const std::int64_t batches = (n + batch - 1) / batch;
            double lossSum = 0;
            std::int64_t seen = 0;
            auto lastReport = std::chrono::steady_clock::now();
            for (std::int64_t b = 0; b < batches; ++b) {
                if (m_job.cancelled()) return false;
                const std::int64_t start = b * batch, size = std::min(batch, n - start);
                optimizer.zeroGrad();
                const auto logits =
                    codes.defined() ? net.forwardFeatures(codes.narrow(0, start, size),
                                                          values.narrow(0, start, size))
                                    : net.forward(users.narrow(0, start, size),
                                                  items.narrow(0, start, size), torch::Tensor());
                const auto target = labels.narrow(0, start, size);
                const auto loss = m_e.task == RecommenderTask::Rating
                                      ? torch::mse_loss(logits, target)
                                      : torch::binary_cross_entropy_with_logits(logits, target);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<double>() * double(size);
                seen += size;
                const auto now = std::chrono::steady_clock::now();
                if (now - lastReport > std::chrono::milliseconds(100) || b + 1 == batches) {
                    lastReport = now;
                    TrainEvent event;
                    event.phase = phase;
                    event.epoch = epoch + 1;
                    event.epochs = epochs;
                    event.batch = b + 1;
                    event.batches = batches;
                    event.loss = lossSum / double(seen);
                    event.samplesPerSecond =
                        double(seen) / std::max(1e-9, clock.nsecsElapsed() * 1e-9);
                    if (m_onEvent) m_onEvent(event);
                    m_job.report({QString("%1 epoch %2/%3").arg(phase).arg(epoch + 1).arg(epochs),
                                  double(b + 1) / double(batches), b + 1, batches});
                }
            }
            EpochRecord record;
            record.epoch = epoch + 1;
            record.learningRate = rate;
            record.loss = lossSum / double(std::max<std::int64_t>(1, seen));
            const double trainSeconds = clock.nsecsElapsed() * 1e-9;
            record.samplesPerSecond = double(seen) / std::max(1e-9, trainSeconds);
            QJsonObject validation;
            if (m_plan.validation.size() > 0) {
                validation = detail::metricsFromScores(
                    m_e.task, m_plan.validation,
                    detail::scoreEvalSet(net, m_e.task, m_plan.validation), m_config.k, "");
                for (auto it = validation.begin(); it != validation.end(); ++it)
                    record.values["val_" + it.key()] = it->toDouble();
            }
            record.seconds = clock.nsecsElapsed() * 1e-9;
            const double score = m_plan.validation.size() > 0
                                     ? validationScore(m_e.task, validation, m_config.k)
                                     : double(epoch);  // no validation: keep the latest
            if (score > state.bestScore) {
                state.bestScore = score;
                state.bestEpoch = epoch + 1;
                state.stale = 0;
                state.best = detail::snapshot(net.module());
            } else if (m_config.patience > 0 && ++state.stale >= m_config.patience) {
                state.stopped = true;
            }
            state.history.push_back(record);
            state.epochsDone = epoch + 1;
            TrainEvent event;
            event.phase = phase;
            event.epoch = epoch + 1;
            event.epochs = epochs;
            event.batch = event.batches = batches;
            event.loss = record.loss;
            event.samplesPerSecond = record.samplesPerSecond;
            event.epochEnd = true;
            event.values = record.values;
            if (m_onEvent) m_onEvent(event);
            if (afterEpoch) {
                if (Status saved = afterEpoch(state); !saved) {
                    *failure = saved;
                    return false;
                }
            }
        }
        if (!state.best.empty()) detail::restore(net.module(), state.best);
        return true;
    }

private:
    EncodedInteractions& m_e;
    InteractionPlan& m_plan;
    const RecommenderConfig& m_config;
    const JobContext& m_job;
    const TrainCallback& m_onEvent;
};

Status saveCheckpoint(const QString& path, RecommenderNet& net, detail::FlatOptimizer& optimizer,
                      const LoopState& state, const RecommenderConfig& config) {
    torch::serialize::OutputArchive archive;
    detail::writeModule(archive, "model", net.module());
    torch::serialize::OutputArchive optimizerArchive;
    optimizer.save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
    for (std::size_t i = 0; i < state.best.size(); ++i)
        archive.write("best_" + std::to_string(i), state.best[i], true);
    QJsonObject json = state.toJson();
    json.insert("best_tensors", int(state.best.size()));
    json.insert("config", config.toJson());
    detail::writeBytes(archive, "state", QJsonDocument(json).toJson(QJsonDocument::Compact));
    return detail::saveArchive(archive, path);
}

// Config fields that must match for a resume to be exact (epochs may grow).
QJsonObject resumeKey(const RecommenderConfig& config) {
    QJsonObject key = config.toJson();
    key.remove("epochs");
    key.remove("threads");
    return key;
}

Status loadCheckpoint(const QString& path, RecommenderNet& net, detail::FlatOptimizer& optimizer,
                      LoopState& state, const RecommenderConfig& config) {
    torch::serialize::InputArchive archive;
    if (Status loaded = detail::loadArchive(archive, path, detail::trainingDevice()); !loaded)
        return loaded;
    try {
        const QJsonObject json =
            QJsonDocument::fromJson(detail::readBytes(archive, "state")).object();
        auto saved = RecommenderConfig::fromJson(json.value("config").toObject());
        if (!saved || resumeKey(*saved) != resumeKey(config)) {
            return makeError(path, 0, 0, "the checkpoint was trained with other settings",
                             "resume with the same flags as the first run, or train afresh without "
                             "--resume");
        }
        detail::readModule(archive, "model", net.module(), detail::trainingDevice());
        optimizer.rebind();
        torch::serialize::InputArchive optimizerArchive;
        archive.read("optimizer", optimizerArchive);
        optimizer.load(optimizerArchive);
        state.fromJson(json);
        state.best.resize(std::size_t(json.value("best_tensors").toInt()));
        for (std::size_t i = 0; i < state.best.size(); ++i)
            state.best[i] = detail::readTensor(archive, "best_" + std::to_string(i));
    } catch (const std::exception& e) {
        return detail::torchError(path, e, "the checkpoint does not fit this data; train afresh");
    }
    return {};
}

// NeuMF pre-training (He et al. 2017, section 3.4.1): GMF and the MLP tower trained alone, their
// weights copied into NeuMF with the output layer blended half and half.
bool pretrainNeuMF(Trainer& trainer, RecommenderNet& net, const RecommenderConfig& config,
                   const EncodedInteractions& encoding, Status* failure) {
    const auto device = detail::trainingDevice();
    std::vector<RecommenderNet> parts;
    for (const auto kind : {RecommenderKind::Gmf, RecommenderKind::NcfMlp}) {
        detail::seedTorch(config.seed + (kind == RecommenderKind::Gmf ? 11 : 12));
        parts.emplace_back(kind, config, encoding, net.tables(), device);
        detail::FlatOptimizer optimizer(parts.back().module(), config.optimizer);
        LoopState state;
        if (!trainer.run(parts.back(), optimizer, state, config.epochs,
                         "pretrain " + recommenderKindName(kind), {}, failure))
            return false;
    }
    net.neumf()->loadPretrained(*parts[0].neumf(), *parts[1].neumf(), 0.5);
    return true;
}

}  // namespace

Result<TrainReport> trainRecommender(const InteractionData& data, const RecommenderConfig& config,
                                     const QString& outDir, bool resume, const JobContext& job,
                                     const TrainCallback& onEvent) {
    QElapsedTimer total;
    total.start();
    if (!config.optimizer.isValid())
        return makeError({}, 0, 0, "unknown optimizer " + config.optimizer.name,
                         "use adam, sgd or adagrad");
    if (config.epochs < 1 || config.batchSize < 1 || config.factors < 1 || config.k < 1)
        return makeError({}, 0, 0, "epochs, batch size, factors and k must be positive",
                         "pass positive values");
    if (!QDir().mkpath(outDir))
        return makeError(outDir, 0, 0, "cannot create the output folder", "check permissions");
    const QString checkpointPath = QDir(outDir).filePath("checkpoint.pt");
    if (resume && !QFileInfo::exists(checkpointPath))
        return makeError(checkpointPath, 0, 0, "nothing to resume",
                         "train once without --resume (or cancelled runs leave a checkpoint)");
    const int threads = models::configureThreads(config.threads);

    job.report({"encode", -1, 0, 0});
    auto encoded = encodeInteractions(data, config.task);
    if (!encoded) return encoded.error();
    EncodedInteractions& encoding = encoded.value();
    auto planned = detail::planInteractions(encoding, data, config);
    if (!planned) return planned.error();
    InteractionPlan& plan = planned.value();
    const bool neuMFFamily = config.model == RecommenderKind::Gmf ||
                             config.model == RecommenderKind::NcfMlp ||
                             config.model == RecommenderKind::NeuMF;
    if (encoding.task != RecommenderTask::Implicit && neuMFFamily &&
        encoding.contextCategorical + encoding.contextNumeric > 0) {
        // NeuMF reads ids only; say so rather than silently ignoring the columns.
        job.report({"NeuMF uses user and item ids only; side columns are ignored", -1, 0, 0});
    }

    try {
        const auto device = detail::trainingDevice();
        detail::seedTorch(config.seed);
        RecommenderNet net(config.model, config, encoding,
                           detail::FeatureTables::from(encoding, device), device);
        Trainer trainer(encoding, plan, config, job, onEvent);
        Status failure;
        if (!resume && config.pretrain && config.model == RecommenderKind::NeuMF) {
            if (!pretrainNeuMF(trainer, net, config, encoding, &failure))
                return failure.ok() ? cancelledError(outDir) : failure.error();
        }
        detail::FlatOptimizer optimizer(net.module(), config.optimizer);
        LoopState state;
        if (resume) {
            if (Status loaded = loadCheckpoint(checkpointPath, net, optimizer, state, config);
                !loaded)
                return loaded.error();
        }
        const int resumedFrom = state.epochsDone;
        const bool finished = trainer.run(
            net, optimizer, state, config.epochs, "train",
            [&](const LoopState& s) {
                if (Status saved = saveCheckpoint(checkpointPath, net, optimizer, s, config);
                    !saved)
                    return saved;
                return writeHistoryCsv(QDir(outDir).filePath("history.csv"), s.history);
            },
            &failure);
        if (!finished) return failure.ok() ? cancelledError(checkpointPath) : failure.error();

        job.report({"evaluate", -1, 0, 0});
        TrainReport report;
        report.folder = outDir;
        report.history = state.history;
        report.bestEpoch = state.bestEpoch;
        report.resumedFrom = resumedFrom;
        QJsonObject metrics = detail::testMetrics(net, encoding, plan, config);
        if (config.baselines) {
            QJsonObject baselines = detail::baselineMetrics(encoding, plan, config);
            if (encoding.task == RecommenderTask::Ctr &&
                config.model != RecommenderKind::Logistic) {
                // Logistic regression over the same fields, trained with the same settings.
                RecommenderConfig lrConfig = config;
                lrConfig.model = RecommenderKind::Logistic;
                detail::seedTorch(config.seed + 13);
                RecommenderNet lr(RecommenderKind::Logistic, lrConfig, encoding, net.tables(),
                                  device);
                detail::FlatOptimizer lrOptimizer(lr.module(), config.optimizer);
                Trainer lrTrainer(encoding, plan, lrConfig, job, onEvent);
                LoopState lrState;
                if (!lrTrainer.run(lr, lrOptimizer, lrState, config.epochs, "baseline lr", {},
                                   &failure))
                    return failure.ok() ? cancelledError(outDir) : failure.error();
                const QJsonObject lrMetrics = detail::metricsFromScores(
                    encoding.task, plan.test, detail::scoreEvalSet(lr, encoding.task, plan.test),
                    config.k, "lr_");
                for (auto it = lrMetrics.begin(); it != lrMetrics.end(); ++it)
                    baselines.insert(it.key(), *it);
            }
            for (auto it = baselines.begin(); it != baselines.end(); ++it)
                metrics.insert(it.key(), *it);
        }
        double trainSeconds = 0, samples = 0;
        for (const auto& r : state.history) {
            trainSeconds += r.seconds;
            samples += r.samplesPerSecond * r.seconds;
        }
        metrics.insert("model", recommenderKindName(config.model));
        metrics.insert("task", recommenderTaskName(encoding.task));
        metrics.insert("users", encoding.userCount());
        metrics.insert("items", encoding.itemCount());
        metrics.insert("train_rows", double(plan.trainRows.size()));
        metrics.insert("test_rows", double(plan.test.size()));
        metrics.insert("epochs_run", state.epochsDone);
        metrics.insert("best_epoch", state.bestEpoch);
        metrics.insert("train_seconds", trainSeconds);
        metrics.insert("samples_per_s",
                       state.history.empty() ? 0.0 : state.history.back().samplesPerSecond);
        metrics.insert("device", device.is_cuda() ? "cuda" : "cpu");
        metrics.insert("threads", threads);
        report.metrics = metrics;
        if (Status written = detail::writeModelFolder(outDir, net, encoding, plan, config, metrics,
                                                      state.bestEpoch);
            !written)
            return written.error();
        report.seconds = total.nsecsElapsed() * 1e-9;
        return report;
    } catch (const std::exception& e) {
        return detail::torchError(outDir, e, "check the settings (sizes, layers) and the data");
    }
}

}  // namespace adstudio
