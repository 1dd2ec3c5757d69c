// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QStringList>

#include <vector>

namespace adstudio {

// A run's history.csv as the trainers write it: a header, then one row of numbers per epoch
// (epoch first). Read back by the GUI's charts when a finished run is shown again.
struct TrainingHistory {
    QStringList columns;
    std::vector<std::vector<double>> rows;  // rows[epoch][column]; NaN where a cell is empty

    // One column over the epochs; empty when the history has no such column.
    std::vector<double> column(const QString& name) const;
    int epochs() const { return int(rows.size()); }
};

// Errors name the file (and the line and column of a cell that is not a number).
Result<TrainingHistory> readHistoryCsv(const QString& file);

}  // namespace adstudio
