// SPDX-License-Identifier: MIT
#pragma once

#include "data/source.h"

#include <QJsonObject>

namespace adstudio {

// What `inspect` shows: schema and statistics of every table (or the image set), and with
// `rows` > 0 the first rows as parsed (raw CSV fields when `preview` has them).
QJsonObject describeSource(const LoadedSource& source, int rows, const CsvPreview* preview);
QString describeSourceText(const LoadedSource& source, int rows, const CsvPreview* preview);

}  // namespace adstudio
