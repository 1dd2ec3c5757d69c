// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "data/source.h"
#include "distributed_options.h"
#include "train/gan.h"

#include <QDir>
#include <QJsonObject>
#include <QSaveFile>

namespace adstudio::cli {

int runTrainGan(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption images(
        "images", "An IDX images file (labels found beside it) or a folder of class folders.",
        "PATH");
    const QCommandLineOption out("out", "GAN folder to write.", "DIR");
    const QCommandLineOption epochs("epochs", "Epochs (default 5).", "N");
    const QCommandLineOption resolution("resolution", "32, 64 or 128 (default 32).", "R");
    const QCommandLineOption batch("batch-size", "Batch size (default 64).", "N");
    const QCommandLineOption width("width", "Channels of the widest layer at 32x32 (default 32).",
                                   "N");
    const QCommandLineOption loss("loss", "hinge or bce (default hinge).", "NAME");
    const QCommandLineOption maxImages("max-images", "Train on the first N images (default all).",
                                       "N");
    const QCommandLineOption seed("seed", "Random seed (default 42).", "S");
    const QCommandLineOption threads("threads", "Compute threads (default: all cores).", "N");
    const QCommandLineOption betas("betas", "Adam betas for G and D (default 0.0,0.9).", "B1,B2");
    const QCommandLineOption resume("resume", "Continue DIR's last checkpoint.");
    const QCommandLineOption json("json", "Print metrics.json.");
    const QCommandLineOption plainNorm(
        "plain-norm", "Plain batch norm in G instead of class-conditional batch norm.");
    const QCommandLineOption modeSeeking(
        "mode-seeking", "Weight of the mode-seeking diversity term (default 0.2; 0: off).", "W");
    const QCommandLineOption flip(
        "flip", "Mirror real images at random (only for left-right symmetric classes).");
    const QCommandLineOption auxiliaryClass(
        "aux-class", "Weight of the discriminator's auxiliary class loss (default 0.3; 0: off).",
        "W");
    const QCommandLineOption device = deviceOption();
    parser.addOptions({betas, plainNorm, modeSeeking, flip, auxiliaryClass, device});
    parser.addOptions({images, out, epochs, resolution, batch, width, loss, maxImages, seed,
                       threads, resume, json});
    const DistributedOptions distributedOptions;
    distributedOptions.addTo(parser);
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Train the conditional GAN for creative visuals.",
                        &exitCode))
        return exitCode;
    if (const int set = applyDeviceOption(parser, device); set != kOk) return set;
    if (!parser.isSet(images) || !parser.isSet(out))
        return usageError("train-gan needs --images PATH and --out DIR");
    GanConfig config;
    QString error;
    auto integer = [&](const QCommandLineOption& option, int* target, int min) {
        if (!parser.isSet(option) || !error.isEmpty()) return;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < min)
            error = QString("--%1 takes an integer >= %2").arg(option.names().first()).arg(min);
        else
            *target = value;
    };
    integer(epochs, &config.epochs, 1);
    integer(resolution, &config.resolution, 32);
    integer(batch, &config.batchSize, 2);
    integer(width, &config.width, 4);
    integer(maxImages, &config.maxImages, 0);
    integer(threads, &config.threads, 0);
    if (!error.isEmpty()) return usageError(error);
    if (config.resolution != 32 && config.resolution != 64 && config.resolution != 128)
        return usageError("--resolution is 32, 64 or 128");
    if (parser.isSet(loss)) config.loss = parser.value(loss);
    if (config.loss != "hinge" && config.loss != "bce") return usageError("--loss is hinge or bce");
    if (parser.isSet(seed)) {
        bool ok = false;
        config.seed = parser.value(seed).toULongLong(&ok);
        if (!ok) return usageError("--seed takes a non-negative integer");
    }
    config.conditionalNorm = !parser.isSet(plainNorm);
    config.flip = parser.isSet(flip);
    auto weight = [&](const QCommandLineOption& option, double* target) {
        if (!parser.isSet(option) || !error.isEmpty()) return;
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || value < 0)
            error =
                QString("--%1 takes a non-negative number, e.g. 0.5").arg(option.names().first());
        else
            *target = value;
    };
    weight(modeSeeking, &config.modeSeeking);
    weight(auxiliaryClass, &config.auxiliaryClass);
    if (!error.isEmpty()) return usageError(error);
    if (parser.isSet(betas)) {
        const QStringList parts = parser.value(betas).split(',');
        bool ok1 = false, ok2 = false;
        const double b1 = parts.value(0).toDouble(&ok1), b2 = parts.value(1).toDouble(&ok2);
        if (parts.size() != 2 || !ok1 || !ok2 || b1 < 0 || b1 >= 1 || b2 <= 0 || b2 >= 1)
            return usageError("--betas takes two numbers in [0, 1), e.g. 0.0,0.9");
        for (OptimizerSettings* s : {&config.generator, &config.discriminator}) {
            s->beta1 = b1;
            s->beta2 = b2;
        }
    }

    // Data parallel: this process is rank 0 of --workers N, or one rank of --world-size N.
    if (const QString wrong = distributedOptions.read(
            parser, parser.value(out), parser.isSet(threads), &config.distributed, &config.threads);
        !wrong.isEmpty())
        return usageError(wrong);
    if (Status s = distributedOptions.readToken(parser, &config.distributed); !s)
        return reportError(s.error());

    // --workers N: ranks 1..N-1 start now, load the images beside this process (rank 0), and
    // meet it at the rendezvous; should this process stop early, they are stopped with it.
    const CreatedFolderGuard createdFolder(parser.value(out));
    LocalRanks localRanks;
    if (distributedOptions.startsLocalRanks(parser, config.distributed)) {
        if (!QDir().mkpath(parser.value(out)))
            return reportError(makeError(parser.value(out), 0, 0, "cannot create the folder",
                                         "check permissions"));
        auto started = startLocalRanks(arguments, config.distributed, config.threads);
        if (!started) return reportError(started.error());
        localRanks = std::move(started.value());
    }

    TerminalProgress progress;
    LoadOptions loadOptions;
    loadOptions.images.size = config.resolution;
    auto source = loadSource(parser.value(images), loadOptions, progress.context());
    if (!source) return reportError(source.error());
    if (!source->images) {
        return reportError(makeError(parser.value(images), 0, 0, "holds a table, not images",
                                     "give an IDX images file or a folder of class folders"));
    }
    auto report = trainGan(*source->images, config, parser.value(out), parser.isSet(resume),
                           progress.context());
    if (!report) return reportError(localRanks.stopAfter(report.error()));
    // The others end with the last epoch; one that failed fails the run.
    if (Status ended = localRanks.finish(); !ended) return reportError(ended.error());
    if (!config.distributed.isLeader()) return kOk;  // rank 0 reports
    const auto& m = report->metrics;
    if (parser.isSet(json)) {
        printJson(m);
        return kOk;
    }
    printText(QString("trained the GAN on %1 images of %2 classes at %3x%3: %4 epochs, %5 s, "
                      "%6 images/s\n"
                      "  class consistency %7   Frechet %8 (real-vs-real floor %9, untrained %10)"
                      "   diversity %11\n  samples: %12\n")
                  .arg(m.value("images").toInt())
                  .arg(m.value("classes").toInt())
                  .arg(m.value("resolution").toInt())
                  .arg(m.value("epochs_run").toInt())
                  .arg(report->seconds, 0, 'f', 1)
                  .arg(m.value("images_per_s").toDouble(), 0, 'f', 0)
                  .arg(m.value("class_consistency").toDouble(), 0, 'f', 3)
                  .arg(m.value("frechet").toDouble(), 0, 'f', 2)
                  .arg(m.value("frechet_real_floor").toDouble(), 0, 'f', 2)
                  .arg(m.value("frechet_untrained").toDouble(), 0, 'f', 1)
                  .arg(m.value("diversity").toDouble(), 0, 'f', 3)
                  .arg(QDir(parser.value(out)).filePath("samples")));
    QStringList byClass;
    const QJsonObject perClass = m.value("class_consistency_by_class").toObject();
    for (auto it = perClass.begin(); it != perClass.end(); ++it)
        byClass << QString("%1 %2").arg(it.key()).arg(it.value().toDouble(), 0, 'f', 2);
    printText("  consistency by class: " + byClass.join(", ") + "\n");
    printText(communicationSummary(m));
    return kOk;
}

int runSample(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption gan("gan", "GAN folder written by train-gan.", "DIR");
    const QCommandLineOption cls("class", "Class name or index.", "C");
    const QCommandLineOption n("n", "Number of images (default 8).", "N", "8");
    const QCommandLineOption out("out", "Folder for the PNGs.", "DIR");
    const QCommandLineOption seed("seed", "Random seed (default 1).", "S", "1");
    parser.addOptions({gan, cls, n, out, seed});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Draw images of a class from a trained GAN.", &exitCode))
        return exitCode;
    if (!parser.isSet(gan) || !parser.isSet(cls) || !parser.isSet(out))
        return usageError("sample needs --gan DIR, --class C and --out DIR");
    bool okN = false, okSeed = false;
    const int count = parser.value(n).toInt(&okN);
    const auto s = parser.value(seed).toULongLong(&okSeed);
    if (!okN || count < 1 || count > 10000 || !okSeed)
        return usageError("--n takes 1..10000 and --seed a non-negative integer");
    auto model = GanModel::load(parser.value(gan));
    if (!model) return reportError(model.error());
    const int index = model->classIndex(parser.value(cls));
    if (index < 0) {
        return reportError(makeError(parser.value(gan), 0, 0,
                                     "unknown class '" + parser.value(cls) + "'",
                                     "use one of: " + model->classNames().join(", ")));
    }
    const QDir dir(parser.value(out));
    if (!QDir().mkpath(dir.path()))
        return reportError(
            makeError(dir.path(), 0, 0, "cannot create the folder", "check permissions"));
    const auto images = model->sample(index, count, s);
    for (int i = 0; i < int(images.size()); ++i) {
        const QString path =
            dir.filePath(QString("%1_%2.png").arg(index).arg(i, 4, 10, QChar('0')));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || !images[std::size_t(i)].save(&file, "PNG") ||
            !file.commit())
            return reportError(makeError(path, 0, 0, "cannot write", "check free disk space"));
    }
    printText(QString("%1 images of '%2' written to %3\n")
                  .arg(count)
                  .arg(model->classNames().value(index, QString::number(index)))
                  .arg(dir.path()));
    return kOk;
}

}  // namespace adstudio::cli
