// SPDX-License-Identifier: MIT
#include "data/image_folder.h"

#include "common/image_convert.h"
#include "data/csv_reader.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>

#include <map>

namespace adstudio {

bool isImageFile(const QString& path) {
    static const QStringList kExtensions{"png", "jpg", "jpeg", "bmp", "webp", "tif", "tiff"};
    return kExtensions.contains(QFileInfo(path).suffix().toLower());
}

namespace {

struct LabelledFile {
    QString path;
    QString label;
};

Result<std::vector<LabelledFile>> listFromCsv(const QString& folder, const QString& csvPath) {
    CsvOptions options;
    options.header = 1;
    options.mapping.setType(QStringLiteral("file"), ColumnType::Text);
    options.mapping.setType(QStringLiteral("label"), ColumnType::Text);
    auto table = readCsvFile(csvPath, options);
    if (!table) return table.error();
    const Column* file = table->find(QStringLiteral("file"));
    const Column* label = table->find(QStringLiteral("label"));
    if (!file || !label) {
        return makeError(csvPath, 1, 0,
                         QStringLiteral("labels CSV needs columns 'file' and 'label'"),
                         QStringLiteral("write a header line 'file,label'"));
    }
    std::vector<LabelledFile> files;
    for (std::int64_t r = 0; r < table->rowCount(); ++r) {
        files.push_back({QDir(folder).filePath(file->displayAt(r)), label->displayAt(r)});
    }
    return files;
}

std::vector<LabelledFile> listFromSubfolders(const QString& folder) {
    std::vector<LabelledFile> files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!isImageFile(path)) continue;
        const QString relative = QDir(folder).relativeFilePath(path);
        const int slash = relative.indexOf(QLatin1Char('/'));
        files.push_back({path, slash > 0 ? relative.left(slash) : QStringLiteral("unlabelled")});
    }
    // Directory order differs between file systems; sorting keeps results reproducible.
    std::sort(files.begin(), files.end(),
              [](const LabelledFile& a, const LabelledFile& b) { return a.path < b.path; });
    return files;
}

}  // namespace

Result<ImageSet> readImageFolder(const QString& folder, const ImageFolderOptions& options,
                                 const JobContext& job) {
    if (!QFileInfo(folder).isDir()) {
        return makeError(folder, 0, 0, QStringLiteral("not a folder"),
                         QStringLiteral("choose a folder of images (one sub-folder per class)"));
    }
    std::vector<LabelledFile> files;
    QString labelsCsv = options.labelsCsv;
    if (labelsCsv.isEmpty() && QFileInfo::exists(QDir(folder).filePath("labels.csv")))
        labelsCsv = QDir(folder).filePath("labels.csv");
    if (!labelsCsv.isEmpty()) {
        auto listed = listFromCsv(folder, labelsCsv);
        if (!listed) return listed.error();
        files = std::move(listed.value());
    } else {
        files = listFromSubfolders(folder);
    }
    if (files.empty()) {
        return makeError(folder, 0, 0, QStringLiteral("no images found (png, jpg, bmp, webp, tif)"),
                         QStringLiteral("put images in one sub-folder per class"));
    }
    if (options.maxImages >= 0 && int(files.size()) > options.maxImages)
        files.resize(std::size_t(options.maxImages));

    std::map<QString, int> classIndex;
    for (const auto& f : files) classIndex.emplace(f.label, 0);
    ImageSet set;
    for (auto& [name, index] : classIndex) {
        index = int(set.classNames.size());
        set.classNames << name;
    }
    set.height = set.width = options.size;
    set.channels = options.channels;
    set.pixels.resize(set.imageBytes() * files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (i % 64 == 0) {
            if (job.cancelled()) return cancelledError(folder);
            job.report({QStringLiteral("decode"), double(i) / double(files.size()), qint64(i),
                        qint64(files.size())});
        }
        cv::Mat decoded;
        try {
            decoded = cv::imread(QFile::encodeName(files[i].path).toStdString(), cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            decoded.release();
        }
        if (decoded.empty()) {
            return makeError(files[i].path, 0, 0, QStringLiteral("the image does not decode"),
                             QStringLiteral("remove the file or replace it with a valid PNG/JPEG"));
        }
        matToSquarePixels(decoded, options.size, options.channels,
                          set.pixels.data() + set.imageBytes() * i);
        set.labels.push_back(classIndex[files[i].label]);
        set.sourceFiles << files[i].path;
    }
    set.count = int(files.size());
    return set;
}

}  // namespace adstudio
