// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "common/atomic_file.h"
#include "serving/simulator.h"
#include "serving_options.h"

#include <QDir>

namespace adstudio::cli {

int runSimulate(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption project(
        "project", "Project folder made from the demo world (run --demo).", "DIR");
    const QCommandLineOption steps("steps", "Arriving users (default 20000).", "N", "20000");
    const QCommandLineOption policy(
        "policy", "random, best-fixed, segment-greedy, bandit, a comma list, or all (default).",
        "NAME", "all");
    const QCommandLineOption size("size", "Creative size (default 300x250).", "WxH");
    const QCommandLineOption curves(
        "curves",
        "CSV of CTR and regret over time per policy (default PROJECT/simulations/ctr-SEED.csv).",
        "FILE");
    const QCommandLineOption log("log", "Write the bandit's event log here, exactly as serve does.",
                                 "FILE");
    const QCommandLineOption json("json", "Print the result as JSON.");
    const QCommandLineOption drift("drift",
                                   "Halfway through, every segment takes on another's tastes.");
    const QCommandLineOption creativeDrift(
        "creative-drift",
        "Halfway through, each segment's best-liked and least-liked items swap appeal.");
    const QCommandLineOption recent(
        "recent-clicks", "Items each user clicked lately, sent with the request (default 0).", "N",
        "0");
    ServingOptionSet bandit;
    parser.addOptions(
        {project, steps, policy, size, curves, log, json, drift, creativeDrift, recent});
    bandit.addTo(parser);
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Replay the demo world's users against serving policies.", &exitCode))
        return exitCode;
    if (!parser.isSet(project)) return usageError("simulate needs --project DIR");
    SimulationOptions options;
    if (const QString problem = bandit.read(parser, &options.serving); !problem.isEmpty())
        return usageError(problem);
    options.seed = options.serving.seed;
    options.drift = parser.isSet(drift);
    options.creativeDrift = parser.isSet(creativeDrift);
    options.serving.online.synchronous = true;  // reproducible: the same seed, the same run
    bool ok = false;
    options.recentClicks = parser.value(recent).toInt(&ok);
    if (!ok || options.recentClicks < 0)
        return usageError("--recent-clicks takes a whole number >= 0");
    options.steps = parser.value(steps).toInt(&ok);
    if (!ok || options.steps < 1) return usageError("--steps takes a whole number >= 1");
    options.policies = parser.value(policy) == QLatin1String("all")
                           ? simulatedPolicyNames()
                           : parser.value(policy).split(',', Qt::SkipEmptyParts);
    for (const auto& name : options.policies) {
        if (!simulatedPolicyNames().contains(name))
            return usageError(
                QString("--policy takes %1 or all").arg(simulatedPolicyNames().join(", ")));
    }
    options.size = parser.value(size);
    options.logPath = parser.value(log);

    TerminalProgress progress;
    auto report = simulate(parser.value(project), options, progress.context());
    if (!report) return reportError(report.error());
    const QString curvesPath =
        parser.isSet(curves) ? parser.value(curves)
                             : QDir(parser.value(project))
                                   .filePath(QString("simulations/ctr-%1.csv").arg(options.seed));
    QDir().mkpath(QFileInfo(curvesPath).absolutePath());
    if (const Status written = writeFileAtomically(curvesPath, report->curvesCsv().toUtf8());
        !written)
        return reportError(written.error());
    QJsonObject result = report->toJson();
    result.insert("curves", QFileInfo(curvesPath).absoluteFilePath());
    if (parser.isSet(json)) {
        printJson(result);
        return kOk;
    }
    QString text = QString("%1 arrivals at %2, seed %3; curves in %4\n")
                       .arg(report->steps)
                       .arg(report->size)
                       .arg(report->seed)
                       .arg(curvesPath);
    text += QString("%1  %2  %3  %4\n")
                .arg("policy", -15)
                .arg("CTR", 8)
                .arg("lift", 6)
                .arg("regret", 9);
    const QJsonObject policies = result.value("policies").toObject();
    for (const auto& outcome : report->outcomes) {
        const QJsonObject o = policies.value(outcome.policy).toObject();
        text += QString("%1  %2  %3  %4  %5  %6\n")
                    .arg(outcome.policy, -15)
                    .arg(outcome.ctr, 8, 'f', 4)
                    .arg(o.value("lift_over_random").toDouble(), 6, 'f', 2)
                    .arg(outcome.regret, 9, 'f', 1)
                    .arg(outcome.ctrFirstHalf, 12, 'f', 4)
                    .arg(outcome.ctrSecondHalf, 12, 'f', 4);
        int accepted = 0;
        for (const auto& check : outcome.modelChecks) accepted += check.accepted;
        if (!outcome.modelChecks.empty())
            text += QString("  %1 fine-tunes, %2 swapped in\n")
                        .arg(outcome.modelChecks.size())
                        .arg(accepted);
    }
    text += QString(
                "oracles: each segment's best creative %1, each user's best %2; uniform random "
                "expects %3\n")
                .arg(report->segmentOracleCtr, 0, 'f', 4)
                .arg(report->personalOracleCtr, 0, 'f', 4)
                .arg(report->randomExpectedCtr, 0, 'f', 4);
    printText(text);
    return kOk;
}

}  // namespace adstudio::cli
