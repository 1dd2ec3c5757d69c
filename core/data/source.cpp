// SPDX-License-Identifier: MIT
#include "data/source.h"

#include "data/idx_reader.h"
#include "data/ncf_files.h"
#include "data/table_set.h"

#include <QDir>
#include <QFileInfo>

namespace adstudio {

namespace {
const char* const kFormatNames[] = {"auto", "csv", "movielens", "ncf", "idx", "images"};
}

QString sourceFormatName(SourceFormat format) {
    return QString::fromLatin1(kFormatNames[int(format)]);
}

bool parseSourceFormat(const QString& text, SourceFormat* out) {
    for (int i = 0; i < 6; ++i) {
        if (text.compare(QLatin1String(kFormatNames[i]), Qt::CaseInsensitive) == 0) {
            *out = SourceFormat(i);
            return true;
        }
    }
    return false;
}

SourceFormat detectFormat(const QString& path) {
    const QFileInfo info(path);
    if (looksLikeNcf(path)) return SourceFormat::Ncf;
    if (looksLikeMovieLens(path)) return SourceFormat::MovieLens;
    if (info.isDir()) {
        const QDir dir(path);
        if (QFileInfo::exists(dir.filePath("interactions.csv"))) return SourceFormat::Csv;
        const auto idx = dir.entryList({"*images-idx3-ubyte*"}, QDir::Files);
        if (!idx.isEmpty()) return SourceFormat::Idx;
        // Tables (a shop's export, whatever its files are called) unless it is an image folder's
        // labels.csv alone.
        QStringList tables = dir.entryList({"*.csv", "*.tsv"}, QDir::Files);
        tables.removeAll(QStringLiteral("labels.csv"));
        return tables.isEmpty() ? SourceFormat::Images : SourceFormat::Csv;
    }
    if (looksLikeIdx(path)) return SourceFormat::Idx;
    return SourceFormat::Csv;
}

Result<LoadedSource> loadSource(const QString& path, const LoadOptions& options,
                                const JobContext& job, CsvPreview* preview) {
    if (!QFileInfo::exists(path)) {
        return makeError(path, 0, 0, QStringLiteral("no such file or folder"),
                         QStringLiteral("check the path"));
    }
    LoadedSource source;
    source.path = path;
    source.format = options.format == SourceFormat::Auto ? detectFormat(path) : options.format;
    switch (source.format) {
        case SourceFormat::Auto:
        case SourceFormat::Csv: {
            auto data = loadTables(path, options.tables, options.csv, job, preview);
            if (!data) return data.error();
            source.tables = std::move(data.value());
            break;
        }
        case SourceFormat::MovieLens: {
            auto data = readMovieLens(path, job);
            if (!data) return data.error();
            source.tables = std::move(data.value());
            break;
        }
        case SourceFormat::Ncf: {
            auto data = readNcf(path, job);
            if (!data) return data.error();
            source.tables = std::move(data.value());
            break;
        }
        case SourceFormat::Idx: {
            QString file = path;
            if (QFileInfo(path).isDir()) {
                const auto found =
                    QDir(path).entryList({"*images-idx3-ubyte*"}, QDir::Files, QDir::Name);
                // Prefer the training set when both are present.
                const auto train = found.filter(QStringLiteral("train"));
                file = QDir(path).filePath(train.isEmpty() ? found.value(0) : train.front());
            }
            auto images = readIdx(file);
            if (!images) return images.error();
            source.images = std::move(images.value());
            break;
        }
        case SourceFormat::Images: {
            auto images = readImageFolder(path, options.images, job);
            if (!images) return images.error();
            source.images = std::move(images.value());
            break;
        }
    }
    return source;
}

}  // namespace adstudio
