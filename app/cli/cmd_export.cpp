// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "export/exporter.h"
#include "project/project.h"

namespace adstudio::cli {

int runExport(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption project("project", "Project folder (written by run).", "DIR");
    const QCommandLineOption out("out", "Export folder (default PROJECT/export).", "DIR");
    const QCommandLineOption approved("approved-only", "Only creatives a designer approved.");
    const QCommandLineOption sizes("sizes", "Comma-separated sizes, e.g. 300x250,728x90.", "LIST");
    const QCommandLineOption formats("formats", "png, jpeg or png,jpeg (default).", "LIST",
                                     "png,jpeg");
    parser.addOptions({project, out, approved, sizes, formats});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Export a project's creatives.", &exitCode))
        return exitCode;
    if (!parser.isSet(project)) return usageError("export needs --project DIR");
    auto opened = Project::open(parser.value(project));
    if (!opened) return reportError(opened.error());
    const Project& projectFolder = opened.value();
    ExportOptions options;
    options.approvedOnly = parser.isSet(approved);
    if (parser.isSet(sizes)) options.sizes = parser.value(sizes).split(',', Qt::SkipEmptyParts);
    const QStringList f = parser.value(formats).split(',', Qt::SkipEmptyParts);
    options.png = f.contains("png");
    options.jpeg = f.contains("jpeg") || f.contains("jpg");
    if (!options.png && !options.jpeg) return usageError("--formats takes png, jpeg or both");
    TerminalProgress progress;
    auto summary =
        exportCreatives(projectFolder.creatives(), projectFolder.segments().profiles,
                        parser.isSet(out) ? parser.value(out) : projectFolder.filePath("export"),
                        options, progress.context());
    if (!summary) return reportError(summary.error());
    printText(QString("%1 creatives, %2 files, %3 KiB in %4\n")
                  .arg(summary->creatives)
                  .arg(summary->files)
                  .arg(summary->bytes / 1024)
                  .arg(summary->folder));
    if (summary->overBudget > 0)
        printText(QString("warning: %1 creatives fit no placement's file-weight budget (see "
                          "within_budget in manifest.json)\n")
                      .arg(summary->overBudget));
    return kOk;
}

}  // namespace adstudio::cli
