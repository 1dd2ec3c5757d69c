// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "data/demo_world.h"

namespace adstudio::cli {

int runDemoData(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption out(
        "out", "Folder to write (created; an older demo world there is replaced).", "DIR");
    const QCommandLineOption users("users", "Number of users (default 2000).", "N", "2000");
    const QCommandLineOption items("items", "Number of products (default 200).", "M", "200");
    const QCommandLineOption seed("seed", "Random seed (default 42).", "S", "42");
    const QCommandLineOption json("json", "Machine-readable summary.");
    parser.addOptions({out, users, items, seed, json});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Write the built-in demo world.", &exitCode))
        return exitCode;
    if (!parser.isSet(out)) return usageError("demo-data needs --out DIR");
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
