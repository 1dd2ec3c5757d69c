// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "data/demo_world.h"
#include "data/feature_click_log.h"

#include <QDir>

namespace adstudio::cli {
namespace {

int writeCriteoLayout(const QString& folder, const QString& rowsText, const QString& seedText,
                      bool json) {
    FeatureClickLogOptions options;
    bool okRows = false, okSeed = false;
    options.rows = rowsText.toLongLong(&okRows);
    options.seed = seedText.toULongLong(&okSeed);
    if (!okRows || !okSeed) return usageError("--rows and --seed take integers");
    if (!QDir().mkpath(folder))
        return reportError(
            makeError(folder, 0, 0, "cannot create the folder", "check permissions"));
    TerminalProgress progress;
    auto summary =
        writeFeatureClickLog(QDir(folder).filePath("criteo_log.csv"), options, progress.context());
    if (!summary) return reportError(summary.error());
    const double ctr = double(summary->clicks) / double(summary->rows);
    if (json) {
        printJson({{"file", summary->path},
                   {"rows", double(summary->rows)},
                   {"clicks", double(summary->clicks)},
                   {"ctr", ctr},
                   {"oracle_auc", summary->oracleAuc},
                   {"main_effects_auc", summary->mainEffectsAuc}});
    } else {
        printText(QStringLiteral("click log written to %1: %2 rows, %3 clicks (CTR %4%); AUC of "
                                 "the true probabilities %5, of their main effects alone %6\n")
                      .arg(summary->path)
                      .arg(summary->rows)
                      .arg(summary->clicks)
                      .arg(100 * ctr, 0, 'f', 2)
                      .arg(summary->oracleAuc, 0, 'f', 4)
                      .arg(summary->mainEffectsAuc, 0, 'f', 4));
    }
    return kOk;
}

}  // namespace

int runDemoData(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption out(
        "out", "Folder to write (created; an older demo world there is replaced).", "DIR");
    const QCommandLineOption users("users", "Number of users (default 2000).", "N", "2000");
    const QCommandLineOption items("items", "Number of products (default 200).", "M", "200");
    const QCommandLineOption seed("seed", "Random seed (default 42).", "S", "42");
    const QCommandLineOption layout(
        "layout",
        "world (users, items, clicks, images) or criteo: one click log of fields alone in "
        "Criteo's layout (label, I1..I13, C1..C26) with planted feature interactions, written "
        "to DIR/criteo_log.csv.",
        "NAME", "world");
    const QCommandLineOption rows("rows", "Rows of the criteo layout (default 100000).", "N",
                                  "100000");
    const QCommandLineOption json("json", "Machine-readable summary.");
    parser.addOptions({out, users, items, seed, layout, rows, json});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Write the built-in demo world.", &exitCode))
        return exitCode;
    if (!parser.isSet(out)) return usageError("demo-data needs --out DIR");
    if (parser.value(layout) == QLatin1String("criteo"))
        return writeCriteoLayout(parser.value(out), parser.value(rows), parser.value(seed),
                                 parser.isSet(json));
    if (parser.value(layout) != QLatin1String("world"))
        return usageError("--layout takes world or criteo");
    DemoWorldOptions options;
    bool okUsers = false, okItems = false, okSeed = false;
    options.users = parser.value(users).toInt(&okUsers);
    options.items = parser.value(items).toInt(&okItems);
    options.seed = parser.value(seed).toULongLong(&okSeed);
    if (!okUsers || !okItems || !okSeed)
        return usageError("--users, --items and --seed take integers");

    TerminalProgress progress;
    auto summary = generateDemoWorld(parser.value(out), options, progress.context());
    if (!summary) return reportError(summary.error());
    const double ctr =
        double(summary->clicks) / double(std::max<std::int64_t>(1, summary->impressions));
    if (parser.isSet(json)) {
        printJson({{"folder", summary->folder},
                   {"users", summary->users},
                   {"items", summary->items},
                   {"impressions", double(summary->impressions)},
                   {"clicks", double(summary->clicks)},
                   {"ctr", ctr},
                   {"segments", summary->segments}});
    } else {
        printText(QStringLiteral(
                      "demo world written to %1: %2 users, %3 items, %4 impressions, %5 clicks "
                      "(CTR %6%), %7 planted segments\n")
                      .arg(summary->folder)
                      .arg(summary->users)
                      .arg(summary->items)
                      .arg(summary->impressions)
                      .arg(summary->clicks)
                      .arg(100 * ctr, 0, 'f', 2)
                      .arg(summary->segments));
    }
    return kOk;
}

}  // namespace adstudio::cli
