// SPDX-License-Identifier: MIT
#include "pipeline/pipeline.h"

#include "common/atomic_file.h"
#include "creative/creative_set.h"
#include "data/data_settings.h"
#include "data/demo_world.h"
#include "data/source.h"
#include "export/exporter.h"
#include "pipeline/project_creatives.h"
#include "segments/segmentation.h"
#include "train/gan.h"
#include "train/recommender.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

namespace adstudio {

QString PipelineSummary::table() const {
    QString t = QString(
                    "%1 segments x %2 sizes -> %3 creatives (%4 dropped by checks), mean "
                    "predicted CTR %5\n")
                    .arg(segments)
                    .arg(sizes)
                    .arg(creatives)
                    .arg(dropped)
                    .arg(meanPredictedCtr, 0, 'f', 4);
    t += QString("  %1 %2\n").arg("stage", -22).arg("seconds", 8);
    double total = 0;
    for (const auto& s : stages) {
        t += QString("  %1 %2\n").arg(s.name, -22).arg(s.seconds, 8, 'f', 1);
        total += s.seconds;
    }
    t += QString("  %1 %2\n").arg("total", -22).arg(total, 8, 'f', 1);
    const QJsonArray segmentArray = project.value("segments").toArray();
    t += QString("  %1 %2 %3 %4\n")
             .arg("segment", -30)
             .arg("users", 6)
             .arg("creatives", 9)
             .arg("mean pCTR", 9);
    for (const auto& v : segmentArray) {
        const QJsonObject s = v.toObject();
        t += QString("  %1 %2 %3 %4\n")
                 .arg(s.value("name").toString(), -30)
                 .arg(s.value("size").toInt(), 6)
                 .arg(s.value("creatives").toInt(), 9)
                 .arg(s.value("mean_predicted_ctr").toDouble(), 9, 'f', 4);
    }
    t += "  export: " + exportFolder + "\n";
    return t;
}

Result<PipelineSummary> runPipeline(const PipelineOptions& options, const JobContext& job,
                                    const TrainCallback& onEvent) {
    const QDir dir(options.projectDir);
    if (!QDir().mkpath(dir.path()))
        return makeError(options.projectDir, 0, 0, "cannot create the project folder",
                         "check permissions");
    PipelineSummary summary;
    QElapsedTimer clock;
    auto stage = [&](const QString& name) {
        if (clock.isValid()) summary.stages.back().seconds = clock.nsecsElapsed() * 1e-9;
        summary.stages.push_back({name, 0});
        clock.start();
        job.report({name, -1, 0, 0});
    };

    stage("data");
    QString dataPath = options.dataPath;
    if (options.demo) {
        dataPath = dir.filePath("data");
        DemoWorldOptions world;
        world.seed = options.seed;
        if (auto w = generateDemoWorld(dataPath, world, job); !w) return w.error();
    }
    if (dataPath.isEmpty())
        return makeError(options.projectDir, 0, 0, "no data", "run --demo, or give --data PATH");
    // A project folder keeps the user's column mapping and preprocessing (set in the GUI).
    DataSettings dataSettings;
    if (const QString projectFile = dir.filePath("project.json"); QFileInfo::exists(projectFile)) {
        auto previous = readJsonFile(projectFile, "repair or delete project.json");
        if (!previous) return previous.error();
        auto settings =
            DataSettings::fromJson(previous->value("data_settings").toObject(), projectFile);
        if (!settings) return settings.error();
        dataSettings = std::move(settings.value());
    }
    auto source = loadSourceWithSettings(dataPath, dataSettings, job);
    if (!source) return source.error();
    if (!source->tables)
        return makeError(dataPath, 0, 0, "holds images, not interactions",
                         "give a folder with interactions.csv (and items.csv)");

    stage("recommender");
    RecommenderConfig rec;
    rec.model = source->tables->interactions.findRole(ColumnRole::Label) ? RecommenderKind::DeepFM
                                                                         : RecommenderKind::NeuMF;
    if (rec.model == RecommenderKind::DeepFM) rec.layers = {64, 32};
    rec.epochs = options.fast ? 4 : 10;
    rec.seed = options.seed;
    rec.threads = options.threads;
    auto trained =
        trainRecommender(*source->tables, rec, dir.filePath("model"), false, job, onEvent);
    if (!trained) return trained.error();
    auto model = RecommenderModel::load(dir.filePath("model"));
    if (!model) return model.error();

    stage("segments");
    SegmentationOptions seg;
    seg.seed = options.seed;
    auto segments = segmentUsers(*model, seg, job);
    if (!segments) return segments.error();
    if (Status s =
            writeJsonFile(dir.filePath("segments.json"), segments->toJson(model->userIds(), true));
        !s)
        return s.error();

    stage("gan");
    auto images = embeddedProductImages();
    if (!images) return images.error();
    GanConfig gan;
    gan.seed = options.seed;
    gan.threads = options.threads;
    // --fast: 4,000 images x 3 epochs draws recognisable products in about a minute
    // (Fashion-MNIST: consistency 0.85, Frechet 16.9; 2,000 x 2 drew noise).
    gan.maxImages = options.fast ? 4000 : 10000;
    gan.epochs = options.fast ? 3 : 4;
    gan.width = options.fast ? 16 : 32;
    gan.batchSize = 32;
    // Mode seeking trades class for variety (4,000 x 3: consistency 0.79 vs 0.85, diversity
    // 0.65 vs 0.54); product visuals need the class first, so the main job keeps it off.
    gan.modeSeeking = 0;
    gan.evalSamples = options.fast ? 300 : 1000;
    auto ganReport = trainGan(*images, gan, dir.filePath("gan"), false, job, onEvent);
    if (!ganReport) return ganReport.error();
    auto generator = GanModel::load(dir.filePath("gan"));
    if (!generator) return generator.error();

    stage("creatives");
    CreativeSetOptions creativeOptions;
    creativeOptions.seed = options.seed;
    creativeOptions.variants = 3;
    creativeOptions.candidates = options.fast ? 4 : 6;
    auto composed = composeCreativeSet(*segments, catalogueFrom(*source->tables), &*generator,
                                       creativeOptions, job);
    if (!composed) return composed.error();
    // The project keeps every creative (PNG + creatives.json) for review in the GUI.
    const QDir creativeDir(dir.filePath("creatives"));
    if (Status s = writeCreativeImages(composed->creatives, creativeDir.path()); !s)
        return s.error();
    QJsonArray creativeArray;
    for (const Creative& c : composed->creatives) creativeArray.append(c.toJson());
    if (Status s =
            writeJsonFile(creativeDir.filePath("creatives.json"), {{"creatives", creativeArray}});
        !s)
        return s.error();

    stage("export");
    auto exported =
        exportCreatives(composed->creatives, segments->profiles, dir.filePath("export"), {}, job);
    if (!exported) return exported.error();
    summary.stages.back().seconds = clock.nsecsElapsed() * 1e-9;

    QStringList sizes;
    double ctrSum = 0;
    std::map<int, int> perSegment;
    for (const Creative& c : composed->creatives) {
        if (!sizes.contains(c.size)) sizes << c.size;
        ctrSum += c.predictedCtr;
        ++perSegment[c.segment];
    }
    summary.segments = segments->k;
    summary.sizes = sizes.size();
    summary.creatives = int(composed->creatives.size());
    summary.dropped = composed->dropped;
    summary.meanPredictedCtr =
        composed->creatives.empty() ? 0 : ctrSum / double(composed->creatives.size());
    summary.exportFolder = exported->folder;

    QJsonArray segmentArray, stageArray;
    for (const auto& p : segments->profiles) {
        QJsonObject o = p.toJson();
        o.insert("creatives", perSegment[p.id]);
        segmentArray.append(o);
    }
    for (const auto& s : summary.stages)
        stageArray.append(QJsonObject{{"stage", s.name}, {"seconds", s.seconds}});
    summary.project = {
        {"format", "adstudio-project"},
        {"version", 1},
        {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {"data", QDir(dir).relativeFilePath(dataPath)},
        {"demo", options.demo},
        {"data_settings", dataSettings.toJson()},
        {"runs",
         QJsonArray{
             QJsonObject{
                 {"kind", "recommender"}, {"folder", "model"}, {"metrics", trained->metrics}},
             QJsonObject{{"kind", "gan"}, {"folder", "gan"}, {"metrics", ganReport->metrics}}}},
        {"segments", segmentArray},
        {"silhouette", segments->silhouette},
        {"creatives", "creatives/creatives.json"},
        {"export", "export"},
        {"stages", stageArray}};
    if (Status s = writeJsonFile(dir.filePath("project.json"), summary.project); !s)
        return s.error();
    return summary;
}

}  // namespace adstudio
