// SPDX-License-Identifier: MIT
#include "common/error.h"

namespace adstudio {

QString Error::toString() const {
    QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    if (line > 0) where += QLatin1Char(':') + QString::number(line);
    if (line > 0 && column > 0) where += QLatin1Char(':') + QString::number(column);
    QString text = where + QStringLiteral(": ") + what;
    if (!fix.isEmpty()) text += QStringLiteral("; ") + fix;
    return text;
}

Error makeError(const QString& file, qint64 line, qint64 column, const QString& what,
                const QString& fix) {
    Error error;
    error.file = file;
    error.line = line;
    error.column = column;
    error.what = what;
    error.fix = fix;
    return error;
}

Error withRemedy(Error error, Remedy remedy) {
    error.remedies.push_back(std::move(remedy));
    return error;
}

Error cancelledError(const QString& file) {
    Error error = makeError(file, 0, 0, QStringLiteral("cancelled"), {});
    error.cancelled = true;
    return error;
}

}  // namespace adstudio
