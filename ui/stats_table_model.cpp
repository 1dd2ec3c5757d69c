// SPDX-License-Identifier: MIT
#include "stats_table_model.h"

namespace adstudio::ui {

namespace {
const char* const kHeaders[] = {"column",   "type", "role", "missing",
                                "distinct", "min",  "mean", "max"};
constexpr int kColumns = 8;
}  // namespace

StatsTableModel::StatsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void StatsTableModel::setStats(DatasetStats stats) {
    beginResetModel();
    m_stats = std::move(stats);
    endResetModel();
}

int StatsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_stats.columns.size());
}

int StatsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumns;
}

QVariant StatsTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const ColumnStats& c = m_stats.columns[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() >= 3)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case 0:
            return c.name;
        case 1:
            return columnTypeName(c.type);
        case 2:
            return columnRoleName(c.role);
        case 3:
            return QString::number(c.missing);
        case 4:
            return QString::number(c.distinct);
        case 5:
            return c.hasRange ? formatStatValue(c.type, c.min) : QString();
        case 6:
            return c.hasRange ? formatStatValue(c.type, c.mean) : QString();
        case 7:
            return c.hasRange ? formatStatValue(c.type, c.max) : QString();
        default:
            return {};
    }
}

QVariant StatsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= kColumns)
        return {};
    return QString::fromLatin1(kHeaders[section]);
}

}  // namespace adstudio::ui
