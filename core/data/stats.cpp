// SPDX-License-Identifier: MIT
#include "data/stats.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

namespace adstudio {

namespace {

std::int64_t distinctCount(const Column& column) {
    const auto n = column.size();
    switch (column.type()) {
        case ColumnType::Categorical: {
            std::vector<char> seen(column.categories().size(), 0);
            std::int64_t count = 0;
            for (std::int64_t r = 0; r < n; ++r) {
                if (column.isMissing(r)) continue;
                auto& flag = seen[std::size_t(column.intAt(r))];
                if (!flag) ++count, flag = 1;
            }
            return count;
        }
        case ColumnType::Text: {
            std::unordered_set<std::string_view> values;
            for (std::int64_t r = 0; r < n; ++r) {
                if (!column.isMissing(r)) values.insert(column.textAt(r));
            }
            return std::int64_t(values.size());
        }
        case ColumnType::Float: {
            std::unordered_set<double> values;
            for (std::int64_t r = 0; r < n; ++r) {
                if (!column.isMissing(r)) values.insert(column.floatAt(r));
            }
            return std::int64_t(values.size());
        }
        default: {
            std::vector<std::int64_t> values;
            values.reserve(std::size_t(n));
            for (std::int64_t r = 0; r < n; ++r) {
                if (!column.isMissing(r)) values.push_back(column.intAt(r));
            }
            std::sort(values.begin(), values.end());
            return std::int64_t(std::unique(values.begin(), values.end()) - values.begin());
        }
    }
}

}  // namespace

DatasetStats computeStats(const Dataset& dataset) {
    DatasetStats stats;
    stats.rows = dataset.rowCount();
    for (const auto& column : dataset.columns()) {
        ColumnStats cs;
        cs.name = column.name();
        cs.type = column.type();
        cs.role = column.role();
        cs.missing = column.missingCount();
        cs.distinct = distinctCount(column);
        if (column.isNumeric()) {
            double sum = 0, lo = INFINITY, hi = -INFINITY;
            std::int64_t count = 0;
            for (std::int64_t r = 0; r < column.size(); ++r) {
                const double v = column.numberAt(r);
                if (std::isnan(v)) continue;
                sum += v, lo = std::min(lo, v), hi = std::max(hi, v), ++count;
            }
            if (count > 0) {
                cs.hasRange = true;
                cs.min = lo, cs.max = hi, cs.mean = sum / double(count);
            }
        }
        stats.columns.push_back(cs);
    }
    if (const Column* label = dataset.findRole(ColumnRole::Label)) {
        stats.labelColumn = label->name();
        std::map<QString, std::int64_t> counts;
        for (std::int64_t r = 0; r < label->size(); ++r) {
            if (!label->isMissing(r)) ++counts[label->displayAt(r)];
        }
        stats.labelCounts.assign(counts.begin(), counts.end());
    }
    return stats;
}

QString formatStatValue(ColumnType type, double value) {
    if (type == ColumnType::Timestamp) {
        return QDateTime::fromSecsSinceEpoch(qint64(value), Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    if (value == std::floor(value) && std::abs(value) < 1e15) return QString::number(qint64(value));
    return QString::number(value, 'g', 6);
}

QJsonObject DatasetStats::toJson() const {
    QJsonArray cols;
    for (const auto& c : columns) {
        QJsonObject o{{"name", c.name},
                      {"type", columnTypeName(c.type)},
                      {"role", columnRoleName(c.role)},
                      {"missing", double(c.missing)},
                      {"distinct", double(c.distinct)}};
        if (c.hasRange) {
            o["min"] = c.min;
            o["mean"] = c.mean;
            o["max"] = c.max;
        }
        cols.append(o);
    }
    QJsonObject out{{"row_count", double(rows)}, {"columns", cols}};
    if (!labelColumn.isEmpty()) {
        QJsonObject balance;
        for (const auto& [value, count] : labelCounts) balance[value] = double(count);
        out["label_column"] = labelColumn;
        out["label_balance"] = balance;
    }
    return out;
}

}  // namespace adstudio
