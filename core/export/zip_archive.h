// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace adstudio {

// Zip archives through libzip. PNG and JPEG entries are stored (they are compressed already),
// everything else deflated.

// Every file under `folder` (recursively, relative paths, sorted) into `zipPath`, except zips
// (the archive itself, the HTML5 banners).
Status zipFolder(const QString& folder, const QString& zipPath);
// Named entries (path in the zip -> bytes) into `zipPath`, written atomically.
Status writeZip(const QString& zipPath, const QMap<QString, QByteArray>& entries);
// Every entry of a zip: path -> bytes.
Result<QMap<QString, QByteArray>> readZip(const QString& zipPath);

}  // namespace adstudio
