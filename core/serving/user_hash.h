// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QString>

namespace adstudio {

// Pseudonymizes user ids for logs and exports: HMAC-SHA256 with a per-project secret, so the
// same user gets the same token within a project (the log can be joined and evaluated) and
// the raw id cannot be recovered or matched across projects.
class UserHasher {
public:
    // Reads the secret from `secretFile`, creating it (32 random bytes, owner-only) when absent.
    static Result<UserHasher> open(const QString& secretFile);
    explicit UserHasher(QByteArray secret) : m_secret(std::move(secret)) {}
    QString hash(const QString& userId) const;  // 32 hex digits

private:
    QByteArray m_secret;
};

}  // namespace adstudio
