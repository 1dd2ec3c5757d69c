// SPDX-License-Identifier: MIT
#include "pipeline/project_creatives.h"

#include "project/project.h"
#include "train/gan.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace adstudio {

Status writeCreativeImages(const std::vector<Creative>& creatives, const QString& dir) {
    if (!QDir().mkpath(dir))
        return makeError(dir, 0, 0, "cannot create the creatives folder", "check permissions");
    for (const Creative& c : creatives) {
        QSaveFile file(QDir(dir).filePath(c.id + ".png"));
        if (!file.open(QIODevice::WriteOnly) || !c.image.save(&file, "PNG") || !file.commit())
            return makeError(file.fileName(), 0, 0, "cannot write", "check free disk space");
    }
    return {};
}

Status applyProjectBrandKit(const QString& projectDir, CreativeSetOptions* options) {
    const QString path = Project::brandKitPathIn(projectDir);
    if (!QFileInfo::exists(path)) return {};
    auto kit = readBrandKit(path);
    if (!kit) return kit.error();
    options->brandKit = std::move(kit.value());
    return {};
}

Status setProjectBrandKit(const QString& projectDir, const BrandKit& kit) {
    if (auto assets = BrandAssets::load(kit); !assets) return assets.error();
    return writeBrandKit(kit, Project::brandKitPathIn(projectDir));
}

void applyCatalogueSettings(const DataSettings& settings, CreativeSetOptions* options) {
    if (!settings.brand.isEmpty()) options->brand = settings.brand;
    if (!settings.currency.isEmpty()) options->currency = settings.currency;
}

Result<std::vector<Creative>> composeProjectCreatives(const CreativeRequest& request,
                                                      const JobContext& job) {
    if (request.profiles.empty())
        return makeError(request.projectDir, 0, 0, "the project has no segments",
                         "segment the users first (Segments page or `adstudio-cli run`)");
    auto source =
        loadSourceWithSettings(request.dataPath, request.dataSettings, job, request.rejectsFolder);
    if (!source) return source.error();
    if (!source->tables)
        return makeError(request.dataPath, 0, 0, "holds images, not interactions",
                         "point the project at its tables (interactions, catalogue)");
    std::optional<GanModel> gan;
    if (!request.ganFolder.isEmpty() &&
        QFileInfo::exists(QDir(request.ganFolder).filePath("gan.json"))) {
        auto loaded = GanModel::load(request.ganFolder);
        if (!loaded) return loaded.error();
        gan = std::move(loaded.value());
    }
    Segmentation segments;
    segments.k = int(request.profiles.size());
    segments.profiles = request.profiles;
    CreativeSetOptions options = request.options;
    options.sizes = request.sizes;
    applyCatalogueSettings(request.dataSettings, &options);
    if (!options.brandKit)
        if (Status s = applyProjectBrandKit(request.projectDir, &options); !s) return s.error();
    auto composed = composeCreativeSet(segments, catalogueFrom(*source->tables),
                                       gan ? &*gan : nullptr, options, job);
    if (!composed) return composed.error();
    std::vector<Creative> creatives = std::move(composed->creatives);
    for (Creative& c : creatives) c.id += request.idSuffix;
    if (Status s = writeCreativeImages(creatives, QDir(request.projectDir).filePath("creatives"));
        !s)
        return s.error();
    return creatives;
}

}  // namespace adstudio
