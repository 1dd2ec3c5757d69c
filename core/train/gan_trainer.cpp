// SPDX-License-Identifier: MIT
// The conditional GAN's training loop: hinge or non-saturating BCE, projection discriminator,
// EMA generator, per-epoch quality scores, sample grids and checkpoints.
#include "train/gan.h"

#include "common/atomic_file.h"
#include "conditional_gan.h"
#include "runtime_info.h"
#include "train/detail/flat_optimizer.h"
#include "train/detail/gan_quality.h"
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

}  // namespace

Result<GanReport> trainGan(const ImageSet& images, const GanConfig& config, const QString& outDir,
                           bool resume, const JobContext& job, const TrainCallback& onEvent) {
    QElapsedTimer total;
    total.start();
    const QString source = images.sourceFiles.isEmpty() ? outDir : images.sourceFiles.front();
    if (images.count == 0 || int(images.labels.size()) != images.count)
        return makeError(source, 0, 0, "no labelled images",
                         "give an IDX images file with its labels file beside it, or a folder "
                         "with one sub-folder per class");
    if (config.resolution != 32 && config.resolution != 64 && config.resolution != 128)
        return makeError({}, 0, 0, "resolution must be 32, 64 or 128", "pass --resolution 32");
    if (config.loss != "hinge" && config.loss != "bce")
        return makeError({}, 0, 0, "unknown loss " + config.loss, "use hinge or bce");
    if (config.epochs < 1 || config.batchSize < 2)
        return makeError({}, 0, 0, "epochs must be positive and the batch at least 2",
                         "pass --epochs 5 --batch-size 64");
    const QDir dir(outDir);
    if (!dir.mkpath("samples"))
        return makeError(outDir, 0, 0, "cannot create the output folder", "check permissions");
    const QString checkpointPath = dir.filePath("checkpoint.pt");
    if (resume && !QFileInfo::exists(checkpointPath))
        return makeError(checkpointPath, 0, 0, "nothing to resume", "train once without --resume");
    const int threads = models::configureThreads(config.threads);
    const int classes = std::max(1, int(images.classNames.size()));
    const int count =
        config.maxImages > 0 ? std::min(config.maxImages, images.count) : images.count;

    try {
        const auto device = detail::trainingDevice();
        job.report({"prepare images", -1, 0, count});
        detail::seedTorch(config.seed);
        const auto order = torch::randperm(count, torch::kLong);
        const auto all =
            detail::imagesToTensor(images, count, config.resolution).index_select(0, order);
        const auto allLabels =
            torch::from_blob(const_cast<std::int32_t*>(images.labels.data()), {count}, torch::kInt)
                .to(torch::kLong)
                .index_select(0, order);
        // Real images for the quality reference: two disjoint sets of evalSamples (or halves).
        const int reference = std::min(config.evalSamples, count / 2);

        models::ImageClassifier classifier(classes, images.channels);
        classifier->to(device);
        GanState state;
        const QString classifierPath = dir.filePath("classifier.pt");
        if (resume && QFileInfo::exists(classifierPath)) {
            torch::serialize::InputArchive archive;
            if (Status s = detail::loadArchive(archive, classifierPath, device); !s)
                return s.error();
            detail::readModule(archive, "classifier", *classifier, device);
        } else {
            state.classifierAccuracy =
                detail::trainClassifier(classifier, all.to(device), allLabels.to(device),
                                        config.classifierEpochs, config.seed + 1, job);
            if (job.cancelled()) return cancelledError(outDir);
            torch::serialize::OutputArchive archive;
            detail::writeModule(archive, "classifier", *classifier);
            if (Status s = detail::saveArchive(archive, classifierPath); !s) return s.error();
        }
        RealReference real;
        {
            torch::Tensor predicted;
            detail::classify(classifier, all.narrow(0, 0, reference).to(device), &real.features,
                             &predicted);
            real.features = real.features.to(torch::kCPU);
            real.classes = allLabels.narrow(0, 0, reference);
            torch::Tensor other;
            detail::classify(classifier, all.narrow(0, reference, reference).to(device), &other,
                             &predicted);
            real.floor = detail::frechetDistance(real.features, other.to(torch::kCPU));
        }

        const auto options = ganOptions(config, classes, images.channels);
        detail::seedTorch(config.seed + 2);
        models::ConditionalGenerator generator(options);
        models::ProjectionDiscriminator discriminator(options);
        models::ConditionalGenerator ema(options);
        generator->to(device);
        discriminator->to(device);
        ema->to(device);
        updateEma(*ema, *generator, 0.0);
        detail::FlatOptimizer optimizeG(*generator, config.generator);
        detail::FlatOptimizer optimizeD(*discriminator, config.discriminator);

        if (resume) {
            torch::serialize::InputArchive archive;
            if (Status s = detail::loadArchive(archive, checkpointPath, device); !s)
                return s.error();
            const QJsonObject saved =
                QJsonDocument::fromJson(detail::readBytes(archive, "state")).object();
            QJsonObject key = config.toJson(), savedKey = saved.value("config").toObject();
            for (auto* k : {&key, &savedKey}) {
                k->remove("epochs");
                k->remove("threads");
            }
            if (key != savedKey)
                return makeError(checkpointPath, 0, 0,
                                 "the checkpoint was trained with other settings",
                                 "resume with the first run's flags, or train afresh");
            detail::readModule(archive, "generator", *generator, device);
            detail::readModule(archive, "discriminator", *discriminator, device);
            detail::readModule(archive, "ema", *ema, device);
            optimizeG.rebind();
            optimizeD.rebind();
            torch::serialize::InputArchive g, d;
            archive.read("optimizer_g", g);
            archive.read("optimizer_d", d);
            optimizeG.load(g);
            optimizeD.load(d);
            const double accuracy = state.classifierAccuracy;
            state.fromJson(saved);
            if (accuracy > 0) state.classifierAccuracy = accuracy;
        } else {
            state.untrainedFrechet =
                measure(ema, classifier, real, reference, classes, config.seed).frechet;
        }
        const int resumedFrom = state.epochsDone;
        std::optional<Quality> lastQuality;  // the last epoch's scores, per class included

        const auto gridNoise = seededNoise(int64_t(classes) * kGridColumns, config.latent,
                                           config.seed ^ kGridNoiseSalt);
        const auto gridClasses =
            torch::arange(int64_t(classes) * kGridColumns, torch::kLong).div(kGridColumns, "floor");
        const int64_t batch = config.batchSize;
        const int64_t trainImages = count;
        const int64_t batches = trainImages / batch;
        if (batches == 0)
            return makeError(source, 0, 0, "fewer images than one batch", "lower --batch-size");
        const bool hinge = config.loss == "hinge";
        const bool auxiliary = config.auxiliaryClass > 0;

        for (int epoch = state.epochsDone; epoch < config.epochs; ++epoch) {
            models::adaptThreads(config.threads);  // the machine's load may have changed
            QElapsedTimer clock;
            clock.start();
            detail::seedTorch(config.seed * 1000003ull + std::uint64_t(epoch));
            const auto shuffle = torch::randperm(trainImages, torch::kLong);
            double sumD = 0, sumG = 0, sumReal = 0, sumFake = 0;
            auto lastReport = std::chrono::steady_clock::now();
            auto lastPreview = lastReport;
            generator->train();
            discriminator->train();
            for (int64_t b = 0; b < batches; ++b) {
                if (job.cancelled()) return cancelledError(checkpointPath);
                const auto index = shuffle.narrow(0, b * batch, batch);
                auto x = all.index_select(0, index).to(device);
                const auto y = allLabels.index_select(0, index).to(device);
                if (config.flip) {
                    const auto mask =
                        (torch::rand({batch}) < 0.5).view({batch, 1, 1, 1}).to(device);
                    x = torch::where(mask, x.flip({3}), x);
                }
                const auto z = torch::randn({batch, config.latent}).to(device);
                // With mode seeking the second half repeats the first half's classes, so each
                // pair (i, i + half) is one class drawn from two noises.
                const int64_t half = batch / 2;
                auto yFake = torch::randint(classes, {batch}, torch::kLong);
                if (config.modeSeeking > 0)
                    yFake.narrow(0, half, half).copy_(yFake.narrow(0, 0, half));
                yFake = yFake.to(device);
                const auto fake = generator->forward(z, yFake);

                optimizeD.zeroGrad();
                // Real and fake in one pass: half the kernel launches and larger GEMMs. D has
                // no batch norm, so this equals two passes (one power iteration instead of two).
                torch::Tensor classLogits;
                const auto dBoth =
                    discriminator->forward(torch::cat({x, fake.detach()}), torch::cat({y, yFake}),
                                           auxiliary ? &classLogits : nullptr);
                const auto dReal = dBoth.narrow(0, 0, batch);
                const auto dFake = dBoth.narrow(0, batch, batch);
                auto lossD = hinge ? torch::relu(1 - dReal).mean() + torch::relu(1 + dFake).mean()
                                   : torch::binary_cross_entropy_with_logits(
                                         dReal, torch::full_like(dReal, config.realLabel)) +
                                         torch::binary_cross_entropy_with_logits(
                                             dFake, torch::zeros_like(dFake));
                // The auxiliary classifier learns the classes from real images only, so it
                // never learns G's mistakes as the class (as AC-GAN's fake term would).
                if (auxiliary)
                    lossD = lossD + config.auxiliaryClass * torch::nn::functional::cross_entropy(
                                                                classLogits.narrow(0, 0, batch), y);
                lossD.backward();
                optimizeD.step();

                optimizeG.zeroGrad();
                torch::Tensor genLogits;
                const auto dGen =
                    discriminator->forward(fake, yFake, auxiliary ? &genLogits : nullptr);
                auto lossG =
                    hinge ? -dGen.mean()
                          : torch::binary_cross_entropy_with_logits(dGen, torch::ones_like(dGen));
                if (auxiliary)
                    lossG = lossG + config.auxiliaryClass *
                                        torch::nn::functional::cross_entropy(genLogits, yFake);
                if (config.modeSeeking > 0) {
                    // Mode seeking (Mao et al., CVPR 2019): penalize pairs whose images differ
                    // less than their noises, the signature of a generator ignoring z.
                    const auto images = (fake.narrow(0, 0, half) - fake.narrow(0, half, half))
                                            .abs()
                                            .mean({1, 2, 3});
                    const auto noises =
                        (z.narrow(0, 0, half) - z.narrow(0, half, half)).abs().mean(1);
                    lossG = lossG + config.modeSeeking / ((images / noises).mean() + 1e-5);
                }
                lossG.backward();
                optimizeG.step();
                ++state.steps;
                // EMA warm-up: early on the average would mostly hold the random start.
                const double decay = std::min(
                    config.emaDecay, (1.0 + double(state.steps)) / (10.0 + double(state.steps)));
                updateEma(*ema, *generator, decay);

                sumD += lossD.item<double>();
                sumG += lossG.item<double>();
                sumReal += torch::sigmoid(dReal).mean().item<double>();
                sumFake += torch::sigmoid(dFake).mean().item<double>();
                const auto now = std::chrono::steady_clock::now();
                if (now - lastReport > std::chrono::milliseconds(100) || b + 1 == batches) {
                    lastReport = now;
                    const double done = double(b + 1);
                    TrainEvent event;
                    event.phase = "gan";
                    event.epoch = epoch + 1;
                    event.epochs = config.epochs;
                    event.batch = b + 1;
                    event.batches = batches;
                    event.loss = sumD / done;
                    event.samplesPerSecond = done * double(batch) / (clock.nsecsElapsed() * 1e-9);
                    event.values = {{"d_loss", sumD / done},
                                    {"g_loss", sumG / done},
                                    {"d_real", sumReal / done},
                                    {"d_fake", sumFake / done}};
                    if (config.previewSeconds > 0 &&
                        (b + 1 == batches || now - lastPreview > std::chrono::duration<double>(
                                                                     config.previewSeconds))) {
                        lastPreview = now;
                        event.preview = sampleGrid(ema, gridNoise, gridClasses, device);
                    }
                    if (onEvent) onEvent(event);
                    job.report({QString("GAN epoch %1/%2").arg(epoch + 1).arg(config.epochs),
                                done / double(batches), b + 1, batches});
                }
            }
            const double trainSeconds = clock.nsecsElapsed() * 1e-9;
            const Quality q = measure(ema, classifier, real, reference, classes, config.seed);
            lastQuality = q;
            EpochRecord record;
            record.epoch = epoch + 1;
            record.learningRate = config.generator.learningRate;
            record.loss = sumD / double(batches);
            record.samplesPerSecond = double(batches * batch) / trainSeconds;
            record.values = {{"d_loss", sumD / double(batches)},
                             {"g_loss", sumG / double(batches)},
                             {"d_real", sumReal / double(batches)},
                             {"d_fake", sumFake / double(batches)},
                             {"class_consistency", q.consistency},
                             {"frechet", q.frechet},
                             {"diversity", q.diversity}};
            record.seconds = clock.nsecsElapsed() * 1e-9;
            state.history.push_back(record);
            state.epochsDone = epoch + 1;

            if (Status s =
                    savePng(sampleGrid(ema, gridNoise, gridClasses, device),
                            dir.filePath(
                                QString("samples/epoch_%1.png").arg(epoch + 1, 3, 10, QChar('0'))));
                !s)
                return s.error();
            torch::serialize::OutputArchive archive;
            detail::writeModule(archive, "generator", *generator);
            detail::writeModule(archive, "discriminator", *discriminator);
            detail::writeModule(archive, "ema", *ema);
            torch::serialize::OutputArchive g, d;
            optimizeG.save(g);
            optimizeD.save(d);
            archive.write("optimizer_g", g);
            archive.write("optimizer_d", d);
            QJsonObject json = state.toJson();
            json.insert("config", config.toJson());
            detail::writeBytes(archive, "state",
                               QJsonDocument(json).toJson(QJsonDocument::Compact));
            if (Status s = detail::saveArchive(archive, checkpointPath); !s) return s.error();
            torch::serialize::OutputArchive sampler;
            detail::writeModule(sampler, "generator", *ema);
            if (Status s = detail::saveArchive(sampler, dir.filePath("generator.pt")); !s)
                return s.error();
            if (Status s = writeHistoryCsv(dir.filePath("history.csv"), state.history); !s)
                return s.error();
            TrainEvent event;
            event.phase = "gan";
            event.epoch = epoch + 1;
            event.epochs = config.epochs;
            event.batch = event.batches = batches;
            event.loss = record.loss;
            event.samplesPerSecond = record.samplesPerSecond;
            event.epochEnd = true;
            event.values = record.values;
            if (onEvent) onEvent(event);
        }

        // Per-class consistency is not in the history: measured again only when no epoch ran
        // (a resumed run that was already complete); the same seed gives the same scores.
        const Quality final = lastQuality
                                  ? *lastQuality
                                  : measure(ema, classifier, real, reference, classes, config.seed);
        QJsonObject byClass;
        for (int c = 0; c < classes; ++c)
            byClass.insert(c < images.classNames.size() ? images.classNames[c] : QString::number(c),
                           final.consistencyByClass[std::size_t(c)]);
        const EpochRecord& last = state.history.back();
        double trainSeconds = 0, trained = 0;
        for (const auto& r : state.history) {
            trainSeconds += r.seconds;
            trained += r.samplesPerSecond * r.seconds;
        }
        QJsonObject metrics{{"class_consistency", last.values.at("class_consistency")},
                            {"class_consistency_by_class", byClass},
                            {"frechet", last.values.at("frechet")},
                            {"frechet_real_floor", real.floor},
                            {"frechet_untrained", state.untrainedFrechet},
                            {"diversity", last.values.at("diversity")},
                            {"classifier_accuracy", state.classifierAccuracy},
                            {"epochs_run", state.epochsDone},
                            {"images", count},
                            {"classes", classes},
                            {"resolution", config.resolution},
                            {"train_seconds", trainSeconds},
                            {"images_per_s", last.samplesPerSecond},
                            {"device", device.is_cuda() ? "cuda" : "cpu"},
                            {"threads", threads}};
        QJsonObject info{{"format", "adstudio-gan"},
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
        report.history = state.history;
        report.resumedFrom = resumedFrom;
        report.seconds = total.nsecsElapsed() * 1e-9;
        return report;
    } catch (const std::exception& e) {
        return detail::torchError(outDir, e,
                                  "check the settings (resolution, batch size) and images");
    }
}

}  // namespace adstudio
