// SPDX-License-Identifier: MIT
#include "pipeline/pipeline.h"

#include "creative/creative_set.h"
#include "data/demo_world.h"
#include "data/source.h"
#include "export/exporter.h"
#include "pipeline/catalogue_images.h"
#include "pipeline/project_creatives.h"
#include "project/project.h"
#include "segments/segmentation.h"
#include "train/gan.h"
#include "train/recommender.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

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
    for (const QString& reason : droppedReasons) t += "  " + reason + "\n";
    if (!ganImages.isEmpty()) t += "  GAN trained on " + ganImages + "\n";
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

namespace {

// The project the main job works in: the existing one (re-run) or a new one.
Result<Project> openOrCreate(const PipelineOptions& options) {
    const QDir dir(options.projectDir);
    if (QFileInfo::exists(dir.filePath("project.json"))) return Project::open(dir.path());
    return Project::create(dir.path(), options.dataPath, DataSettings{}, options.demo);
}

bool hasFile(const QString& folder, const QString& file) {
    return !folder.isEmpty() && QFileInfo::exists(QDir(folder).filePath(file));
}

// Fresh creatives for every segment and size. Reviewed creatives of a re-run project stay (the
// designer's decisions and notes); the pending ones are replaced.
Status composeCreatives(Project& project, const LoadedSource& source, const GanModel& generator,
                        const PipelineOptions& options, const JobContext& job,
                        PipelineSummary* summary) {
    CreativeSetOptions creativeOptions;
    applyCatalogueSettings(project.manifest().dataSettings, &creativeOptions);
    if (Status s = applyProjectBrandKit(project.folder(), &creativeOptions); !s) return s;
    creativeOptions.seed = options.seed;
    creativeOptions.variants = 3;
    creativeOptions.candidates = options.fast ? 4 : 6;
    Segmentation segments;
    segments.k = project.segments().k;
    segments.profiles = project.segments().profiles;
    auto composed = composeCreativeSet(segments, catalogueFrom(*source.tables), &generator,
                                       creativeOptions, job);
    if (!composed) return composed.error();
    summary->dropped = composed->dropped;
    summary->droppedReasons = composed->droppedReasons;
    const bool keepsReviews =
        std::any_of(project.creatives().begin(), project.creatives().end(),
                    [](const Creative& c) { return c.review != QLatin1String("pending"); });
    std::vector<Creative> fresh = std::move(composed->creatives);
    if (keepsReviews)
        for (Creative& c : fresh) c.id += project.nextRegenerationSuffix();
    if (Status s = writeCreativeImages(fresh, project.filePath("creatives")); !s) return s;
    return keepsReviews ? project.replacePending(-1, {}, std::move(fresh))
                        : project.setCreatives(std::move(fresh));
}

}  // namespace

Result<PipelineSummary> runPipeline(const PipelineOptions& options, const JobContext& job,
                                    const TrainCallback& onEvent) {
    PipelineSummary summary;
    QElapsedTimer clock;
    auto stage = [&](const QString& name) {
        if (clock.isValid()) summary.stages.back().seconds = clock.nsecsElapsed() * 1e-9;
        summary.stages.push_back({name, 0});
        clock.start();
        job.report({name, -1, 0, 0});
    };

    stage("data");
    auto opened = openOrCreate(options);
    if (!opened) return opened.error();
    Project& project = opened.value();
    // A brand kit is checked before hours of training, and kept in the project.
    if (!options.brandKitFile.isEmpty()) {
        auto kit = readBrandKit(options.brandKitFile);
        if (!kit) return kit.error();
        if (Status s = setProjectBrandKit(project.folder(), *kit); !s) return s.error();
    }
    const DataSettings settings = options.dataSettings.value_or(project.manifest().dataSettings);
    if (options.demo) {
        const QString world = project.filePath("data");
        if (!hasFile(world, "truth.json") || project.dataPath() != QDir::cleanPath(world)) {
            DemoWorldOptions worldOptions;
            worldOptions.seed = options.seed;
            if (auto w = generateDemoWorld(world, worldOptions, job); !w) return w.error();
        }
        if (Status s = project.setDataSource(world, settings, true); !s) return s.error();
    } else if (!options.dataPath.isEmpty() || options.dataSettings) {
        const QString path = options.dataPath.isEmpty() ? project.dataPath() : options.dataPath;
        if (Status s = project.setDataSource(path, settings, false); !s) return s.error();
    }
    const QString dataPath = project.dataPath();
    if (dataPath.isEmpty())
        return makeError(project.filePath("project.json"), 0, 0, "the project has no data",
                         "give the data to use, or the demo world");
    // The project keeps the user's column mapping and preprocessing (set in the GUI).
    auto source = loadSourceWithSettings(dataPath, project.manifest().dataSettings, job,
                                         project.rejectsFolder());
    if (!source) return source.error();
    if (!source->tables)
        return makeError(dataPath, 0, 0, "holds images, not interactions",
                         "give the interaction log (a CSV with user, item and 0/1 label columns) "
                         "or the folder of the shop's export");

    stage("recommender");
    // A re-run keeps the model the project already has (e.g. trained in the GUI).
    const bool trainModel = options.retrain || !hasFile(project.modelFolder(), "model.json");
    if (trainModel) {
        RecommenderConfig rec = RecommenderConfig::defaultsFor(*source->tables);
        rec.epochs = options.fast ? 4 : 10;
        rec.seed = options.seed;
        rec.threads = options.threads;
        const QString folder = project.filePath("model");
        auto trained = trainRecommender(*source->tables, rec, folder, false, job, onEvent);
        if (!trained) return trained.error();
        if (Status s = project.adoptRun(ProjectRunKind::Recommender, folder, trained->metrics); !s)
            return s.error();
    }
    auto model = RecommenderModel::load(project.modelFolder());
    if (!model) return model.error();
    // The model is kept in the project; what follows needs users and items.
    if (model->featureOnly())
        return model->featureOnlyError(QStringLiteral("Segments and creatives"));

    stage("segments");
    if (trainModel || project.segments().isEmpty()) {
        SegmentationOptions seg;
        seg.seed = options.seed;
        auto segments = segmentUsers(*model, seg, job);
        if (!segments) return segments.error();
        if (Status s = project.setSegments(ProjectSegments::from(*segments, model->userIds())); !s)
            return s.error();
    }

    stage("gan");
    if (options.retrain || !hasFile(project.ganFolder(), "gan.json")) {
        // The shop's own product pictures where the catalogue has them; the demo world's are
        // drawn from the bundled set, which is larger.
        std::optional<ImageSet> own;
        if (!project.manifest().demo) {
            auto found = catalogueImages(catalogueFrom(*source->tables), 64, 8, job);
            if (!found) return found.error();
            own = std::move(found.value());
        }
        auto images = own ? Result<ImageSet>(std::move(*own)) : embeddedProductImages();
        if (!images) return images.error();
        summary.ganImages = own ? QStringLiteral("%1 catalogue pictures in %2 categories")
                                      .arg(images->count)
                                      .arg(images->classNames.size())
                                : QStringLiteral("the bundled product pictures");
        GanConfig gan = GanConfig::forCreatives(options.fast);
        gan.seed = options.seed;
        gan.threads = options.threads;
        const QString folder = project.filePath("gan");
        auto ganReport = trainGan(*images, gan, folder, false, job, onEvent);
        if (!ganReport) return ganReport.error();
        if (Status s = project.adoptRun(ProjectRunKind::Gan, folder, ganReport->metrics); !s)
            return s.error();
    }
    auto generator = GanModel::load(project.ganFolder());
    if (!generator) return generator.error();

    stage("creatives");
    if (Status s = composeCreatives(project, *source, *generator, options, job, &summary); !s)
        return s.error();

    stage("export");
    const std::vector<SegmentProfile>& profiles = project.segments().profiles;
    auto exported =
        exportCreatives(project.creatives(), profiles, project.filePath("export"), {}, job);
    if (!exported) return exported.error();
    summary.stages.back().seconds = clock.nsecsElapsed() * 1e-9;

    std::vector<ProjectStage> stages;
    for (const auto& s : summary.stages) stages.push_back({s.name, s.seconds});
    if (Status s = project.setStages(stages); !s) return s.error();

    QStringList sizes;
    double ctrSum = 0;
    std::map<int, int> perSegment;
    for (const Creative& c : project.creatives()) {
        if (!sizes.contains(c.size)) sizes << c.size;
        ctrSum += c.predictedCtr;
        ++perSegment[c.segment];
    }
    summary.segments = project.segments().k;
    summary.sizes = sizes.size();
    summary.creatives = int(project.creatives().size());
    summary.meanPredictedCtr =
        project.creatives().empty() ? 0 : ctrSum / double(project.creatives().size());
    summary.exportFolder = exported->folder;
    QJsonArray segmentArray;
    for (const auto& p : profiles) {
        QJsonObject o = p.toJson();
        o.insert("creatives", perSegment[p.id]);
        segmentArray.append(o);
    }
    summary.project = project.manifest().toJson();
    summary.project.insert("segments", segmentArray);
    summary.project.insert("silhouette", project.segments().silhouette);
    return summary;
}

}  // namespace adstudio
