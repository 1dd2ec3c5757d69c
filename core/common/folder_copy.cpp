// SPDX-License-Identifier: MIT
#include "common/folder_copy.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace adstudio {

Status copyFolder(const QString& from, const QString& to, const JobContext& job) {
    const QDir source(from);
    if (!source.exists()) return makeError(from, 0, 0, "no such folder", "check the path");
    if (QFileInfo::exists(to))
        return makeError(to, 0, 0, "already exists", "choose a new folder name");
    const QString staging = to + ".partial";
    QDir(staging).removeRecursively();
    if (!QDir().mkpath(staging))
        return makeError(to, 0, 0, "cannot create the folder", "check permissions");
    auto fail = [&](const QString& path, const QString& why, const QString& fix) -> Status {
        QDir(staging).removeRecursively();
        return makeError(path, 0, 0, why, fix);
    };
    QStringList files;
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next();
    for (int i = 0; i < files.size(); ++i) {
        if (job.cancelled()) {
            QDir(staging).removeRecursively();
            return cancelledError(to);
        }
        const QString relative = source.relativeFilePath(files[i]);
        const QString target = QDir(staging).filePath(relative);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(files[i], target))
            return fail(files[i], "cannot copy", "check free disk space and permissions");
        job.report({"copy", double(i + 1) / files.size(), i + 1, files.size()});
    }
    if (!QDir().rename(staging, to))
        return fail(to, "cannot rename the copy into place", "check permissions");
    return {};
}

}  // namespace adstudio
