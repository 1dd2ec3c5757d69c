// SPDX-License-Identifier: MIT
#pragma once

#include "data/dataset.h"

#include <QJsonObject>

namespace adstudio {

struct ColumnStats {
    QString name;
    ColumnType type = ColumnType::Text;
    ColumnRole role = ColumnRole::Feature;
    std::int64_t missing = 0;
    std::int64_t distinct = 0;
    bool hasRange = false;  // numeric columns
    double min = 0, mean = 0, max = 0;
};

struct DatasetStats {
    std::int64_t rows = 0;
    std::vector<ColumnStats> columns;
    // Label column: rows per label value ("0", "1", ...), empty when there is no label.
    QString labelColumn;
    std::vector<std::pair<QString, std::int64_t>> labelCounts;

    QJsonObject toJson() const;
};

DatasetStats computeStats(const Dataset& dataset);
// A min/mean/max as a person reads it: dates for timestamps, plain numbers otherwise.
QString formatStatValue(ColumnType type, double value);

}  // namespace adstudio
