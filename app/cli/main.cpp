// SPDX-License-Identifier: MIT
// adstudio-cli: the studio without a window. One command per file; this is the table.
#include "cli_common.h"
#include "system/about.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <unistd.h>

#include <cstdio>

namespace adstudio::cli {
int runVersion(const QStringList& arguments);
int runInspect(const QStringList& arguments);
int runDemoData(const QStringList& arguments);
int runTrain(const QStringList& arguments);
int runEvaluate(const QStringList& arguments);
int runRecommend(const QStringList& arguments);
int runTrainGan(const QStringList& arguments);
int runSample(const QStringList& arguments);
int runRun(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runServe(const QStringList& arguments);
int runSimulate(const QStringList& arguments);
int runEvaluatePolicy(const QStringList& arguments);
int runExportLog(const QStringList& arguments);

const std::vector<Command>& commands() {
    static const std::vector<Command> table{
        {"run", "the main job: demo world or your data to an exported creative set", runRun},
        {"export", "export a project's creatives (all or approved only)", runExport},
        {"serve", "serve a project's creatives over HTTP, learning from clicks", runServe},
        {"simulate", "replay demo-world users against serving policies: CTR, regret, lift",
         runSimulate},
        {"evaluate-policy", "estimate a policy's CTR from a serving log (IPS, SNIPS, DR)",
         runEvaluatePolicy},
        {"export-log", "a serving log for Vowpal Wabbit (DSJSON) or Open Bandit Pipeline",
         runExportLog},
        {"inspect", "show the schema, statistics and first rows of a data source", runInspect},
        {"demo-data", "write the built-in demo world (users, items, clicks, images, truth)",
         runDemoData},
        {"train", "train a recommender (MLP, NeuMF, DeepFM) and evaluate it beside baselines",
         runTrain},
        {"evaluate", "recompute a trained recommender's metrics (or on NCF test files)",
         runEvaluate},
        {"recommend", "top-K items for a user, or items similar to an item", runRecommend},
        {"train-gan", "train the conditional GAN for creative visuals and score it", runTrainGan},
        {"sample", "draw images of a class from a trained GAN", runSample},
        {"version", "print versions of AdStudio, LibTorch, Qt, OpenCV, the BLAS and threads",
         runVersion},
    };
    return table;
}
}  // namespace adstudio::cli

namespace {

void printUsage(FILE* stream) {
    std::fprintf(stream, "usage: adstudio-cli COMMAND [options]\n\ncommands:\n");
    for (const auto& command : adstudio::cli::commands()) {
        std::fprintf(stream, "  %-16s %s\n", command.name, command.summary);
    }
    std::fprintf(
        stream,
        "\n`adstudio-cli COMMAND --help` for a command's options; --json for "
        "machine-readable output.\nExit codes: 0 ok, 1 runtime or data error, 2 usage error.\n");
}

}  // namespace

int main(int argc, char** argv) {
    adstudio::prepareComputeProcess(argv);  // before anything else: it may restart the process
    // Creatives are drawn with QPainter and need a GUI application, never a window: the CLI
    // always runs on the offscreen platform, so it works over SSH and in CI.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt warns on every start without one (root shells, containers); a private one is fine.
        const QByteArray runtime =
            QDir::tempPath().toUtf8() + "/adstudio-runtime-" + QByteArray::number(qint64(getuid()));
        QDir().mkpath(QString::fromUtf8(runtime));
        QFile::setPermissions(QString::fromUtf8(runtime),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", runtime);
    }
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("adstudio-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("AdStudio"));
    adstudio::setComputeThreads(0);

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        printUsage(stderr);
        return adstudio::cli::kUsageError;
    }
    const QString name = arguments.at(1);
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        printUsage(stdout);
        return adstudio::cli::kOk;
    }
    if (name == QLatin1String("--version")) return adstudio::cli::runVersion({arguments.at(0)});
    for (const auto& command : adstudio::cli::commands()) {
        if (name == QLatin1String(command.name)) {
            QStringList rest = arguments.mid(2);
            rest.prepend(arguments.at(0) + QLatin1Char(' ') + name);
            return command.run(rest);
        }
    }
    std::fprintf(stderr, "error: unknown command '%s'\n\n", qPrintable(name));
    printUsage(stderr);
    return adstudio::cli::kUsageError;
}
