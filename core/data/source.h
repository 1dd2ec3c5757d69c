// SPDX-License-Identifier: MIT
#pragma once

#include "data/csv_reader.h"
#include "data/image_folder.h"
#include "data/image_set.h"
#include "data/movielens.h"
#include "data/table_set.h"

namespace adstudio {

enum class SourceFormat { Auto, Csv, MovieLens, Ncf, Idx, Images };

QString sourceFormatName(SourceFormat format);
bool parseSourceFormat(const QString& text, SourceFormat* out);

struct LoadOptions {
    SourceFormat format = SourceFormat::Auto;
    CsvOptions csv;
    TableFiles tables;  // which file is which table, where the user said so
    ImageFolderOptions images;
};

// Whatever a path held: tables (CSV, MovieLens, NCF, the demo world) or images (IDX, folders).
struct LoadedSource {
    SourceFormat format = SourceFormat::Csv;
    QString path;
    std::optional<InteractionData> tables;
    std::optional<ImageSet> images;
};

SourceFormat detectFormat(const QString& path);
// Loads any supported source. Tables come with their catalogue and user table where the folder
// holds them (see loadTables).
Result<LoadedSource> loadSource(const QString& path, const LoadOptions& options,
                                const JobContext& job = {}, CsvPreview* preview = nullptr);

}  // namespace adstudio
