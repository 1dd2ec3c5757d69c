// SPDX-License-Identifier: MIT
// The conditional GAN's training loop: hinge or non-saturating BCE, projection discriminator,
// EMA generator, per-epoch quality scores, sample grids and checkpoints.
#include "train/gan.h"

#include "common/atomic_file.h"
#include "conditional_gan.h"
#include "runtime_info.h"
#include "train/detail/checkpoint.h"
#include "train/detail/epoch_reporter.h"
#include "train/detail/flat_optimizer.h"
#include "train/detail/gan_quality.h"
#include "train/detail/gradient_sync.h"
#include "train/detail/image_tensor.h"
#include "train/detail/torch_support.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <chrono>
#include <memory>
#include <optional>

namespace adstudio {
namespace {

constexpr std::uint64_t kEvalNoiseSalt = 0xE7A1'0000'0000'0001ull;
constexpr std::uint64_t kGridNoiseSalt = 0x6A1D'0000'0000'0002ull;
constexpr int kGridColumns = 8;

models::ConditionalGanOptions ganOptions(const GanConfig& config, int classes, int channels) {
    models::ConditionalGanOptions o;
    o.classes = classes;
    o.resolution = config.resolution;
    o.channels = channels;
    o.latent = config.latent;
    o.width = config.width;
    o.conditionalNorm = config.conditionalNorm;
    o.auxiliaryClassifier = config.auxiliaryClass > 0;
    return o;
}

// Noise from its own generator, so sampling never disturbs the training stream.
torch::Tensor seededNoise(int64_t n, int64_t latent, std::uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    return torch::randn({n, latent}, generator, torch::kFloat);
}

struct Quality {
    double consistency = 0, frechet = 0, diversity = 0;
    std::vector<double> consistencyByClass;  // where the mean hides one class drawn badly
};

// The scorer's view of real data: two disjoint halves (the Fréchet floor) with their classes.
struct RealReference {
    torch::Tensor features, classes, otherHalf;
    double floor = 0;
};

Quality measure(models::ConditionalGenerator& generator, models::ImageClassifier& classifier,
                const RealReference& real, int samples, int classes, std::uint64_t seed) {
    torch::NoGradGuard noGrad;
    generator->eval();
    const auto device = detail::trainingDevice();
    const auto asked = torch::arange(samples, torch::kLong).remainder(classes);
    const auto noise = seededNoise(samples, generator->options().latent, seed ^ kEvalNoiseSalt);
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < samples; start += 256) {
        const int64_t n = std::min<int64_t>(256, samples - start);
        parts.push_back(generator->forward(noise.narrow(0, start, n).to(device),
                                           asked.narrow(0, start, n).to(device)));
    }
    torch::Tensor features, predicted;
    detail::classify(classifier, torch::cat(parts), &features, &predicted);
    Quality q;
    const auto hits = predicted.to(torch::kCPU).eq(asked).to(torch::kDouble);
    q.consistency = hits.mean().item<double>();
    for (int c = 0; c < classes; ++c) {
        const auto mine = hits.index({asked.eq(c)});
        q.consistencyByClass.push_back(mine.numel() ? mine.mean().item<double>() : 0.0);
    }
    q.frechet = detail::frechetDistance(features.to(torch::kCPU), real.features);
    q.diversity =
        detail::diversityRatio(features.to(torch::kCPU), asked, real.features, real.classes);
    return q;
}

// Where training stands; saved in checkpoint.pt.
struct GanState {
    int epochsDone = 0;
    std::int64_t steps = 0;
    double untrainedFrechet = 0;
    double classifierAccuracy = 0;
    std::vector<EpochRecord> history;

    QJsonObject toJson() const {
        return {{"epochs_done", epochsDone},
                {"steps", double(steps)},
                {"untrained_frechet", untrainedFrechet},
                {"classifier_accuracy", classifierAccuracy},
                {"history", historyToJson(history)}};
    }
    void fromJson(const QJsonObject& json) {
        epochsDone = json.value("epochs_done").toInt();
        steps = std::int64_t(json.value("steps").toDouble());
        untrainedFrechet = json.value("untrained_frechet").toDouble();
        classifierAccuracy = json.value("classifier_accuracy").toDouble();
        history = historyFromJson(json.value("history").toArray());
    }
};

void updateEma(torch::nn::Module& ema, const torch::nn::Module& model, double decay) {
    torch::NoGradGuard noGrad;
    auto target = ema.parameters();
    const auto source = model.parameters();
    for (std::size_t i = 0; i < target.size(); ++i)
        target[i].mul_(decay).add_(source[i], 1 - decay);
    auto targetBuffers = ema.buffers();
    const auto sourceBuffers = model.buffers();
    for (std::size_t i = 0; i < targetBuffers.size(); ++i) targetBuffers[i].copy_(sourceBuffers[i]);
}

// The EMA generator's drawing of the fixed noise, one row per class.
QImage sampleGrid(models::ConditionalGenerator& ema, const torch::Tensor& noise,
                  const torch::Tensor& classes, const torch::Device& device) {
    torch::NoGradGuard noGrad;
    ema->eval();
    const auto grid = ema->forward(noise.to(device), classes.to(device));
    return detail::imageGrid(detail::tensorToImages(grid), kGridColumns);
}

Status savePng(const QImage& image, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return makeError(path, 0, 0, "cannot write the image", "check free disk space");
    return {};
}

Status checkSettings(const ImageSet& images, const GanConfig& config, const QString& source,
                     int count) {
    if (images.count == 0 || int(images.labels.size()) != images.count)
        return makeError(source, 0, 0, "no labelled images",
                         "give an IDX images file with its labels file beside it, or a folder "
                         "with one sub-folder per class");
    if (config.resolution != 32 && config.resolution != 64 && config.resolution != 128)
        return withRemedy(
            makeError({}, 0, 0, "resolution must be 32, 64 or 128", "choose 32, 64 or 128 pixels"),
            {Remedy::Kind::SetSetting, "resolution", "32"});
    if (config.loss != "hinge" && config.loss != "bce")
        return makeError({}, 0, 0, "unknown loss " + config.loss, "use hinge or bce");
    if (config.epochs < 1 || config.batchSize < 2)
        return makeError({}, 0, 0, "epochs must be positive and the batch at least 2",
                         "train at least one epoch with a batch of 2 or more images");
    if (count < config.batchSize)
        return withRemedy(
            makeError(
                source, 0, 0,
                QString("%1 images, fewer than one batch of %2").arg(count).arg(config.batchSize),
                QString("use a batch of at most %1 images").arg(count)),
            {Remedy::Kind::SetSetting, "batch_size", QString::number(std::max(2, count))});
    return {};
}

// The D and G losses of one batch, and D's mean belief in the real and the fake images.
struct BatchLosses {
    double d = 0, g = 0, real = 0, fake = 0;
    BatchLosses& operator+=(const BatchLosses& o) {
        d += o.d, g += o.g, real += o.real, fake += o.fake;
        return *this;
    }
    std::map<QString, double> meanOver(double batches) const {
        return {{"d_loss", d / batches},
                {"g_loss", g / batches},
                {"d_real", real / batches},
                {"d_fake", fake / batches}};
    }
};

// One GAN run: the images as tensors, the scorer with its real reference, the networks and
// the loop's state, trained epoch by epoch.
class GanRun {
public:
    GanRun(const ImageSet& images, const GanConfig& config, const QString& outDir, int count,
           const JobContext& job, const TrainCallback& onEvent, detail::GradientSync* sync)
        : m_images(images),
          m_config(config),
          m_dir(outDir),
          m_checkpoint(m_dir.filePath("checkpoint.pt")),
          m_count(count),
          m_classes(std::max(1, int(images.classNames.size()))),
          m_reference(std::min(config.evalSamples, count / 2)),
          m_device(detail::trainingDevice()),
          m_job(job),
          m_onEvent(onEvent),
          m_sync(sync),
          m_leader(!sync || sync->rank() == 0) {}

    const GanState& state() const { return m_state; }
    const RealReference& real() const { return m_real; }

    // The images shuffled once by the run's seed, at the run's resolution.
    void prepareImages() {
        m_job.report({"prepare images", -1, 0, m_count});
        detail::seedTorch(m_config.seed);
        const auto order = torch::randperm(m_count, torch::kLong);
        m_all =
            detail::imagesToTensor(m_images, m_count, m_config.resolution).index_select(0, order);
        m_labels = torch::from_blob(const_cast<std::int32_t*>(m_images.labels.data()), {m_count},
                                    torch::kInt)
                       .to(torch::kLong)
                       .index_select(0, order);
    }

    // The classifier that scores the samples (trained on these images, or the resumed run's),
    // and its view of two disjoint sets of real images: the reference and the Fréchet floor.
    Status prepareScorer(bool resume) {
        m_classifier = models::ImageClassifier(m_classes, m_images.channels);
        m_classifier->to(m_device);
        const QString path = m_dir.filePath("classifier.pt");
        if (resume && QFileInfo::exists(path)) {
            torch::serialize::InputArchive archive;
            if (Status s = detail::loadArchive(archive, path, m_device); !s) return s;
            detail::readModule(archive, "classifier", *m_classifier, m_device);
        } else {
            try {
                m_state.classifierAccuracy = detail::trainClassifier(
                    m_classifier, m_all.to(m_device), m_labels.to(m_device),
                    m_config.classifierEpochs, m_config.seed + 1, m_job, m_sync);
            } catch (const std::exception& e) {
                if (!m_sync) throw;
                return m_sync->lostRankError(e, m_checkpoint);
            }
            if (m_sync) m_sync->resetFigures();  // the run's figures are the GAN's steps
            if (m_job.cancelled()) return cancelledError(m_dir.path());
            torch::serialize::OutputArchive archive;
            detail::writeModule(archive, "classifier", *m_classifier);
            if (m_leader)
                if (Status s = detail::saveArchive(archive, path); !s) return s;
        }
        torch::Tensor predicted, other;
        detail::classify(m_classifier, m_all.narrow(0, 0, m_reference).to(m_device),
                         &m_real.features, &predicted);
        m_real.features = m_real.features.to(torch::kCPU);
        m_real.classes = m_labels.narrow(0, 0, m_reference);
        detail::classify(m_classifier, m_all.narrow(0, m_reference, m_reference).to(m_device),
                         &other, &predicted);
        m_real.floor = detail::frechetDistance(m_real.features, other.to(torch::kCPU));
        return {};
    }

    // Fresh networks from the run's seed, or the checkpoint's to resume.
    Status prepareNetworks(bool resume) {
        detail::seedTorch(m_config.seed + 2);
        m_generator =
            models::ConditionalGenerator(ganOptions(m_config, m_classes, m_images.channels));
        m_discriminator =
            models::ProjectionDiscriminator(ganOptions(m_config, m_classes, m_images.channels));
        m_ema = models::ConditionalGenerator(ganOptions(m_config, m_classes, m_images.channels));
        m_generator->to(m_device);
        m_discriminator->to(m_device);
        m_ema->to(m_device);
        updateEma(*m_ema, *m_generator, 0.0);
        if (m_sync)
            m_generator->setBatchSum(
                [sync = m_sync](const torch::Tensor& t) { return sync->sumOverRanks(t); });
        m_optimizeG = std::make_unique<detail::FlatOptimizer>(*m_generator, m_config.generator);
        m_optimizeD =
            std::make_unique<detail::FlatOptimizer>(*m_discriminator, m_config.discriminator);
        m_gridNoise = seededNoise(int64_t(m_classes) * kGridColumns, m_config.latent,
                                  m_config.seed ^ kGridNoiseSalt);
        m_gridClasses = torch::arange(int64_t(m_classes) * kGridColumns, torch::kLong)
                            .div(kGridColumns, "floor");
        if (!resume) {
            m_state.untrainedFrechet = measureNow().frechet;
            return {};
        }
        auto saved = detail::loadCheckpoint(m_checkpoint, checkpointParts(), m_config.toJson());
        if (!saved) return saved.error();
        const double accuracy = m_state.classifierAccuracy;  // set when the scorer was retrained
        m_state.fromJson(*saved);
        if (accuracy > 0) m_state.classifierAccuracy = accuracy;
        return {};
    }

    // Epochs [state.epochsDone, epochs), each saved as it ends. The last epoch's quality.
    Result<std::optional<Quality>> train() {
        std::optional<Quality> last;
        for (int epoch = m_state.epochsDone; epoch < m_config.epochs; ++epoch) {
            models::adaptThreads(m_config.threads);  // the machine's load may have changed
            detail::EpochReporter reporter(kPhase, epoch + 1, m_config.epochs, batchCount(), m_job,
                                           m_onEvent);
            auto record = trainEpoch(epoch, reporter);
            if (!record) return record.error();
            m_state.history.push_back(record->first);
            m_state.epochsDone = epoch + 1;
            last = record->second;
            if (m_leader)
                if (Status saved = saveEpoch(epoch + 1); !saved) return saved.error();
            reporter.epochEnd(m_state.history.back());
        }
        return last;
    }

    // The EMA generator's scores on the fixed evaluation noise.
    Quality measureNow() {
        return measure(m_ema, m_classifier, m_real, m_reference, m_classes, m_config.seed);
    }

    std::int64_t batchCount() const { return m_count / m_config.batchSize; }

private:
    static constexpr const char* kPhase = "gan";

    detail::CheckpointParts checkpointParts() {
        return {{{"generator", m_generator.ptr().get()},
                 {"discriminator", m_discriminator.ptr().get()},
                 {"ema", m_ema.ptr().get()}},
                {{"optimizer_g", m_optimizeG.get()}, {"optimizer_d", m_optimizeD.get()}}};
    }

    // One pass over the shuffled images, then the epoch's quality scores.
    Result<std::pair<EpochRecord, Quality>> trainEpoch(int epoch, detail::EpochReporter& reporter) {
        QElapsedTimer clock;
        clock.start();
        detail::seedTorch(m_config.seed * 1000003ull + std::uint64_t(epoch));
        const std::int64_t batch = m_config.batchSize, batches = batchCount();
        const auto shuffle = torch::randperm(m_count, torch::kLong);
        auto lastPreview = std::chrono::steady_clock::now();
        BatchLosses sum;
        m_generator->train();
        m_discriminator->train();
        for (int64_t b = 0; b < batches; ++b) {
            if (m_job.cancelled()) return cancelledError(m_checkpoint);
            try {
                sum += trainStep(shuffle.narrow(0, b * batch, batch));
            } catch (const std::exception& e) {
                if (!m_sync) throw;
                return m_sync->lostRankError(e, m_checkpoint);
            }
            if (!reporter.due(b)) continue;
            QImage preview;
            const auto now = std::chrono::steady_clock::now();
            if (m_leader && m_config.previewSeconds > 0 &&
                (b + 1 == batches ||
                 now - lastPreview > std::chrono::duration<double>(m_config.previewSeconds))) {
                lastPreview = now;
                preview = sampleGrid(m_ema, m_gridNoise, m_gridClasses, m_device);
            }
            const double done = double(b + 1);
            reporter.batch(b, sum.d / done, done * double(batch), sum.meanOver(done),
                           std::move(preview));
        }
        const double trainSeconds = clock.nsecsElapsed() * 1e-9;
        const Quality q = measureNow();
        EpochRecord record;
        record.epoch = epoch + 1;
        record.learningRate = m_config.generator.learningRate;
        record.loss = sum.d / double(batches);
        record.samplesPerSecond = double(batches * batch) / trainSeconds;
        record.values = sum.meanOver(double(batches));
        record.values["class_consistency"] = q.consistency;
        record.values["frechet"] = q.frechet;
        record.values["diversity"] = q.diversity;
        record.seconds = clock.nsecsElapsed() * 1e-9;
        return std::make_pair(record, q);
    }

    // This rank's positions in a global batch: all of it in one process; with several, a
    // slice of the first half and the same slice of the second, so mode seeking's pairs
    // (i, i + half) stay on one rank. Needs an even batch of at least two per rank.
    torch::Tensor shareOf(int64_t batch) const {
        if (!m_sync) return torch::arange(batch, torch::kLong);
        const int64_t half = batch / 2, ranks = m_sync->worldSize(), rank = m_sync->rank();
        const auto first = torch::arange(half * rank / ranks, half * (rank + 1) / ranks);
        return torch::cat({first, first + half});
    }

    // `x` summed over the ranks (itself in one process), gradients included.
    torch::Tensor overRanks(const torch::Tensor& x) const {
        return m_sync ? m_sync->sumOverRanks(x) : x;
    }

    // One discriminator step and one generator step on the images at `index`, then the EMA.
    // Data-parallel: every rank draws the whole batch's randomness (the same seed) and takes
    // its share; the losses are sums over the share divided by the global batch, so the
    // gradients summed over the ranks are those of one process with the whole batch.
    BatchLosses trainStep(const torch::Tensor& globalIndex) {
        const int64_t globalBatch = globalIndex.size(0);
        const double perImage = 1.0 / double(globalBatch);
        const bool hinge = m_config.loss == "hinge";
        const bool auxiliary = m_config.auxiliaryClass > 0;
        const auto share = shareOf(globalBatch);
        const int64_t batch = share.size(0);
        const auto index = globalIndex.index_select(0, share);
        auto x = m_all.index_select(0, index).to(m_device);
        const auto y = m_labels.index_select(0, index).to(m_device);
        if (m_config.flip) {
            const auto mask = (torch::rand({globalBatch}) < 0.5)
                                  .index_select(0, share)
                                  .view({batch, 1, 1, 1})
                                  .to(m_device);
            x = torch::where(mask, x.flip({3}), x);
        }
        const auto z =
            torch::randn({globalBatch, m_config.latent}).index_select(0, share).to(m_device);
        // With mode seeking the second half repeats the first half's classes, so each pair
        // (i, i + half) is one class drawn from two noises.
        const int64_t globalHalf = globalBatch / 2, half = batch / 2;
        auto yFake = torch::randint(m_classes, {globalBatch}, torch::kLong);
        if (m_config.modeSeeking > 0)
            yFake.narrow(0, globalHalf, globalHalf).copy_(yFake.narrow(0, 0, globalHalf));
        yFake = yFake.index_select(0, share).to(m_device);
        const auto fake = m_generator->forward(z, yFake);
        const auto sumReduction =
            torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);

        m_optimizeD->zeroGrad();
        // Real and fake in one pass: half the kernel launches and larger GEMMs. D has no batch
        // norm, so this equals two passes (one power iteration instead of two).
        torch::Tensor classLogits;
        const auto dBoth =
            m_discriminator->forward(torch::cat({x, fake.detach()}), torch::cat({y, yFake}),
                                     auxiliary ? &classLogits : nullptr);
        const auto dReal = dBoth.narrow(0, 0, batch);
        const auto dFake = dBoth.narrow(0, batch, batch);
        auto lossD = hinge ? torch::relu(1 - dReal).sum() + torch::relu(1 + dFake).sum()
                           : torch::binary_cross_entropy_with_logits(
                                 dReal, torch::full_like(dReal, m_config.realLabel), {}, {},
                                 at::Reduction::Sum) +
                                 torch::binary_cross_entropy_with_logits(
                                     dFake, torch::zeros_like(dFake), {}, {}, at::Reduction::Sum);
        // The auxiliary classifier learns the classes from real images only, so it never learns
        // G's mistakes as the class (as AC-GAN's fake term would).
        if (auxiliary)
            lossD = lossD +
                    m_config.auxiliaryClass * torch::nn::functional::cross_entropy(
                                                  classLogits.narrow(0, 0, batch), y, sumReduction);
        lossD = lossD * perImage;
        lossD.backward();
        std::vector<double> dSums{lossD.item<double>(),
                                  torch::sigmoid(dReal).sum().item<double>() * perImage,
                                  torch::sigmoid(dFake).sum().item<double>() * perImage};
        if (m_sync) m_sync->allReduce(*m_discriminator, dSums);
        m_optimizeD->step();

        m_optimizeG->zeroGrad();
        torch::Tensor genLogits;
        const auto dGen = m_discriminator->forward(fake, yFake, auxiliary ? &genLogits : nullptr);
        auto lossG = hinge ? -dGen.sum()
                           : torch::binary_cross_entropy_with_logits(dGen, torch::ones_like(dGen),
                                                                     {}, {}, at::Reduction::Sum);
        if (auxiliary)
            lossG = lossG + m_config.auxiliaryClass * torch::nn::functional::cross_entropy(
                                                          genLogits, yFake, sumReduction);
        lossG = lossG * perImage;
        if (m_config.modeSeeking > 0) {
            // Mode seeking (Mao et al., CVPR 2019): penalize pairs whose images differ less
            // than their noises, the signature of a generator ignoring z. The mean is over the
            // global batch's pairs; each rank adds its 1/ranks of the term.
            const auto images =
                (fake.narrow(0, 0, half) - fake.narrow(0, half, half)).abs().mean({1, 2, 3});
            const auto noises = (z.narrow(0, 0, half) - z.narrow(0, half, half)).abs().mean(1);
            const auto meanRatio = overRanks((images / noises).sum()) / double(globalHalf);
            lossG = lossG + m_config.modeSeeking / (meanRatio + 1e-5) /
                                double(m_sync ? m_sync->worldSize() : 1);
        }
        lossG.backward();
        std::vector<double> gSums{lossG.item<double>()};
        if (m_sync) m_sync->allReduce(*m_generator, gSums);
        m_optimizeG->step();
        ++m_state.steps;
        // EMA warm-up: early on the average would mostly hold the random start.
        const double decay = std::min(
            m_config.emaDecay, (1.0 + double(m_state.steps)) / (10.0 + double(m_state.steps)));
        updateEma(*m_ema, *m_generator, decay);
        return {dSums[0], gSums[0], dSums[1], dSums[2]};
    }

    // The epoch's sample grid, the checkpoint, the sampler (the EMA generator) and history.csv.
    Status saveEpoch(int epoch) {
        if (Status s = savePng(
                sampleGrid(m_ema, m_gridNoise, m_gridClasses, m_device),
                m_dir.filePath(QString("samples/epoch_%1.png").arg(epoch, 3, 10, QChar('0'))));
            !s)
            return s;
        if (Status s = detail::saveCheckpoint(m_checkpoint, checkpointParts(), m_state.toJson(),
                                              m_config.toJson());
            !s)
            return s;
        torch::serialize::OutputArchive sampler;
        detail::writeModule(sampler, "generator", *m_ema);
        if (Status s = detail::saveArchive(sampler, m_dir.filePath("generator.pt")); !s) return s;
        return writeHistoryCsv(m_dir.filePath("history.csv"), m_state.history);
    }

    const ImageSet& m_images;
    const GanConfig& m_config;
    const QDir m_dir;
    const QString m_checkpoint;
    const int m_count, m_classes, m_reference;
    const torch::Device m_device;
    const JobContext& m_job;
    const TrainCallback& m_onEvent;
    detail::GradientSync* const m_sync;  // data-parallel: this rank's share, gradients summed
    const bool m_leader;                 // writes the folder (rank 0, or the only process)
    torch::Tensor m_all, m_labels, m_gridNoise, m_gridClasses;
    // Built in the steps that seed them, so their initial weights follow the run's seed.
    models::ImageClassifier m_classifier{nullptr};
    RealReference m_real;
    models::ConditionalGenerator m_generator{nullptr};
    models::ProjectionDiscriminator m_discriminator{nullptr};
    models::ConditionalGenerator m_ema{nullptr};
    std::unique_ptr<detail::FlatOptimizer> m_optimizeG, m_optimizeD;
    GanState m_state;
};

// metrics.json: the last epoch's scores beside the real floor and the untrained start.
QJsonObject runMetrics(const GanRun& run, const Quality& final, const ImageSet& images,
                       const GanConfig& config, int count, int threads) {
    const GanState& state = run.state();
    QJsonObject byClass;
    for (std::size_t c = 0; c < final.consistencyByClass.size(); ++c)
        byClass.insert(
            int(c) < images.classNames.size() ? images.classNames[int(c)] : QString::number(c),
            final.consistencyByClass[c]);
    const EpochRecord& last = state.history.back();
    double trainSeconds = 0;
    for (const auto& r : state.history) trainSeconds += r.seconds;
    return {{"class_consistency", last.values.at("class_consistency")},
            {"class_consistency_by_class", byClass},
            {"frechet", last.values.at("frechet")},
            {"frechet_real_floor", run.real().floor},
            {"frechet_untrained", state.untrainedFrechet},
            {"diversity", last.values.at("diversity")},
            {"classifier_accuracy", state.classifierAccuracy},
            {"epochs_run", state.epochsDone},
            {"images", count},
            {"classes", int(final.consistencyByClass.size())},
            {"resolution", config.resolution},
            {"train_seconds", trainSeconds},
            {"images_per_s", last.samplesPerSecond},
            {"device", detail::trainingDevice().is_cuda() ? "cuda" : "cpu"},
            {"threads", threads}};
}

}  // namespace

Result<GanReport> trainGan(const ImageSet& images, const GanConfig& config, const QString& outDir,
                           bool resume, const JobContext& job, const TrainCallback& onEvent) {
    QElapsedTimer total;
    total.start();
    const QString source = images.sourceFiles.isEmpty() ? outDir : images.sourceFiles.front();
    const int count =
        config.maxImages > 0 ? std::min(config.maxImages, images.count) : images.count;
    if (Status valid = checkSettings(images, config, source, count); !valid) return valid.error();
    const DistributedSettings& ranks = config.distributed;
    if (ranks.active() && !config.conditionalNorm)
        return makeError({}, 0, 0, "plain batch norm trains in one process",
                         "drop --plain-norm, or train without --workers");
    if (ranks.active() && (config.batchSize % 2 != 0 || config.batchSize < 2 * ranks.worldSize))
        return withRemedy(
            makeError({}, 0, 0,
                      QString("a batch of %1 cannot be shared by %2 ranks")
                          .arg(config.batchSize)
                          .arg(ranks.worldSize),
                      QString("use an even batch of at least %1 images").arg(2 * ranks.worldSize)),
            {Remedy::Kind::SetSetting, "batch_size",
             QString::number(
                 std::max(config.batchSize + config.batchSize % 2, 2 * ranks.worldSize))});
    const QDir dir(outDir);
    if (ranks.isLeader() && !dir.mkpath("samples"))
        return makeError(outDir, 0, 0, "cannot create the output folder", "check permissions");
    if (resume && !QFileInfo::exists(dir.filePath("checkpoint.pt")))
        return withRemedy(makeError(dir.filePath("checkpoint.pt"), 0, 0, "nothing to resume",
                                    "train from the start; a cancelled run leaves a checkpoint"),
                          {Remedy::Kind::StartAfresh, {}, {}});
    const int threads = models::configureThreads(config.threads);
    std::unique_ptr<detail::GradientSync> sync;
    if (ranks.active()) {
        job.report({QString("join %1 ranks").arg(ranks.worldSize), -1, 0, 0});
        auto joined = detail::GradientSync::connect(ranks);
        if (!joined) return joined.error();
        sync = std::move(joined.value());
    }

    try {
        GanRun run(images, config, outDir, count, job, onEvent, sync.get());
        run.prepareImages();
        if (Status s = run.prepareScorer(resume); !s) return s.error();
        if (Status s = run.prepareNetworks(resume); !s) return s.error();
        const int resumedFrom = run.state().epochsDone;
        auto lastQuality = run.train();
        if (!lastQuality) return lastQuality.error();
        if (!ranks.isLeader()) {
            GanReport report;  // the other ranks' part ends with the last epoch
            report.folder = outDir;
            report.metrics = {{"rank", ranks.rank}};
            report.history = run.state().history;
            report.seconds = total.nsecsElapsed() * 1e-9;
            return report;
        }
        // Per-class consistency is not in the history: measured again only when no epoch ran
        // (a resumed run that was already complete); the same seed gives the same scores.
        const Quality final = lastQuality->has_value() ? **lastQuality : run.measureNow();
        QJsonObject metrics = runMetrics(run, final, images, config, count, threads);
        if (sync) {
            const auto steps =
                std::max<std::int64_t>(1, run.state().steps - resumedFrom * run.batchCount());
            metrics.insert("world_size", sync->worldSize());
            metrics.insert("allreduce_bytes_per_step", double(sync->bytes() / steps));
            metrics.insert("communication_seconds", sync->communicationSeconds());
            metrics.insert("collective_seconds", sync->collectiveSeconds());
        }
        const QJsonObject info{{"format", "adstudio-gan"},
                               {"version", 1},
                               {"config", config.toJson()},
                               {"class_names", QJsonArray::fromStringList(images.classNames)},
                               {"channels", images.channels},
                               {"resolution", config.resolution},
                               {"metrics", metrics}};
        if (Status s = writeJsonFile(dir.filePath("metrics.json"), metrics); !s) return s.error();
        if (Status s = writeJsonFile(dir.filePath("gan.json"), info); !s) return s.error();
        GanReport report;
        report.folder = outDir;
        report.metrics = metrics;
        report.history = run.state().history;
        report.resumedFrom = resumedFrom;
        report.seconds = total.nsecsElapsed() * 1e-9;
        return report;
    } catch (const std::exception& e) {
        return detail::torchError(outDir, e,
                                  "check the settings (resolution, batch size) and images");
    }
}

}  // namespace adstudio
