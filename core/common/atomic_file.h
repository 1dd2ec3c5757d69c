// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace adstudio {

// Every save goes through these: QSaveFile writes a temporary file and renames it into place,
// so a crash, a cancel or a full disk never leaves half a file.
Status writeFileAtomically(const QString& path, const QByteArray& bytes);
Status writeJsonFile(const QString& path, const QJsonObject& object);
Result<QJsonObject> readJsonFile(const QString& path, const QString& fix);

}  // namespace adstudio
