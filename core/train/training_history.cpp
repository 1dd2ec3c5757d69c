// SPDX-License-Identifier: MIT
#include "train/training_history.h"

#include "data/csv_reader.h"

#include <limits>

namespace adstudio {

std::vector<double> TrainingHistory::column(const QString& name) const {
    const int index = columns.indexOf(name);
    if (index < 0) return {};
    std::vector<double> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(row[std::size_t(index)]);
    return out;
}

Result<TrainingHistory> readHistoryCsv(const QString& file) {
    CsvOptions options;
    options.delimiter = ',';
    options.header = 1;
    options.inferRoles = false;
    auto table = readCsvFile(file, options);
    if (!table) return table.error();
    TrainingHistory history;
    history.columns = table->columnNames();
    history.rows.resize(std::size_t(table->rowCount()));
    for (int c = 0; c < table->columnCount(); ++c) {
        const Column& column = table->column(c);
        const bool empty = column.missingCount() == column.size();  // read as text: all NaN
        if (!column.isNumeric() && !empty)
            return makeError(file, 2, c + 1,
                             QStringLiteral("column '%1' of the training history is not numeric")
                                 .arg(column.name()),
                             QStringLiteral("the file was changed by hand; train the run again"));
        for (std::int64_t row = 0; row < table->rowCount(); ++row)
            history.rows[std::size_t(row)].push_back(
                empty ? std::numeric_limits<double>::quiet_NaN() : column.numberAt(row));
    }
    return history;
}

}  // namespace adstudio
