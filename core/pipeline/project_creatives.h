// SPDX-License-Identifier: MIT
#pragma once

#include "creative/creative_set.h"
#include "data/data_settings.h"

namespace adstudio {

// Fresh creative variants for some segments and sizes of a project, e.g. when a designer asks
// for new ones after rejecting the first batch.
struct CreativeRequest {
    QString projectDir;     // PNGs are written to projectDir/creatives
    QString dataPath;       // the project's interactions (for the item catalogue)
    QString rejectsFolder;  // rows of the data set aside on loading (Project::rejectsFolder)
    DataSettings dataSettings;
    QString ganFolder;  // empty or missing: the items' own pictures
    std::vector<SegmentProfile> profiles;
    QStringList sizes;  // empty: every template
    QString idSuffix;   // appended to every id ("-r2"), so new ids never clash with kept ones
    CreativeSetOptions options;
};

// Composes, checks and ranks the creatives and writes their PNGs (creatives.json is the
// caller's: it decides which old creatives the new ones replace).
Result<std::vector<Creative>> composeProjectCreatives(const CreativeRequest& request,
                                                      const JobContext& job = {});

// The project's brand and currency (what its catalogue does not say) into the set's options.
void applyCatalogueSettings(const DataSettings& settings, CreativeSetOptions* options);

// The brand kit of the project in `projectDir` (brand/brand.json) into the set's options; no
// kit there leaves them as they are. Errors name the kit's file and field.
Status applyProjectBrandKit(const QString& projectDir, CreativeSetOptions* options);
// Copies `kit` (with its logo and font) into the project's brand/ folder, replacing any kit
// there, after checking that its files load.
Status setProjectBrandKit(const QString& projectDir, const BrandKit& kit);

// Writes each creative's image as DIR/<id>.png, atomically.
Status writeCreativeImages(const std::vector<Creative>& creatives, const QString& dir);

}  // namespace adstudio
