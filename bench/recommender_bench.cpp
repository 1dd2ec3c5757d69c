// SPDX-License-Identifier: MIT
// Recommender training throughput: AdStudio's NeuMF, MF and DeepFM against the same networks in
// idiomatic PyTorch (bench/python/recommender_torch.py, Debian's python3-torch) on ML-100K,
// same sizes, batch, optimizer, negatives and threads, alternating in one run; best of N.
// EASE against Steck's NumPy code, and EASE + sequential rules against the same in NumPy:
// training rows per second of one solve at λ = 300 (the rules at weight 1).
//   recommender_bench [--epochs 2] [--threads 1] [--repeats 2]
//                     [--models neumf,mf,deepfm,ease,ease-seq]
#include "data/source.h"
#include "system/about.h"
#include "train/recommender.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace adstudio;

namespace {

struct Run {
    double samplesPerSecond = 0;
    double hr = 0;
};

Run runAdStudio(const InteractionData& data, RecommenderKind kind, int epochs, int threads) {
    RecommenderConfig config;
    config.model = kind;
    config.epochs = epochs;
    config.threads = threads;
    config.patience = 0;  // no validation pass inside the timed epochs
    config.baselines = false;
    config.batchSize = 256;
    config.factors = 8;
    config.layers = kind == RecommenderKind::NeuMF ? std::vector<int64_t>{64, 32, 16, 8}
                                                   : std::vector<int64_t>{128, 64};
    config.lambda = 300;  // EASE: one solve, as the baseline does
    QTemporaryDir out;
    auto report = trainRecommender(data, config, out.path(), false);
    if (!report) {
        std::fprintf(stderr, "error: %s\n", qPrintable(report.error().toString()));
        std::exit(1);
    }
    double samples = 0, seconds = 0;
    for (const auto& r : report->history) {
        samples += r.samplesPerSecond * r.seconds;
        seconds += r.seconds;
    }
    return {samples / seconds, report->metrics.value("hr@10").toDouble()};
}

Run runPython(const QString& python, const QString& script, const QString& folder,
              const QString& model, int epochs, int threads) {
    QProcess process;
    process.start(
        python, {script, folder, model, QString::number(epochs), "256", QString::number(threads)});
    if (!process.waitForFinished(-1) || process.exitCode() != 0) {
        std::fprintf(stderr, "error: the PyTorch run failed (install python3-torch): %s\n",
                     process.readAllStandardError().constData());
        std::exit(1);
    }
    const auto json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    return {json.value("samples_per_s").toDouble(), json.value("hr@10").toDouble()};
}

}  // namespace

int main(int argc, char** argv) {
    adstudio::prepareComputeProcess(argv);  // as the app (the Python baseline inherits it)
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption data("data", "ML-100K folder.", "DIR",
                                  ADSTUDIO_SHARED_DATA "/ml-100k");
    const QCommandLineOption epochs("epochs", "Epochs per run.", "N", "2");
    const QCommandLineOption threads("threads", "Compute threads for both.", "N", "1");
    const QCommandLineOption repeats("repeats", "Runs of each (best is reported).", "N", "2");
    const QCommandLineOption models("models", "Which networks.", "LIST",
                                    "neumf,mf,deepfm,ease,ease-seq");
    const QCommandLineOption python("python", "Python with torch.", "EXE", "/usr/bin/python3");
    const QCommandLineOption script("script", "The PyTorch baseline.", "FILE",
                                    ADSTUDIO_BENCH_DIR "/python/recommender_torch.py");
    parser.addHelpOption();
    parser.addOptions({data, epochs, threads, repeats, models, python, script});
    parser.process(app);
    const int e = parser.value(epochs).toInt(), t = parser.value(threads).toInt(),
              n = std::max(1, parser.value(repeats).toInt());

    auto source = loadSource(parser.value(data), {});
    if (!source || !source->tables) {
        std::fprintf(stderr, "error: cannot load %s\n", qPrintable(parser.value(data)));
        return 1;
    }
    std::printf(
        "ML-100K, %d epoch(s), batch 256, Adam 1e-3, 4 negatives, %d thread(s), best of %d\n", e, t,
        n);
    std::printf("%-8s %16s %16s %8s %10s %10s\n", "model", "AdStudio samp/s", "PyTorch samp/s",
                "ratio", "HR@10 ours", "HR@10 py");
    for (const QString& name : parser.value(models).split(',')) {
        RecommenderKind kind;
        if (!parseRecommenderKind(name, &kind)) continue;
        Run ours, theirs;
        for (int i = 0; i < n; ++i) {
            const Run a = runAdStudio(*source->tables, kind, e, t);
            const Run b = runPython(parser.value(python), parser.value(script), parser.value(data),
                                    name, e, t);
            if (a.samplesPerSecond > ours.samplesPerSecond) ours = a;
            if (b.samplesPerSecond > theirs.samplesPerSecond) theirs = b;
        }
        std::printf("%-8s %16.0f %16.0f %7.2fx %10.4f %10.4f\n", qPrintable(name),
                    ours.samplesPerSecond, theirs.samplesPerSecond,
                    ours.samplesPerSecond / theirs.samplesPerSecond, ours.hr, theirs.hr);
    }
    return 0;
}
