// SPDX-License-Identifier: MIT
// Conditional GAN: AdStudio's training throughput against the same networks in idiomatic
// PyTorch (bench/python/cgan_torch.py) on Fashion-MNIST at 32x32, same batch, width and
// threads, in one run; and the latency of generating one 64x64 RGB image (p50/p99 of 200).
//   gan_bench [--images N] [--epochs 1] [--width 32] [--threads 2]
#include "conditional_gan.h"
#include "data/idx_reader.h"
#include "runtime_info.h"
#include "train/gan.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace adstudio;

int main(int argc, char** argv) {
    // As the app: OpenMP threads sleep when they wait (the Python baseline inherits it).
    adstudio::models::restartWithCooperativeOpenMp(argv);
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption data("data", "Fashion-MNIST training images.", "FILE",
                                  ADSTUDIO_SHARED_DATA "/fashion-mnist/train-images-idx3-ubyte.gz");
    const QCommandLineOption images("images", "Images per run.", "N", "1280");
    const QCommandLineOption epochs("epochs", "Epochs per run.", "N", "1");
    const QCommandLineOption width("width", "Generator/discriminator width.", "N", "32");
    const QCommandLineOption threads("threads", "Compute threads for both.", "N", "2");
    const QCommandLineOption python("python", "Python with torch.", "EXE", "/usr/bin/python3");
    const QCommandLineOption script("script", "The PyTorch baseline.", "FILE",
                                    ADSTUDIO_BENCH_DIR "/python/cgan_torch.py");
    parser.addHelpOption();
    parser.addOptions({data, images, epochs, width, threads, python, script});
    parser.process(app);
    const int n = parser.value(images).toInt(), e = parser.value(epochs).toInt(),
              w = parser.value(width).toInt(), t = parser.value(threads).toInt();

    auto set = readIdx(parser.value(data));
    if (!set) {
        std::fprintf(stderr, "error: %s\n", qPrintable(set.error().toString()));
        return 1;
    }
    GanConfig config;
    config.epochs = e;
    config.maxImages = n;
    config.width = w;
    config.threads = t;
    config.flip = true;  // the Python baseline mirrors its batches too: the same work
    config.evalSamples = 200;
    config.classifierEpochs = 1;
    QTemporaryDir out;
    auto report = trainGan(*set, config, out.path(), false);
    if (!report) {
        std::fprintf(stderr, "error: %s\n", qPrintable(report.error().toString()));
        return 1;
    }
    double trained = 0, seconds = 0;
    for (const auto& r : report->history) {
        trained += r.samplesPerSecond * r.seconds;
        seconds += r.seconds;
    }
    // Training seconds only (the quality measurement after each epoch is not training).
    const double ours = report->history.back().samplesPerSecond;

    // One 64x64 RGB image at a time, as serving draws them.
    models::ConditionalGanOptions options;
    options.resolution = 64;
    options.channels = 3;
    options.width = w;
    models::ConditionalGenerator generator(options);
    generator->eval();
    torch::NoGradGuard noGrad;
    std::vector<double> latencies;
    for (int i = 0; i < 220; ++i) {
        const auto z = torch::randn({1, options.latent});
        const auto c = torch::full({1}, i % 10, torch::kLong);
        QElapsedTimer timer;
        timer.start();
        generator->forward(z, c);
        if (i >= 20) latencies.push_back(timer.nsecsElapsed() * 1e-6);
    }
    std::sort(latencies.begin(), latencies.end());
    const double p50 = latencies[latencies.size() / 2];
    const double p99 = latencies[std::size_t(double(latencies.size()) * 0.99)];

    QProcess process;
    process.start(parser.value(python),
                  {parser.value(script), parser.value(data), QString::number(n), QString::number(e),
                   "64", QString::number(w), QString::number(t)});
    if (!process.waitForFinished(-1) || process.exitCode() != 0) {
        std::fprintf(stderr, "error: the PyTorch run failed (install python3-torch): %s\n",
                     process.readAllStandardError().constData());
        return 1;
    }
    const auto py = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    const double theirs = py.value("images_per_s").toDouble();
    std::printf(
        "conditional DCGAN, Fashion-MNIST 32x32, %d images x %d epoch(s), batch 64, width %d, "
        "%d thread(s)\n",
        n, e, w, t);
    std::printf("train images/s   AdStudio %8.1f   PyTorch %8.1f   ratio %.2fx\n", ours, theirs,
                ours / theirs);
    std::printf("64x64 latency ms AdStudio p50 %.2f p99 %.2f   PyTorch p50 %.2f p99 %.2f\n", p50,
                p99, py.value("p50_ms").toDouble(), py.value("p99_ms").toDouble());
    return 0;
}
