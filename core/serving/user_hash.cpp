// SPDX-License-Identifier: MIT
#include "serving/user_hash.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSaveFile>

namespace adstudio {

Result<UserHasher> UserHasher::open(const QString& secretFile) {
    QFile existing(secretFile);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            return makeError(secretFile, 0, 0, QStringLiteral("cannot read the project's secret"),
                             QStringLiteral("check its permissions"));
        }
        const QByteArray secret = existing.readAll();
        if (secret.size() < 16) {
            return makeError(secretFile, 0, 0, QStringLiteral("the project's secret is damaged"),
                             QStringLiteral("restore it from a backup; a new secret would give "
                                            "every user a new token"));
        }
        return UserHasher(secret);
    }
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(secret.data()), 8);
    QDir().mkpath(QFileInfo(secretFile).absolutePath());
    QSaveFile file(secretFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(secret) != secret.size() || !file.commit()) {
        return makeError(secretFile, 0, 0, QStringLiteral("cannot write the project's secret"),
                         QStringLiteral("check free disk space and permissions"));
    }
    QFile::setPermissions(secretFile, QFile::ReadOwner | QFile::WriteOwner);
    return UserHasher(secret);
}

QString UserHasher::hash(const QString& userId) const {
    const QByteArray mac =
        QMessageAuthenticationCode::hash(userId.toUtf8(), m_secret, QCryptographicHash::Sha256);
    return QString::fromLatin1(mac.left(16).toHex());
}

}  // namespace adstudio
