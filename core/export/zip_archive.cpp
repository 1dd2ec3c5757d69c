// SPDX-License-Identifier: MIT
#include "export/zip_archive.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <zip.h>

namespace adstudio {
namespace {

bool alreadyCompressed(const QString& name) {
    return name.endsWith(".png", Qt::CaseInsensitive) || name.endsWith(".jpg", Qt::CaseInsensitive);
}

Status closeZip(zip_t* archive, const QString& zipPath) {
    if (zip_close(archive) < 0) {
        zip_discard(archive);
        return makeError(zipPath, 0, 0, "cannot write the zip", "check free disk space");
    }
    return {};
}

}  // namespace

Status zipFolder(const QString& folder, const QString& zipPath) {
    int error = 0;
    zip_t* archive =
        zip_open(QFile::encodeName(zipPath).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) return makeError(zipPath, 0, 0, "cannot create the zip", "check free disk space");
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext()) files << it.next();
    files.sort();
    for (const QString& file : files) {
        // Zips inside (the HTML5 banners) are deliverables of their own, not zipped twice.
        if (file.endsWith(".zip", Qt::CaseInsensitive)) continue;
        const QByteArray name = QDir(folder).relativeFilePath(file).toUtf8();
        zip_source_t* source = zip_source_file(archive, QFile::encodeName(file).constData(), 0, -1);
        const zip_int64_t index =
            source ? zip_file_add(archive, name.constData(), source, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            if (source) zip_source_free(source);
            zip_discard(archive);
            return makeError(file, 0, 0, "cannot add to the zip", "check the file");
        }
        if (alreadyCompressed(file))
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0);
    }
    return closeZip(archive, zipPath);
}

Status writeZip(const QString& zipPath, const QMap<QString, QByteArray>& entries) {
    // libzip writes to a temporary file beside the target and renames it on close: atomic.
    int error = 0;
    zip_t* archive =
        zip_open(QFile::encodeName(zipPath).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) return makeError(zipPath, 0, 0, "cannot create the zip", "check free disk space");
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        // The buffer is libzip's until zip_close, so `entries` must outlive it: it does.
        zip_source_t* source =
            zip_source_buffer(archive, it.value().constData(), zip_uint64_t(it.value().size()), 0);
        const zip_int64_t index = source ? zip_file_add(archive, it.key().toUtf8().constData(),
                                                        source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
                                         : -1;
        if (index < 0) {
            if (source) zip_source_free(source);
            zip_discard(archive);
            return makeError(zipPath, 0, 0, "cannot add " + it.key() + " to the zip",
                             "check free disk space");
        }
        if (alreadyCompressed(it.key()))
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0);
    }
    return closeZip(archive, zipPath);
}

Result<QMap<QString, QByteArray>> readZip(const QString& zipPath) {
    int error = 0;
    zip_t* archive = zip_open(QFile::encodeName(zipPath).constData(), ZIP_RDONLY, &error);
    if (!archive) return makeError(zipPath, 0, 0, "not a readable zip", "export it again");
    QMap<QString, QByteArray> out;
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive, zip_uint64_t(i), 0, &stat) != 0) continue;
        zip_file_t* file = zip_fopen_index(archive, zip_uint64_t(i), 0);
        if (!file) continue;
        QByteArray bytes(qsizetype(stat.size), Qt::Uninitialized);
        const zip_int64_t read = zip_fread(file, bytes.data(), stat.size);
        zip_fclose(file);
        if (read != zip_int64_t(stat.size)) {
            zip_close(archive);
            return makeError(zipPath, 0, 0, QString("cannot read %1 in the zip").arg(stat.name),
                             "export it again");
        }
        out.insert(QString::fromUtf8(stat.name), bytes);
    }
    zip_close(archive);
    return out;
}

}  // namespace adstudio
