// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/image_set.h"
#include "train/distributed.h"
#include "train/optimizer_settings.h"
#include "train/training_events.h"

#include <QImage>
#include <QJsonObject>

#include <memory>

namespace adstudio {

struct GanConfig {
    int resolution = 32;  // 32, 64 or 128
    int epochs = 5;
    int batchSize = 64;
    int latent = 64;                  // noise dimensions
    int width = 32;                   // channels of the widest layer at 32x32
    bool conditionalNorm = true;      // class-conditional batch norm in G
    double modeSeeking = 0.2;         // weight of the mode-seeking diversity term in G's loss
    double auxiliaryClass = 0.3;      // weight of D's auxiliary class loss (AC-GAN; 0: off)
    QString loss = "hinge";           // hinge | bce (non-saturating)
    double realLabel = 0.9;           // one-sided label smoothing of BCE's real target
    double emaDecay = 0.999;          // EMA of the generator's weights, used for sampling
    OptimizerSettings generator;      // Adam 2e-4, betas (0, 0.9) by default
    OptimizerSettings discriminator;  // the same
    bool flip = false;                // random horizontal flips of real images
    int maxImages = 0;                // train on the first N images (0: all)
    int evalSamples = 1000;           // images per quality measurement (real and generated)
    int classifierEpochs = 3;         // training of the quality scorer
    std::uint64_t seed = 42;
    int threads = 0;            // 0: all cores
    double previewSeconds = 0;  // > 0: a TrainEvent carries the sample grid this often (GUI)
    // Data-parallel training over processes (not part of the model: not in toJson).
    DistributedSettings distributed;

    GanConfig();
    // The studio's settings for creative visuals (the GUI's GAN page and the main job): class
    // first, so no mode seeking; `fast` is the main job's --fast (about a minute on 2 cores).
    static GanConfig forCreatives(bool fast);
    QJsonObject toJson() const;
    static GanConfig fromJson(const QJsonObject& json);
};

struct GanReport {
    QString folder;
    QJsonObject metrics;  // metrics.json: class_consistency, frechet, frechet_real_floor, ...
    std::vector<EpochRecord> history;
    int resumedFrom = 0;
    double seconds = 0;
};

// Trains the conditional GAN on labelled images and writes DIR: gan.json, generator.pt (EMA
// weights), checkpoint.pt (every epoch, for resume), classifier.pt (the quality scorer),
// history.csv, metrics.json and samples/epoch_NNN.png (a fixed-noise grid, one row per class).
Result<GanReport> trainGan(const ImageSet& images, const GanConfig& config, const QString& outDir,
                           bool resume, const JobContext& job = {},
                           const TrainCallback& onEvent = {});

// A trained generator loaded for sampling.
class GanModel {
public:
    static Result<GanModel> load(const QString& folder);
    const QStringList& classNames() const;
    int resolution() const;
    int channels() const;
    // Class by name or index ("Sneaker", "7"); -1 when unknown.
    int classIndex(const QString& nameOrIndex) const;
    // `count` images of a class; the same seed gives the same images. With recognisedOnly, draws
    // that the folder's quality scorer does not recognise as the class are replaced by further
    // draws (a few rounds at most), so a "Sneaker" visual shows a sneaker.
    std::vector<QImage> sample(int classIndex, int count, std::uint64_t seed,
                               bool recognisedOnly = true) const;
    // The quality scorer's class for an image (-1 when the folder has no scorer).
    int recognise(const QImage& image) const;

private:
    struct State;
    std::shared_ptr<State> d;
};

}  // namespace adstudio
