// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "data/inspection.h"
#include "data/source.h"
#include "source_options.h"

namespace adstudio::cli {

int runInspect(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        "PATH",
        "A CSV/TSV file, MovieLens or NCF files, IDX images, an image folder or a demo world.");
    const QCommandLineOption json("json", "Machine-readable output.");
    const QCommandLineOption rows("rows", "Also show the first N rows as parsed.", "N", "0");
    const SourceOptions sourceOptions;
    sourceOptions.addTo(parser);
    parser.addOptions({json, rows});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Show the schema, statistics and first rows of a data source.", &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError("inspect takes exactly one PATH");

    LoadOptions options;
    if (const QString error = sourceOptions.read(parser, &options); !error.isEmpty())
        return usageError(error);
    bool ok = false;
    const int rowCount = parser.value(rows).toInt(&ok);
    if (!ok || rowCount < 0) return usageError("--rows takes a non-negative integer");

    TerminalProgress progress;
    CsvPreview preview;
    preview.wanted = rowCount;
    auto source = loadSource(parser.positionalArguments().front(), options, progress.context(),
                             rowCount > 0 ? &preview : nullptr);
    if (!source) return reportError(source.error());
    const CsvPreview* rawRows = preview.rows.empty() ? nullptr : &preview;
    if (parser.isSet(json))
        printJson(describeSource(*source, rowCount, rawRows));
    else
        printText(describeSourceText(*source, rowCount, rawRows));
    return kOk;
}

}  // namespace adstudio::cli
