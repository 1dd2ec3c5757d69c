// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "common/atomic_file.h"
#include "data/data_settings.h"
#include "data/source.h"
#include "distributed_options.h"
#include "source_options.h"
#include "train/model_selection.h"
#include "train/recommender.h"
#include "train/tuning.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cstdio>

namespace adstudio::cli {
namespace {

// The model's metrics beside its baselines, one line each.
QString metricsTable(const QJsonObject& m) {
    QString text;
    auto row = [&](const QString& name, const QStringList& keys) {
        QStringList cells;
        for (const auto& key : keys)
            if (m.contains(key))
                cells << QString("%1 %2")
                             .arg(key.section('_', -1), -10)
                             .arg(m.value(key).toDouble(), 0, 'f', 4);
        if (!cells.isEmpty()) text += QString("  %1 %2\n").arg(name, -10).arg(cells.join("  "));
    };
    const QString k = [&] {
        for (auto it = m.begin(); it != m.end(); ++it)
            if (it.key().startsWith("hr@")) return it.key().mid(3);
        return QString("10");
    }();
    const QStringList ranking{"hr@" + k, "ndcg@" + k, "recall@" + k};
    auto prefixed = [](const QString& prefix, const QStringList& keys) {
        QStringList out;
        for (const auto& key : keys) out << prefix + key;
        return out;
    };
    const QStringList ctr{"auc", "logloss", "accuracy"};
    const QStringList rating{"rmse", "mae"};
    const QStringList all = ranking + ctr + rating;
    row(m.value("model").toString(), all);
    row("itempop", prefixed("itempop_", ranking));
    row("random", prefixed("random_", ranking));
    row("lr", prefixed("lr_", ctr));
    row("mean", prefixed("mean_", ctr + rating));
    return text;
}

bool parseLayers(const QString& text, std::vector<int64_t>* layers) {
    layers->clear();
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int units = part.trimmed().toInt(&ok);
        if (!ok || units <= 0) return false;
        layers->push_back(units);
    }
    return !layers->empty();
}

}  // namespace

int runTrain(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption data("data", "Interactions: CSV, MovieLens, NCF files, demo world.",
                                  "PATH");
    const QCommandLineOption out("out", "Model folder to write.", "DIR");
    const QCommandLineOption model(
        "model",
        "auto|mlp|gmf|ncf-mlp|neumf|mf|ease|ease-seq|deepfm|lr (default: "
        "deepfm with a label, else auto: neumf, mf, ease and ease-seq, "
        "the best by validation).",
        "NAME");
    const QCommandLineOption task("task", "auto|implicit|ctr|rating (default auto).", "TASK",
                                  "auto");
    const QCommandLineOption epochs("epochs", "Epochs (default 20).", "N");
    const QCommandLineOption batch("batch-size", "Batch size (default 256).", "N");
    const QCommandLineOption lr("lr", "Learning rate (default 0.001; DeepFM on a click log 0.003).",
                                "RATE");
    const QCommandLineOption optimizer("optimizer", "adam|sgd|adagrad (default adam).", "NAME");
    const QCommandLineOption weightDecay(
        "weight-decay", "L2 penalty (default 0; DeepFM and the MLP on a click log 1e-3).", "W");
    const QCommandLineOption lrDecay("lr-decay", "Learning rate factor per epoch (default 1).",
                                     "F");
    const QCommandLineOption factors("factors", "GMF factors / embedding width (default 8).", "N");
    const QCommandLineOption layers(
        "layers", "Hidden widths, e.g. 64,32,16,8 (default: that for NeuMF, 64,32 otherwise).",
        "LIST");
    const QCommandLineOption dropout("dropout", "Dropout after hidden layers (default 0).", "P");
    const QCommandLineOption lambda(
        "lambda", "EASE's L2 regularization (default: the best on validation of 1..3000).", "L");
    const QCommandLineOption negatives("negatives", "Sampled negatives per positive (default 4).",
                                       "N");
    const QCommandLineOption evalNegatives(
        "eval-negatives", "Negatives ranked with each held-out item (default 99).", "N");
    const QCommandLineOption k("k", "Cut-off of HR/NDCG/Recall (default 10).", "K");
    const QCommandLineOption patience(
        "patience", "Epochs without validation gain before stopping; 0 never (default 3).", "N");
    const QCommandLineOption pretrain("pretrain", "NeuMF: pre-train GMF and MLP, then fuse.");
    const QCommandLineOption noBaselines("no-baselines", "Skip the baselines.");
    const QCommandLineOption seed("seed", "Random seed (default 42).", "S");
    const QCommandLineOption threads("threads", "Compute threads (default: all cores).", "N");
    const QCommandLineOption resume("resume", "Continue DIR's last checkpoint.");
    const QCommandLineOption tune(
        "tune",
        "Try N settings (factors, learning rate, L2, negatives, batch size, dropout; EASE's λ) "
        "by seeded random search, the first being the given ones, and keep the best by "
        "validation; DIR/trials.csv lists them. With auto, tunes mf (implicit) or deepfm.",
        "N");
    const QCommandLineOption settingsFile(
        "config", "Training settings as JSON (a run's \"config\"; what the GUI gives its ranks).",
        "FILE");
    const QCommandLineOption dataSettingsFile(
        "data-settings",
        "How to read --data, as JSON: a project's data settings (tables, column kinds, "
        "transforms).",
        "FILE");
    const QCommandLineOption device = deviceOption();
    const QCommandLineOption json("json", "Print metrics.json.");
    parser.addOptions(
        {data,      out,           model,   task,     epochs,   batch,        lr,
         optimizer, weightDecay,   lrDecay, factors,  layers,   dropout,      lambda,
         negatives, evalNegatives, k,       patience, pretrain, noBaselines,  seed,
         threads,   resume,        tune,    device,   json,     settingsFile, dataSettingsFile});
    const SourceOptions sourceOptions;
    sourceOptions.addTo(parser);
    const DistributedOptions distributedOptions;
    distributedOptions.addTo(parser);
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Train a recommender and evaluate it beside baselines.",
                        &exitCode))
        return exitCode;
    if (!parser.isSet(out)) return usageError("train needs --out DIR");
    if (const int set = applyDeviceOption(parser, device); set != kOk) return set;
    const QString outDir = parser.value(out);
    const QString runFile = QDir(outDir).filePath("train.json");

    // A resumed run starts from the first run's settings; flags given now override them.
    RecommenderConfig config;
    QString dataPath = parser.value(data);
    QString format = "auto";
    bool modelChosen = parser.isSet(model), layersChosen = parser.isSet(layers);
    // --resume reads the run's settings unless given them (--config: a GUI's worker rank).
    if (parser.isSet(resume) && !parser.isSet(settingsFile)) {
        auto saved = readJsonFile(runFile, "train once without --resume");
        if (!saved) return reportError(saved.error());
        auto savedConfig = RecommenderConfig::fromJson(saved->value("config").toObject());
        if (!savedConfig) return reportError(savedConfig.error());
        config = *savedConfig;
        if (dataPath.isEmpty()) dataPath = saved->value("data").toString();
        format = saved->value("format").toString("auto");
        modelChosen = layersChosen = true;
    }
    if (parser.isSet(settingsFile)) {
        auto saved = readJsonFile(parser.value(settingsFile), "give a run's config as JSON");
        if (!saved) return reportError(saved.error());
        auto given = RecommenderConfig::fromJson(*saved);
        if (!given) return reportError(given.error());
        config = *given;
        modelChosen = layersChosen = true;
    }
    const bool settingsGiven = parser.isSet(resume) || parser.isSet(settingsFile);
    if (dataPath.isEmpty()) return usageError("train needs --data PATH");

    LoadOptions loadOptions;
    if (const QString error = sourceOptions.read(parser, &loadOptions); !error.isEmpty())
        return usageError(error);
    if (!parser.isSet("format") && format != "auto") parseSourceFormat(format, &loadOptions.format);

    QString error;
    auto number = [&](const QCommandLineOption& option, auto* target, double min) {
        if (!parser.isSet(option) || !error.isEmpty()) return;
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || value < min)
            error = QString("--%1 takes a number >= %2").arg(option.names().first()).arg(min);
        else
            *target = static_cast<std::remove_pointer_t<decltype(target)>>(value);
    };
    number(epochs, &config.epochs, 1);
    number(batch, &config.batchSize, 1);
    number(lr, &config.optimizer.learningRate, 0);
    number(weightDecay, &config.optimizer.weightDecay, 0);
    number(lrDecay, &config.optimizer.decayPerEpoch, 0);
    number(factors, &config.factors, 1);
    number(dropout, &config.dropout, 0);
    number(lambda, &config.lambda, 0);
    number(negatives, &config.negatives, 0);
    number(evalNegatives, &config.evalNegatives, 1);
    number(k, &config.k, 1);
    number(patience, &config.patience, 0);
    number(threads, &config.threads, 0);
    if (!error.isEmpty()) return usageError(error);
    if (parser.isSet(seed)) {
        bool ok = false;
        config.seed = parser.value(seed).toULongLong(&ok);
        if (!ok) return usageError("--seed takes a non-negative integer");
    }
    if (parser.isSet(optimizer)) config.optimizer.name = parser.value(optimizer).toLower();
    if (!config.optimizer.isValid()) return usageError("--optimizer is adam, sgd or adagrad");
    if (parser.isSet(task) && !parseRecommenderTask(parser.value(task), &config.task))
        return usageError("--task is auto, implicit, ctr or rating");
    // auto: the candidates for the data trained side by side, the best by validation kept.
    bool autoModel = parser.value(model) == QLatin1String("auto");
    if (parser.isSet(model) && !autoModel &&
        !parseRecommenderKind(parser.value(model), &config.model))
        return usageError(
            "--model is auto, mlp, gmf, ncf-mlp, neumf, mf, ease, ease-seq, deepfm or lr");
    if (autoModel && parser.isSet(resume))
        return usageError("--resume continues one model: resume OUT/candidates/NAME instead");
    int tuneTrials = 0;
    if (parser.isSet(tune)) {
        bool ok = false;
        tuneTrials = parser.value(tune).toInt(&ok);
        if (!ok || tuneTrials < 1) return usageError("--tune takes a number of trials >= 1");
        if (parser.isSet(resume))
            return usageError("--resume continues one model: resume OUT/trials/NN instead");
    }
    if (parser.isSet(layers) && !parseLayers(parser.value(layers), &config.layers))
        return usageError("--layers takes positive widths, e.g. 64,32,16,8");
    if (parser.isSet(pretrain)) config.pretrain = true;
    if (parser.isSet(noBaselines)) config.baselines = false;

    // Data parallel: this process is rank 0 of --workers N, or one rank of --world-size N.
    if (const QString wrong = distributedOptions.read(parser, outDir, parser.isSet(threads),
                                                      &config.distributed, &config.threads);
        !wrong.isEmpty())
        return usageError(wrong);
    if (Status s = distributedOptions.readToken(parser, &config.distributed); !s)
        return reportError(s.error());
    if (config.distributed.active() && (tuneTrials > 0 || parser.value(model) == "auto"))
        return usageError(
            "data-parallel training trains one model: choose --model, not auto or --tune");

    // --workers N: ranks 1..N-1 start now, load the data beside this process (rank 0) rather
    // than after it (3.6 s of a 200,000-user log), and meet it at the rendezvous. Should this
    // process stop early, they are stopped with it.
    const CreatedFolderGuard createdFolder(outDir);
    LocalRanks localRanks;
    if (distributedOptions.startsLocalRanks(parser, config.distributed)) {
        if (!QDir().mkpath(outDir))
            return reportError(
                makeError(outDir, 0, 0, "cannot create the folder", "check permissions"));
        auto started = startLocalRanks(arguments, config.distributed, config.threads);
        if (!started) return reportError(started.error());
        localRanks = std::move(started.value());
    }

    TerminalProgress progress;
    auto source = [&]() -> Result<LoadedSource> {
        if (!parser.isSet(dataSettingsFile))
            return loadSource(dataPath, loadOptions, progress.context());
        const QString file = parser.value(dataSettingsFile);
        auto json = readJsonFile(file, "give a project's data settings");
        if (!json) return json.error();
        auto settings = DataSettings::fromJson(*json, file);
        if (!settings) return settings.error();
        return loadSourceWithSettings(dataPath, *settings, progress.context());
    }();
    if (!source) return reportError(source.error());
    if (!source->tables) {
        return reportError(makeError(dataPath, 0, 0, "holds images, not interactions",
                                     "train the GAN on images (train-gan), the recommender on a "
                                     "table of user-item interactions"));
    }
    if (!modelChosen || (autoModel && tuneTrials > 0)) {
        config.model = RecommenderConfig::defaultsFor(*source->tables, config.task).model;
        // Implicit feedback has strong candidates that win on different data: try them all.
        autoModel = config.model == RecommenderKind::NeuMF;
        // Tuning searches one model: biased MF, the strongest on the NCF protocol (Rendle 2020).
        if (tuneTrials > 0 && autoModel) config.model = RecommenderKind::Mf;
        if (tuneTrials > 0 || config.distributed.active()) autoModel = false;
    }
    const bool neuMF =
        config.model == RecommenderKind::NeuMF || config.model == RecommenderKind::NcfMlp;
    if (!layersChosen) config.layers = RecommenderConfig::defaultLayers(config.model);
    const ChosenSettings chosen{layersChosen, parser.isSet(lr) || settingsGiven,
                                parser.isSet(weightDecay) || settingsGiven};
    const OptimizerSettings suited =
        RecommenderConfig::defaultOptimizer(config.model, *source->tables, config.task);
    if (!chosen.learningRate) config.optimizer.learningRate = suited.learningRate;
    if (!chosen.weightDecay) config.optimizer.weightDecay = suited.weightDecay;
    if (neuMF && config.layers.front() % 2 != 0)
        return usageError("NeuMF's first layer width must be even (it splits into user and item)");

    if (!QDir().mkpath(outDir))
        return reportError(
            makeError(outDir, 0, 0, "cannot create the folder", "check permissions"));
    const QJsonObject run{{"data", QFileInfo(dataPath).absoluteFilePath()},
                          {"format", sourceFormatName(source->format)},
                          {"config", config.toJson()},
                          {"auto", autoModel},
                          {"tune", tuneTrials}};
    if (config.distributed.isLeader())
        if (Status s = writeJsonFile(runFile, run); !s) return reportError(s.error());

    const bool quiet = parser.isSet(json);
    const TrialCallback printTrial = [quiet](const TuneTrial& trial) {
        if (quiet) return;
        printText(QString("trial %1: %2 %3 (epoch %4) with %5, %6 s\n")
                      .arg(trial.index, 2)
                      .arg(trial.validationMetric)
                      .arg(trial.validationScore, 0, 'f', 4)
                      .arg(trial.bestEpoch)
                      .arg(describeTrialSettings(trial.settings))
                      .arg(trial.seconds, 0, 'f', 1));
    };
    auto report = tuneTrials > 0 ? tuneRecommender(*source->tables, config, tuneTrials, outDir,
                                                   progress.context(), {}, printTrial)
                  : autoModel    ? trainBestRecommender(*source->tables, config, chosen, outDir,
                                                        progress.context())
                                 : trainRecommender(*source->tables, config, outDir,
                                                    parser.isSet(resume), progress.context());
    if (!report) return reportError(localRanks.stopAfter(report.error()));
    // The others end with the last epoch; one that failed fails the run.
    if (Status ended = localRanks.finish(); !ended) return reportError(ended.error());
    if (!config.distributed.isLeader()) return kOk;  // rank 0 reports
    if (parser.isSet(json)) {
        printJson(report->metrics);
        return kOk;
    }
    const auto& m = report->metrics;
    const QString trainedOn =
        m.value("feature_only").toBool()
            ? QString("a click log of fields alone (%1 fields, %2 training rows)")
                  .arg(m.value("fields").toInt())
                  .arg(qint64(m.value("train_rows").toDouble()))
            : QString("%1 users x %2 items")
                  .arg(m.value("users").toInt())
                  .arg(m.value("items").toInt());
    printText(QString("trained %1 on %2 (%3 task): %4 epochs (best %5), %6 s, "
                      "%7 samples/s, %8 thread(s)\n")
                  .arg(m.value("model").toString())
                  .arg(trainedOn)
                  .arg(m.value("task").toString())
                  .arg(m.value("epochs_run").toInt())
                  .arg(m.value("best_epoch").toInt())
                  .arg(report->seconds, 0, 'f', 1)
                  .arg(m.value("samples_per_s").toDouble(), 0, 'f', 0)
                  .arg(m.value("threads").toInt()));
    printText(metricsTable(m));
    printText(communicationSummary(m));
    if (m.contains("selection")) {
        const QJsonObject selection = m.value("selection").toObject();
        QString lines = QString("chosen by validation %1:").arg(selection.value("by").toString());
        for (const auto& value : selection.value("candidates").toArray()) {
            const QJsonObject c = value.toObject();
            lines += QString(" %1 %2")
                         .arg(c.value("model").toString())
                         .arg(c.value("validation_score").toDouble(), 0, 'f', 4);
        }
        printText(lines + QString(" -> %1\n").arg(selection.value("chosen").toString()));
    }
    if (m.contains("tuning")) {
        const QJsonObject tuning = m.value("tuning").toObject();
        printText(QString("tuned: trial %1 of %2 kept (best validation %3); trials.csv lists "
                          "every trial\n")
                      .arg(tuning.value("best_trial").toInt())
                      .arg(tuning.value("trials").toInt())
                      .arg(tuning.value("by").toString()));
    }
    printText(QString("model folder: %1\n").arg(QDir(outDir).absolutePath()));
    return kOk;
}

int runEvaluate(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption model("model", "Model folder written by train.", "DIR");
    const QCommandLineOption testRating("test-rating", "NCF test.rating file.", "FILE");
    const QCommandLineOption testNegative("test-negative", "NCF test.negative file.", "FILE");
    const QCommandLineOption k("k", "Cut-off (default 10).", "K", "10");
    const QCommandLineOption json("json", "Machine-readable output.");
    parser.addOptions({model, testRating, testNegative, k, json});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Evaluate a trained recommender.", &exitCode))
        return exitCode;
    if (!parser.isSet(model)) return usageError("evaluate needs --model DIR");
    bool ok = false;
    const int cutoff = parser.value(k).toInt(&ok);
    if (!ok || cutoff < 1) return usageError("--k takes a positive integer");
    auto loaded = RecommenderModel::load(parser.value(model));
    if (!loaded) return reportError(loaded.error());
    auto metrics = loaded->evaluate(cutoff, parser.value(testRating), parser.value(testNegative));
    if (!metrics) return reportError(metrics.error());
    if (parser.isSet(json))
        printJson(*metrics);
    else
        printText(metricsTable(*metrics));
    return kOk;
}

int runRecommend(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption model("model", "Model folder written by train.", "DIR");
    const QCommandLineOption user("user", "User id: top-K unseen items for this user.", "ID");
    const QCommandLineOption item("similar", "Item id: top-K items most like this one.", "ID");
    const QCommandLineOption k("k", "How many (default 10).", "K", "10");
    const QCommandLineOption json("json", "Machine-readable output.");
    parser.addOptions({model, user, item, k, json});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Recommend items for a user, or items like an item.",
                        &exitCode))
        return exitCode;
    if (!parser.isSet(model)) return usageError("recommend needs --model DIR");
    if (parser.isSet(user) == parser.isSet(item))
        return usageError("recommend takes either --user ID or --similar ITEM");
    bool ok = false;
    const int count = parser.value(k).toInt(&ok);
    if (!ok || count < 1) return usageError("--k takes a positive integer");
    auto loaded = RecommenderModel::load(parser.value(model));
    if (!loaded) return reportError(loaded.error());
    auto items = parser.isSet(user) ? loaded->recommend(parser.value(user), count)
                                    : loaded->similar(parser.value(item), count);
    if (!items) return reportError(items.error());
    if (parser.isSet(json)) {
        QJsonArray list;
        for (const auto& i : *items)
            list.append(QJsonObject{{"item", i.itemId}, {"score", i.score}});
        printJson({{parser.isSet(user) ? "user" : "similar_to",
                    parser.isSet(user) ? parser.value(user) : parser.value(item)},
                   {"items", list}});
    } else {
        int rank = 0;
        for (const auto& i : *items)
            printText(
                QString("%1  %2  %3\n").arg(++rank, 3).arg(i.itemId, -12).arg(i.score, 0, 'f', 4));
    }
    return kOk;
}

}  // namespace adstudio::cli
