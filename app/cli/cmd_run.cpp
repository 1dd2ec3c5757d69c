// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "pipeline/pipeline.h"
#include "source_options.h"

namespace adstudio::cli {

int runRun(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption demo("demo", "Use the built-in demo world.");
    const QCommandLineOption data("data",
                                  "Your data: the folder of a shop's export (interaction log, "
                                  "catalogue, user table, whatever their names) or the log's CSV.",
                                  "PATH");
    const QCommandLineOption column("column", tableColumnHelp(), "[TABLE.]NAME=KIND");
    const QCommandLineOption interactions("interactions", "The interaction log's file.", "FILE");
    const QCommandLineOption items("items", "The catalogue's file.", "FILE");
    const QCommandLineOption users("users", "The user table's file.", "FILE");
    const QCommandLineOption brand(
        "brand",
        "The advertiser's name, for items without a brand; or a brand kit (a .json file: name, "
        "logo, colours, font, tone, legal) that every creative applies, kept in the project.",
        "NAME|FILE");
    const QCommandLineOption currency(
        "currency", "ISO 4217 code for prices whose column does not name one (default EUR).",
        "CODE");
    const QCommandLineOption setAside("set-aside-bad-rows",
                                      setAsideHelp() + " (In the project's rejects/ folder.)");
    const QCommandLineOption out("out", "Project folder to write.", "DIR");
    const QCommandLineOption project(
        "project",
        "Complete or re-run an existing project folder: its data and column settings, its model "
        "and GAN (unless --retrain), its reviewed creatives kept.",
        "DIR");
    const QCommandLineOption retrain("retrain", "Train the model and the GAN anew.");
    const QCommandLineOption fast("fast", "Short training (about a minute on 2 cores).");
    const QCommandLineOption seed("seed", "Random seed (default 42).", "S", "42");
    const QCommandLineOption threads("threads", "Compute threads (default: all cores).", "N", "0");
    const QCommandLineOption json("json", "Print project.json.");
    const QCommandLineOption device = deviceOption();
    parser.addOptions({demo, data, out, project, retrain, fast, seed, threads, json, column,
                       interactions, items, users, brand, currency, setAside, device});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "The main job: data, recommender, segments, GAN, creatives, export.",
                        &exitCode))
        return exitCode;
    if (const int set = applyDeviceOption(parser, device); set != kOk) return set;
    PipelineOptions options;
    options.demo = parser.isSet(demo);
    options.dataPath = parser.value(data);
    options.projectDir = parser.isSet(project) ? parser.value(project) : parser.value(out);
    options.fast = parser.isSet(fast);
    bool okSeed = false, okThreads = false;
    options.seed = parser.value(seed).toULongLong(&okSeed);
    options.threads = parser.value(threads).toInt(&okThreads);
    if (!okSeed || !okThreads) return usageError("--seed and --threads take integers");
    if (options.projectDir.isEmpty()) return usageError("run needs --out DIR (or --project DIR)");
    options.retrain = parser.isSet(retrain);
    if (!parser.isSet(project) && !options.demo && options.dataPath.isEmpty())
        return usageError("run needs --demo or --data PATH (or --project DIR)");
    // --brand names the advertiser, or a brand kit when it is a .json file.
    const QString brandValue = parser.value(brand).trimmed();
    const bool brandKit = brandValue.endsWith(".json", Qt::CaseInsensitive);
    if (brandKit) options.brandKitFile = brandValue;

    // Table settings given here replace the project's (they are saved with it).
    if (parser.isSet(column) || parser.isSet(interactions) || parser.isSet(items) ||
        parser.isSet(users) || (parser.isSet(brand) && !brandKit) || parser.isSet(currency) ||
        parser.isSet(setAside)) {
        DataSettings settings;
        const QString error = readTableOptions(parser, column, interactions, items, users,
                                               &settings.mapping, &settings.tables);
        if (!error.isEmpty()) return usageError(error);
        settings.setAsideBadRows = parser.isSet(setAside);
        if (!brandKit) settings.brand = brandValue;
        settings.currency = parser.value(currency).trimmed().toUpper();
        if (!settings.currency.isEmpty() && settings.currency.size() != 3)
            return usageError("--currency takes an ISO 4217 code such as EUR, USD or GBP");
        options.dataSettings = settings;
    }

    TerminalProgress progress;
    auto summary = runPipeline(options, progress.context());
    if (!summary) return reportError(summary.error());
    if (parser.isSet(json))
        printJson(summary->project);
    else
        printText(summary->table());
    return kOk;
}

}  // namespace adstudio::cli
