// SPDX-License-Identifier: MIT
// The recommender's training loop: epochs of shuffled (and negative-sampled) batches, validation,
// early stopping, per-epoch checkpoints, then test metrics beside the baselines.
#include "train/recommender.h"

#include "common/random.h"
#include "runtime_info.h"
#include "train/detail/checkpoint.h"
#include "train/detail/epoch_reporter.h"
#include "train/detail/flat_optimizer.h"
#include "train/detail/gradient_sync.h"
#include "train/detail/interaction_plan.h"
#include "train/detail/item_sequences.h"
#include "train/detail/recommender_net.h"
#include "train/detail/recommender_output.h"
#include "train/detail/recommender_scoring.h"
#include "train/detail/torch_support.h"
#include "train/metrics.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace adstudio {
namespace {

using detail::EvalSet;
using detail::InteractionPlan;
using detail::RecommenderNet;

constexpr std::uint64_t kEpochSalt = 0x9E3779B97F4A7C15ull;

// Held-out sets scored by every rank's share (none: one process scores all of it).
detail::ScoringShare scoringShare(detail::GradientSync* sync) {
    if (!sync) return {};
    return {sync->rank(), sync->worldSize(), [sync](torch::Tensor& x) { sync->sumUncounted(x); }};
}

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

// One epoch's examples on the training device, this rank's share of each global batch: ids and
// labels (the models that read fields gather each batch's codes from them).
struct EpochBatches {
    // `rows`: each example's interaction row (-1 for a sampled negative), where the model reads
    // context features; undefined when it reads none.
    torch::Tensor users, items, labels, rows;
    // Global batch b is [batchStarts[b], batchStarts[b + 1]) of the tensors above.
    std::vector<std::int64_t> batchStarts;
    std::int64_t count = 0;  // the epoch's examples over all ranks
};

// Seconds since the last lap: the phases of a training step.
class LapTimer {
public:
    LapTimer() { m_timer.start(); }
    double lap() {
        const double seconds = double(m_timer.nsecsElapsed()) * 1e-9;
        m_timer.restart();
        return seconds;
    }

private:
    QElapsedTimer m_timer;
};

// Where this process's training steps went (on a GPU the launches, not the kernels): the
// optimizer's part includes zeroing the gradients; data-parallel communication is the
// GradientSync's own figure.
struct StepSeconds {
    double forward = 0, backward = 0, optimizer = 0;
};

// The epochs of one network: shuffled (and negative-sampled) batches, validation, early
// stopping on the validation score, the best epoch's weights kept.
class TrainingLoop {
public:
    TrainingLoop(const EncodedInteractions& encoding, const InteractionPlan& plan,
                 const RecommenderConfig& config, const JobContext& job,
                 const TrainCallback& onEvent, detail::GradientSync* sync = nullptr)
        : m_e(encoding),
          m_plan(plan),
          m_config(config),
          m_job(job),
          m_onEvent(onEvent),
          m_sync(sync) {}

    const StepSeconds& stepSeconds() const { return m_stepSeconds; }

    // Runs epochs [state.epochsDone, epochs) of `phase`, then restores the best epoch's weights.
    // `afterEpoch` (the checkpoint) runs after each epoch. A cancelled Error when cancelled.
    Status run(RecommenderNet& net, detail::FlatOptimizer& optimizer, LoopState& state, int epochs,
               const QString& phase,
               const std::function<Status(const LoopState&)>& afterEpoch = {}) const {
        net.module().train();
        for (int epoch = state.epochsDone; epoch < epochs && !state.stopped; ++epoch) {
            models::adaptThreads(m_config.threads);  // the machine's load may have changed
            QElapsedTimer clock;  // the epoch's time, drawing its examples included
            clock.start();
            const double rate = m_config.optimizer.rateAtEpoch(epoch);
            optimizer.setLearningRate(rate);
            const EpochBatches examples = prepareEpoch(epoch);
            detail::EpochReporter reporter(phase, epoch + 1, epochs, batchCount(examples), m_job,
                                           m_onEvent);
            auto loss = trainEpoch(net, optimizer, examples, reporter);
            if (!loss) return loss.error();
            EpochRecord record;
            record.epoch = epoch + 1;
            record.learningRate = rate;
            record.loss = *loss;
            record.samplesPerSecond =
                double(examples.count) / std::max(1e-9, clock.nsecsElapsed() * 1e-9);
            QJsonObject validation;
            try {
                validation = validate(net);
            } catch (const std::exception& e) {
                if (!m_sync) throw;
                return m_sync->lostRankError(e);
            }
            for (auto it = validation.begin(); it != validation.end(); ++it)
                record.values["val_" + it.key()] = it->toDouble();
            record.seconds = clock.nsecsElapsed() * 1e-9;
            // Without a validation set the latest epoch is kept.
            keepIfBest(net, state, epoch + 1,
                       validation.isEmpty() ? double(epoch)
                                            : validationScore(m_e.task, validation, m_config.k));
            state.history.push_back(record);
            state.epochsDone = epoch + 1;
            if (afterEpoch)
                if (Status saved = afterEpoch(state); !saved) return saved;
            reporter.epochEnd(record);  // after the checkpoint: an ended epoch is a saved one
        }
        if (!state.best.empty()) detail::restore(net.module(), state.best);
        return {};
    }

    // EASE has no epochs: one solve per regularization λ of the grid (or the one configured),
    // each a row of the history, the best on validation kept. The sequential form also chooses
    // how much its rules weigh against B, per λ (no solve needed).
    Status fitClosedForm(RecommenderNet& net, LoopState& state,
                         const std::function<Status(const LoopState&)>& afterFit) const {
        const bool validating = m_plan.validation.size() > 0;
        // Without a validation split nothing may choose λ: Steck's middle of the road then.
        const std::vector<double> lambdas =
            m_config.lambda > 0 ? std::vector<double>{m_config.lambda}
            : !validating       ? std::vector<double>{100}
                                : std::vector<double>{1, 3, 10, 30, 100, 300, 1000, 3000};
        const bool sequential = m_config.model == RecommenderKind::EaseSequence;
        const std::vector<double> ruleWeights = !sequential  ? std::vector<double>{0}
                                                : validating ? std::vector<double>{0.3, 1, 3}
                                                             : std::vector<double>{1};
        struct Setting {
            double lambda, ruleWeight;
        };
        std::vector<Setting> grid;
        for (const double lambda : lambdas)
            for (const double weight : ruleWeights) grid.push_back({lambda, weight});

        auto sequences = detail::itemSequences(m_e, m_plan.trainRows);
        QElapsedTimer gram;
        gram.start();
        ClosedFormInputs inputs = setClosedFormHistory(net, sequences);
        const double gramSeconds = gram.nsecsElapsed() * 1e-9;
        Solved solved;
        for (std::size_t i = 0; i < grid.size(); ++i) {
            if (m_job.cancelled()) return cancelledError({});
            QElapsedTimer clock;
            clock.start();
            detail::EpochReporter reporter("fit " + recommenderKindName(m_config.model), int(i) + 1,
                                           int(grid.size()), 1, m_job, m_onEvent);
            if (i == 0 || grid[i].lambda != grid[i - 1].lambda) solved = solve(net, grid[i].lambda);
            if (sequential) setRuleWeight(net, inputs, grid[i].ruleWeight * solved.spread);
            EpochRecord record;
            record.epoch = int(i) + 1;
            record.loss = solved.loss;
            record.values["lambda"] = grid[i].lambda;
            if (sequential) record.values["rule_weight"] = grid[i].ruleWeight;
            const QJsonObject validation = validate(net);
            for (auto it = validation.begin(); it != validation.end(); ++it)
                record.values["val_" + it.key()] = it->toDouble();
            record.seconds = clock.nsecsElapsed() * 1e-9 + (i == 0 ? gramSeconds : 0);
            record.samplesPerSecond =
                double(m_plan.trainRows.size()) / std::max(1e-9, record.seconds);
            keepIfBest(
                net, state, record.epoch,
                validation.isEmpty() ? 0.0 : validationScore(m_e.task, validation, m_config.k));
            state.history.push_back(record);
            state.epochsDone = record.epoch;
            reporter.epochEnd(record);
        }
        if (!state.best.empty()) detail::restore(net.module(), state.best);
        // Implicit feedback: the setting chosen, B (and the rules) are fitted again with each
        // user's validation item in the history, its latest, as it is when the test item comes
        // (the test item itself stays unseen).
        if (m_e.task == RecommenderTask::Implicit && validating && state.bestEpoch > 0) {
            for (std::int64_t i = 0; i < m_plan.validation.size(); ++i)
                sequences[std::size_t(m_plan.validation.users[std::size_t(i)])].push_back(
                    m_plan.validation.items[std::size_t(i)]);
            const Setting best = grid[std::size_t(state.bestEpoch - 1)];
            inputs = setClosedFormHistory(net, sequences);
            solved = solve(net, best.lambda);
            if (sequential) setRuleWeight(net, inputs, best.ruleWeight * solved.spread);
        }
        return afterFit ? afterFit(state) : Status{};
    }

private:
    // The sequential model's recent items and rules before they are weighed against B, and the
    // spread (standard deviation) of the scores they give.
    struct ClosedFormInputs {
        torch::Tensor recent, rules;
        double spread = 0;
    };

    // B for one λ, the squared residual of the history it leaves (the "loss" of its row) and
    // the spread of the scores it gives: one product of history and B per λ.
    struct Solved {
        double loss = 0, spread = 0;
    };
    static Solved solve(RecommenderNet& net, double lambda) {
        net.ease()->solve(lambda);
        torch::NoGradGuard noGrad;
        const auto scores = net.ease()->historyScores();
        return {(net.ease()->history() - scores).pow(2).mean().item<double>(),
                scores.std().item<double>()};
    }

    // Plain EASE reads a 0/1 history; the sequential form a recency-weighted one and its rules.
    ClosedFormInputs setClosedFormHistory(
        RecommenderNet& net, const std::vector<std::vector<std::int32_t>>& sequences) const {
        const auto device = detail::trainingDevice();
        const std::int64_t users = m_e.userCount(), items = m_e.itemCount();
        const auto matrix = [&](std::vector<float> values, std::int64_t rows) {
            return torch::from_blob(values.data(), {rows, items}, torch::kFloat).clone().to(device);
        };
        if (m_config.model != RecommenderKind::EaseSequence) {
            detail::SequenceWeighting flat;
            flat.historyDecay = 1;  // every item weighs 1: the 0/1 history
            net.ease()->setHistory(
                matrix(detail::recencyWeightedHistory(sequences, int(items), flat), users));
            return {};
        }
        const detail::SequenceWeighting weighting;
        net.ease()->setHistory(
            matrix(detail::recencyWeightedHistory(sequences, int(items), weighting), users));
        ClosedFormInputs inputs{
            matrix(detail::recentItems(sequences, int(items), weighting), users),
            matrix(detail::sequentialRules(sequences, int(items), weighting), items)};
        torch::NoGradGuard noGrad;
        inputs.spread = inputs.recent.mm(inputs.rules).std().item<double>();
        return inputs;
    }

    // The rules scaled so that their scores spread `spread` wide (a weight times B's spread):
    // the two parts are counted in different units, and only their balance is chosen on
    // validation.
    static void setRuleWeight(RecommenderNet& net, const ClosedFormInputs& inputs, double spread) {
        torch::NoGradGuard noGrad;
        const double scale = inputs.spread > 0 ? spread / inputs.spread : 0;
        net.ease()->setSequence(inputs.recent, inputs.rules * scale);
    }

    std::int64_t batchCount(const EpochBatches& examples) const {
        const std::int64_t batch = std::max(1, m_config.batchSize);
        return (examples.count + batch - 1) / batch;
    }

    // The epoch's examples, drawn from the epoch's own seed so a resumed run draws the same.
    EpochBatches prepareEpoch(int epoch) const {
        const auto device = detail::trainingDevice();
        detail::seedTorch(m_config.seed * 1000003ull + std::uint64_t(epoch));
        Rng rng(m_config.seed ^ (kEpochSalt * std::uint64_t(epoch + 1)));
        const bool hasContext = m_e.task != RecommenderTask::Implicit &&
                                (m_e.contextCategorical + m_e.contextNumeric) > 0;
        // Each rank keeps only its share: when every rank built the whole epoch, two ranks
        // doing so at once took 1.6-2.2 s each on a 200,000-user world (0.3-0.4 s alone).
        detail::EpochShare share;
        share.batch = std::max(1, m_config.batchSize);
        if (m_sync) {
            share.rank = m_sync->rank();
            share.ranks = m_sync->worldSize();
        }
        auto examples =
            detail::epochExamples(m_e, m_plan, m_config.negatives, rng, share, hasContext);
        EpochBatches out;
        out.users = detail::adoptTensor(std::move(examples.users)).to(device);
        out.items = detail::adoptTensor(std::move(examples.items)).to(device);
        out.labels = detail::adoptTensor(std::move(examples.labels)).to(device);
        if (hasContext) out.rows = detail::adoptTensor(std::move(examples.rows)).to(device);
        out.batchStarts = std::move(examples.batchStarts);
        out.count = examples.total;
        return out;
    }

    // One pass over the epoch's batches; the mean training loss.
    Result<double> trainEpoch(RecommenderNet& net, detail::FlatOptimizer& optimizer,
                              const EpochBatches& examples, detail::EpochReporter& reporter) const {
        const std::int64_t n = examples.count;
        const std::int64_t batch = std::max(1, m_config.batchSize);
        const std::int64_t batches = batchCount(examples);
        double lossSum = 0;
        std::int64_t seen = 0;
        for (std::int64_t b = 0; b < batches; ++b) {
            if (m_job.cancelled()) return cancelledError({});
            const std::int64_t start = b * batch, size = std::min(batch, n - start);
            if (m_sync) {
                auto summed = dataParallelStep(net, optimizer, examples, b, size);
                if (!summed) return summed.error();
                lossSum += *summed;
                seen += size;
                if (reporter.due(b)) reporter.batch(b, lossSum / double(seen), double(seen));
                continue;
            }
            LapTimer timer;
            optimizer.zeroGrad();
            m_stepSeconds.optimizer += timer.lap();
            const auto loss = batchLoss(net, examples, examples.batchStarts[std::size_t(b)], size,
                                        at::Reduction::Mean);
            m_stepSeconds.forward += timer.lap();
            loss.backward();
            lossSum += loss.item<double>() * double(size);
            m_stepSeconds.backward += timer.lap();
            optimizer.step();
            m_stepSeconds.optimizer += timer.lap();
            seen += size;
            if (reporter.due(b)) reporter.batch(b, lossSum / double(seen), double(seen));
        }
        return lossSum / double(std::max<std::int64_t>(1, seen));
    }

    // The loss (MSE for ratings, else cross-entropy on logits) of examples [from, from + count).
    torch::Tensor batchLoss(RecommenderNet& net, const EpochBatches& examples, std::int64_t from,
                            std::int64_t count, at::Reduction::Reduction reduction) const {
        // A feature model gathers its batch's codes here, not for the whole epoch up front: the
        // epoch's codes were 1.2 GB on a 200,000-user world (33 fields), 3 s per epoch to
        // gather, and each rank of data-parallel training would gather every rank's.
        const auto part = [&](const torch::Tensor& t) {
            return t.defined() ? t.narrow(0, from, count) : t;
        };
        const auto logits =
            net.forward(part(examples.users), part(examples.items), part(examples.rows));
        const auto target = examples.labels.narrow(0, from, count);
        return m_e.task == RecommenderTask::Rating
                   ? torch::mse_loss(logits, target, reduction)
                   : torch::binary_cross_entropy_with_logits(logits, target, {}, {}, reduction);
    }

    // Global batch `b` of `size` examples, of which this rank holds its share: the losses
    // summed and divided by the global batch size, so the gradients summed over the ranks are
    // those of the global batch's mean loss. The global batch's loss sum.
    Result<double> dataParallelStep(RecommenderNet& net, detail::FlatOptimizer& optimizer,
                                    const EpochBatches& examples, std::int64_t b,
                                    std::int64_t size) const {
        const std::int64_t from = examples.batchStarts[std::size_t(b)];
        const std::int64_t count = examples.batchStarts[std::size_t(b) + 1] - from;
        LapTimer timer;
        optimizer.zeroGrad();
        m_stepSeconds.optimizer += timer.lap();
        double lossSum = 0;
        if (count > 0) {
            const auto summed = batchLoss(net, examples, from, count, at::Reduction::Sum);
            m_stepSeconds.forward += timer.lap();
            (summed / double(size)).backward();
            lossSum = summed.item<double>();
            m_stepSeconds.backward += timer.lap();
        }
        try {
            m_sync->allReduce(net.module(), &lossSum, &optimizer.rowSparseTables());
            timer.lap();  // the GradientSync counts its own seconds
        } catch (const std::exception& e) {
            return m_sync->lostRankError(e);
        }
        optimizer.step();
        m_stepSeconds.optimizer += timer.lap();
        return lossSum;
    }

    // The validation metrics (empty without a validation set); in data-parallel training each
    // rank scores its share, and every rank computes the same metrics from all the scores, so
    // early stopping stops them together.
    QJsonObject validate(RecommenderNet& net) const {
        if (m_plan.validation.size() == 0) return {};
        return detail::metricsFromScores(
            m_e.task, m_plan.validation,
            detail::scoreEvalSet(net, m_e.task, m_plan.validation, scoringShare(m_sync)),
            m_config.k, "");
    }

    // Early stopping: the best epoch's weights are kept; `patience` epochs without a better
    // score stop the loop.
    void keepIfBest(RecommenderNet& net, LoopState& state, int epoch, double score) const {
        if (score > state.bestScore) {
            state.bestScore = score;
            state.bestEpoch = epoch;
            state.stale = 0;
            state.best = detail::snapshot(net.module());
        } else if (m_config.patience > 0 && ++state.stale >= m_config.patience) {
            state.stopped = true;
        }
    }

    const EncodedInteractions& m_e;
    const InteractionPlan& m_plan;
    const RecommenderConfig& m_config;
    const JobContext& m_job;
    const TrainCallback& m_onEvent;
    detail::GradientSync* m_sync;       // data-parallel: this rank's share, gradients summed
    mutable StepSeconds m_stepSeconds;  // the epochs run through const methods
};

detail::CheckpointParts checkpointParts(RecommenderNet& net, detail::FlatOptimizer& optimizer) {
    return {{{"model", &net.module()}}, {{"optimizer", &optimizer}}};
}

Status saveCheckpoint(const QString& path, RecommenderNet& net, detail::FlatOptimizer& optimizer,
                      const LoopState& state, const RecommenderConfig& config) {
    return detail::saveCheckpoint(path, checkpointParts(net, optimizer), state.toJson(),
                                  config.toJson(), state.best);
}

Status loadCheckpoint(const QString& path, RecommenderNet& net, detail::FlatOptimizer& optimizer,
                      LoopState& state, const RecommenderConfig& config) {
    auto saved =
        detail::loadCheckpoint(path, checkpointParts(net, optimizer), config.toJson(), &state.best);
    if (!saved) return saved.error();
    state.fromJson(*saved);
    return {};
}

// A click model's probabilities made probabilities: Platt scaling fitted on the validation split
// (the test split stays unseen), with the validation ECE before and after.
QJsonObject calibrate(RecommenderNet& net, const EncodedInteractions& encoding,
                      const InteractionPlan& plan, const detail::ScoringShare& share) {
    if (encoding.task != RecommenderTask::Ctr || plan.validation.size() == 0) return {};
    const auto raw = detail::scoreEvalSet(net, encoding.task, plan.validation, share);
    net.setCalibration(detail::fitCalibration(raw, plan.validation.labels));
    const auto calibrated = detail::scoreEvalSet(net, encoding.task, plan.validation, share);
    return {{"scale", net.calibration().scale},
            {"shift", net.calibration().shift},
            {"val_ece_raw", expectedCalibrationError(raw, plan.validation.labels)},
            {"val_ece", expectedCalibrationError(calibrated, plan.validation.labels)}};
}

// Embedding tables of at least 131,072 numbers (512 KB) train row-sparse: a step then costs its
// batch's rows, not the table's. Measured on 2 cores (docs/distributed-training.md): one process
// on a 200,000-user demo world trains NeuMF 7x faster per epoch (DeepFM 3x); on 20,000 users the
// same speed in one process, 2.4x faster in two. Below the line the model decides. DeepFM's
// tables are row-sparse at any size: on the demo click log with the studio's defaults, 10 seeds,
// the same AUC (paired difference -0.0003, standard error 0.0012) and calibration in 0.69x the
// training time; on ML-100K the same HR@10 in 0.82x the time, and 1.12-1.33x the samples/s in two
// processes. (Without L2 its calibration error rose 0.0018 on average.) NeuMF needed more epochs
// row-sparse on ML-100K (1.19x the time), so its small tables stay dense.
// ADSTUDIO_ROW_SPARSE_FLOATS overrides the line (tests, benchmarks).
std::vector<torch::Tensor> rowSparseTables(RecommenderNet& net) {
    bool given = false;
    const int floats = qEnvironmentVariableIntValue("ADSTUDIO_ROW_SPARSE_FLOATS", &given);
    if (given) return net.rowSparseTables(floats);
    return net.rowSparseTables(net.kind() == RecommenderKind::DeepFM ? 1 : std::int64_t(1) << 17);
}

Status checkSettings(const RecommenderConfig& config) {
    if (!config.optimizer.isValid())
        return makeError({}, 0, 0, "unknown optimizer " + config.optimizer.name,
                         "use adam, sgd or adagrad");
    if (config.epochs < 1 || config.batchSize < 1 || config.factors < 1 || config.k < 1)
        return makeError({}, 0, 0, "epochs, batch size, factors and k must be positive",
                         "use positive values");
    return {};
}

// NeuMF pre-training (He et al. 2017, section 3.4.1): GMF and the MLP tower trained alone, their
// weights copied into NeuMF with the output layer blended half and half.
Status pretrainNeuMF(const TrainingLoop& loop, RecommenderNet& net, const RecommenderConfig& config,
                     const EncodedInteractions& encoding) {
    const auto device = detail::trainingDevice();
    std::vector<RecommenderNet> parts;
    for (const auto kind : {RecommenderKind::Gmf, RecommenderKind::NcfMlp}) {
        detail::seedTorch(config.seed + (kind == RecommenderKind::Gmf ? 11 : 12));
        parts.emplace_back(kind, config, encoding, net.tables(), device);
        detail::FlatOptimizer optimizer(parts.back().module(), config.optimizer,
                                        rowSparseTables(parts.back()));
        LoopState state;
        if (Status trained = loop.run(parts.back(), optimizer, state, config.epochs,
                                      "pretrain " + recommenderKindName(kind));
            !trained)
            return trained;
    }
    net.neumf()->loadPretrained(*parts[0].neumf(), *parts[1].neumf(), 0.5);
    return {};
}

// Logistic regression over the same fields, trained with the same settings but without L2
// (which cost it AUC on a Criteo-layout log): the baseline a click model has to beat. Its test
// metrics prefixed "lr_".
Result<QJsonObject> logisticBaseline(const EncodedInteractions& encoding,
                                     const InteractionPlan& plan, const RecommenderConfig& config,
                                     const detail::FeatureTables& tables, const JobContext& job,
                                     const TrainCallback& onEvent) {
    RecommenderConfig lrConfig = config;
    lrConfig.model = RecommenderKind::Logistic;
    detail::seedTorch(config.seed + 13);
    RecommenderNet lr(RecommenderKind::Logistic, lrConfig, encoding, tables,
                      detail::trainingDevice());
    lrConfig.optimizer.weightDecay = 0;
    detail::FlatOptimizer optimizer(lr.module(), lrConfig.optimizer, rowSparseTables(lr));
    LoopState state;
    const TrainingLoop loop(encoding, plan, lrConfig, job, onEvent);
    if (Status trained = loop.run(lr, optimizer, state, config.epochs, "baseline lr"); !trained)
        return trained.error();
    return detail::metricsFromScores(encoding.task, plan.test,
                                     detail::scoreEvalSet(lr, encoding.task, plan.test), config.k,
                                     "lr_");
}

// The baselines beside the model's test metrics; a cancelled logistic baseline is left out
// (and said so) rather than costing the finished model.
Result<QJsonObject> baselines(const EncodedInteractions& encoding, const InteractionPlan& plan,
                              const RecommenderConfig& config, const detail::FeatureTables& tables,
                              const JobContext& job, const TrainCallback& onEvent) {
    QJsonObject out = detail::baselineMetrics(encoding, plan, config);
    if (encoding.task != RecommenderTask::Ctr || config.model == RecommenderKind::Logistic)
        return out;
    auto lr = logisticBaseline(encoding, plan, config, tables, job, onEvent);
    if (!lr && !lr.error().cancelled) return lr.error();
    if (!lr) {
        out.insert("lr_baseline", "cancelled");
        return out;
    }
    for (auto it = lr->begin(); it != lr->end(); ++it) out.insert(it.key(), *it);
    return out;
}

}  // namespace

Result<TrainReport> trainRecommender(const InteractionData& data, const RecommenderConfig& config,
                                     const QString& outDir, bool resume, const JobContext& job,
                                     const TrainCallback& onEvent) {
    QElapsedTimer total;
    total.start();
    if (Status valid = checkSettings(config); !valid) return valid.error();
    if (!QDir().mkpath(outDir))
        return makeError(outDir, 0, 0, "cannot create the output folder", "check permissions");
    const QString checkpointPath = QDir(outDir).filePath("checkpoint.pt");
    if (resume && !QFileInfo::exists(checkpointPath))
        return withRemedy(makeError(checkpointPath, 0, 0, "nothing to resume",
                                    "train from the start; a cancelled run leaves a checkpoint"),
                          {Remedy::Kind::StartAfresh, {}, {}});
    const int threads = models::configureThreads(config.threads);

    job.report({"encode", -1, 0, 0});
    auto encoded = encodeInteractions(data, config.task);
    if (!encoded) return encoded.error();
    const EncodedInteractions& encoding = encoded.value();
    auto planned = detail::planInteractions(encoded.value(), data, config);
    if (!planned) return planned.error();
    const InteractionPlan& plan = planned.value();
    const bool neuMFFamily = config.model == RecommenderKind::Gmf ||
                             config.model == RecommenderKind::NcfMlp ||
                             config.model == RecommenderKind::NeuMF ||
                             config.model == RecommenderKind::Mf || isClosedForm(config.model);
    if (encoding.featureOnly && neuMFFamily) {
        return makeError(data.interactions.sourcePath(), 1, 0,
                         QStringLiteral("%1 learns from user and item ids, and this click log "
                                        "has fields only")
                             .arg(recommenderKindName(config.model)),
                         "train deepfm, lr or mlp on it (--model deepfm), or map the user and "
                         "item columns");
    }
    // EASE holds the users x items history and an items x items matrix in memory.
    constexpr double kEaseCells = 2e8;
    if (isClosedForm(config.model) &&
        (double(encoding.userCount()) * encoding.itemCount() > kEaseCells ||
         double(encoding.itemCount()) * encoding.itemCount() > kEaseCells)) {
        return makeError(data.interactions.sourcePath(), 0, 0,
                         QStringLiteral("EASE would hold %1 users x %2 items in memory")
                             .arg(encoding.userCount())
                             .arg(encoding.itemCount()),
                         "train mf or neumf on a log this large");
    }
    if (encoding.task != RecommenderTask::Implicit && neuMFFamily &&
        encoding.contextCategorical + encoding.contextNumeric > 0) {
        // NeuMF and MF read ids only; say so rather than silently ignoring the columns.
        job.report(
            {"NeuMF, MF and EASE use user and item ids only; side columns are ignored", -1, 0, 0});
    }

    std::unique_ptr<detail::GradientSync> sync;
    if (config.distributed.active()) {
        if (isClosedForm(config.model))
            return makeError({}, 0, 0, "EASE is one closed-form solve, not epochs to share",
                             "train EASE in one process (without --workers)");
        job.report({QString("join %1 ranks").arg(config.distributed.worldSize), -1, 0, 0});
        auto joined = detail::GradientSync::connect(config.distributed);
        if (!joined) return joined.error();
        sync = std::move(joined.value());
    }
    // Rank 0 alone writes checkpoints and the model folder, evaluates and trains the baselines.
    const bool leader = config.distributed.isLeader();

    try {
        const auto device = detail::trainingDevice();
        detail::seedTorch(config.seed);
        RecommenderNet net(config.model, config, encoding,
                           detail::FeatureTables::from(encoding, device), device);
        const TrainingLoop loop(encoding, plan, config, job, onEvent, sync.get());
        if (!resume && config.pretrain && config.model == RecommenderKind::NeuMF) {
            if (Status pretrained = pretrainNeuMF(loop, net, config, encoding); !pretrained)
                return pretrained.error().cancelled ? cancelledError(outDir) : pretrained.error();
        }
        detail::FlatOptimizer optimizer(net.module(), config.optimizer, rowSparseTables(net));
        LoopState state;
        if (resume) {
            if (Status loaded = loadCheckpoint(checkpointPath, net, optimizer, state, config);
                !loaded)
                return loaded.error();
        }
        const int resumedFrom = state.epochsDone;
        const auto keep = [&](const LoopState& s) {
            if (!leader) return Status{};
            if (Status saved = saveCheckpoint(checkpointPath, net, optimizer, s, config); !saved)
                return saved;
            return writeHistoryCsv(QDir(outDir).filePath("history.csv"), s.history);
        };
        if (isClosedForm(config.model)) state = LoopState{};  // a solve, not epochs
        const Status trained = isClosedForm(config.model)
                                   ? loop.fitClosedForm(net, state, keep)
                                   : loop.run(net, optimizer, state, config.epochs, "train", keep);
        if (!trained)
            return trained.error().cancelled ? cancelledError(checkpointPath) : trained.error();
        // Every rank scores its share of the validation split (calibration) and the test split;
        // rank 0 then has all the scores, one process's numbers.
        job.report({"evaluate", -1, 0, 0});
        QJsonObject calibration, metrics;
        try {
            const detail::ScoringShare share = scoringShare(sync.get());
            calibration = calibrate(net, encoding, plan, share);
            metrics = detail::testMetrics(net, encoding, plan, config, share);
        } catch (const std::exception& e) {
            if (!sync) throw;
            return sync->lostRankError(e);
        }
        if (!leader) {
            TrainReport report;  // the other ranks' part ends with the test split's scores
            report.history = state.history;
            report.bestEpoch = state.bestEpoch;
            report.metrics = {{"rank", config.distributed.rank}};
            report.seconds = total.nsecsElapsed() * 1e-9;
            return report;
        }
        if (!calibration.isEmpty()) metrics.insert("calibration", calibration);
        if (config.baselines) {
            auto compared = baselines(encoding, plan, config, net.tables(), job, onEvent);
            if (!compared) return compared.error();
            for (auto it = compared->begin(); it != compared->end(); ++it)
                metrics.insert(it.key(), *it);
        }
        double trainSeconds = 0;
        for (const auto& r : state.history) trainSeconds += r.seconds;
        metrics.insert("model", recommenderKindName(config.model));
        metrics.insert("task", recommenderTaskName(encoding.task));
        metrics.insert("users", encoding.userCount());
        metrics.insert("items", encoding.itemCount());
        metrics.insert("fields", int(encoding.categorical.size() + encoding.numeric.size()));
        if (encoding.featureOnly) metrics.insert("feature_only", true);
        metrics.insert("train_rows", double(plan.trainRows.size()));
        metrics.insert("test_rows", double(plan.test.size()));
        metrics.insert("epochs_run", state.epochsDone);
        metrics.insert("best_epoch", state.bestEpoch);
        // What model selection compares: the best epoch's validation score (never the test's).
        if (plan.validation.size() > 0) {
            metrics.insert("validation_score", state.bestScore);
            metrics.insert("validation_metric", encoding.task == RecommenderTask::Implicit
                                                    ? "hr@" + QString::number(config.k)
                                                : encoding.task == RecommenderTask::Ctr
                                                    ? QStringLiteral("auc")
                                                    : QStringLiteral("-rmse"));
        }
        metrics.insert("train_seconds", trainSeconds);
        metrics.insert("samples_per_s",
                       state.history.empty() ? 0.0 : state.history.back().samplesPerSecond);
        metrics.insert("forward_seconds", loop.stepSeconds().forward);
        metrics.insert("backward_seconds", loop.stepSeconds().backward);
        metrics.insert("optimizer_seconds", loop.stepSeconds().optimizer);
        metrics.insert("device", device.is_cuda() ? "cuda" : "cpu");
        metrics.insert("threads", threads);
        if (sync) {
            metrics.insert("world_size", sync->worldSize());
            metrics.insert("allreduce_bytes_per_step", double(sync->bytesPerStep()));
            metrics.insert("communication_seconds", sync->communicationSeconds());
            metrics.insert("collective_seconds", sync->collectiveSeconds());
            metrics.insert("slot_overflows", double(sync->slotOverflows()));
            metrics.insert("steps", double(sync->steps()));
        }
        if (Status written = detail::writeModelFolder(outDir, net, encoding, plan, config, metrics,
                                                      state.bestEpoch);
            !written)
            return written.error();
        TrainReport report;
        report.folder = outDir;
        report.history = state.history;
        report.bestEpoch = state.bestEpoch;
        report.resumedFrom = resumedFrom;
        report.metrics = metrics;
        report.seconds = total.nsecsElapsed() * 1e-9;
        return report;
    } catch (const std::exception& e) {
        return detail::torchError(outDir, e, "check the settings (sizes, layers) and the data");
    }
}

}  // namespace adstudio
