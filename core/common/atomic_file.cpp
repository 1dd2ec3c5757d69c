// SPDX-License-Identifier: MIT
#include "common/atomic_file.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace adstudio {

Status writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return makeError(path, 0, 0, "cannot write: " + file.errorString(),
                         "check free disk space and permissions");
    }
    return {};
}

Status writeJsonFile(const QString& path, const QJsonObject& object) {
    return writeFileAtomically(path, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

Result<QJsonObject> readJsonFile(const QString& path, const QString& fix) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path, 0, 0, "cannot open: " + file.errorString(), fix);
    QJsonParseError error;
    const QByteArray bytes = file.readAll();
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        const qint64 line = bytes.left(error.offset).count('\n') + 1;
        return makeError(path, line, 0, "not valid JSON: " + error.errorString(), fix);
    }
    return document.object();
}

}  // namespace adstudio
