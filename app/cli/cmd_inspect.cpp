// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "data/inspection.h"
#include "data/source.h"

namespace adstudio::cli {

int runInspect(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        "PATH",
        "A CSV/TSV file, MovieLens or NCF files, IDX images, an image folder or a demo world.");
    const QCommandLineOption format("format", "auto|csv|movielens|ncf|idx|images (default auto).",
                                    "FORMAT", "auto");
    const QCommandLineOption json("json", "Machine-readable output.");
    const QCommandLineOption rows("rows", "Also show the first N rows as parsed.", "N", "0");
    const QCommandLineOption delimiter(
        "delimiter", "Field delimiter (',', ';', '|', 'tab'); default: detected.", "D");
    const QCommandLineOption encoding("encoding", "utf8 (default) or latin1.", "ENC", "utf8");
    const QCommandLineOption column(
        "column", "Override a column's type or role: NAME=KIND (repeatable).", "NAME=KIND");
    const QCommandLineOption noHeader("no-header", "The first line is data, not column names.");
    parser.addOptions({format, json, rows, delimiter, encoding, column, noHeader});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Show the schema, statistics and first rows of a data source.", &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError("inspect takes exactly one PATH");

    LoadOptions options;
    if (!parseSourceFormat(parser.value(format), &options.format))
        return usageError(QStringLiteral("unknown --format '%1'").arg(parser.value(format)));
    bool ok = false;
    const int rowCount = parser.value(rows).toInt(&ok);
    if (!ok || rowCount < 0) return usageError("--rows takes a non-negative integer");
    if (parser.isSet(delimiter)) {
        const QString d = parser.value(delimiter);
        if (d == QLatin1String("tab") || d == QLatin1String("\\t"))
            options.csv.delimiter = '\t';
        else if (d.size() == 1 && d.at(0).unicode() < 128)
            options.csv.delimiter = char(d.at(0).unicode());
        else
            return usageError("--delimiter takes one ASCII character or 'tab'");
    }
    const QString enc = parser.value(encoding).toLower();
    if (enc == QLatin1String("latin1") || enc == QLatin1String("iso-8859-1"))
        options.csv.latin1 = true;
    else if (enc != QLatin1String("utf8") && enc != QLatin1String("utf-8"))
        return usageError("--encoding is utf8 or latin1");
    if (parser.isSet(noHeader)) options.csv.header = 0;
    for (const QString& entry : parser.values(column)) {
        if (const Status s = options.csv.mapping.parseEntry(entry); !s)
            return usageError(s.error().toString());
    }

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
