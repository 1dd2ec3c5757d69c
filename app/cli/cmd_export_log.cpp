// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "serving/log_export.h"
#include "serving_options.h"

namespace adstudio::cli {

int runExportLog(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption project(
        "project", "Project folder; its log is PROJECT/events/events.jsonl.", "DIR");
    const QCommandLineOption log("log", "Event log (serve's or simulate --log's).", "FILE");
    const QCommandLineOption format(
        "format", "dsjson (Vowpal Wabbit) or obp (Open Bandit Pipeline).", "NAME");
    const QCommandLineOption out("out", "Output: a file for dsjson, a folder for obp.", "PATH");
    parser.addOptions({project, log, format, out});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Export a serving log for Vowpal Wabbit or Open Bandit Pipeline.",
                        &exitCode))
        return exitCode;
    if (!parser.isSet(log) && !parser.isSet(project))
        return usageError("export-log needs --log FILE or --project DIR");
    if (!parser.isSet(out)) return usageError("export-log needs --out PATH");
    const QString name = parser.value(format);
    if (name != QLatin1String("dsjson") && name != QLatin1String("obp"))
        return usageError("--format takes dsjson or obp");
    const auto logFile = eventLogPathFrom(parser, project, log);
    if (!logFile) return reportError(logFile.error());
    const QString logPath = logFile.value();
    const auto summary = name == QLatin1String("dsjson")
                             ? exportLogAsDsjson(logPath, parser.value(out))
                             : exportLogForOpenBanditPipeline(logPath, parser.value(out));
    if (!summary) return reportError(summary.error());
    printText(QString("%1 rounds written: %2\n")
                  .arg(summary.value().rounds)
                  .arg(summary.value().files.join(", ")));
    return kOk;
}

}  // namespace adstudio::cli
