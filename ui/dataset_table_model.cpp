// SPDX-License-Identifier: MIT
#include "dataset_table_model.h"

namespace adstudio::ui {

DatasetTableModel::DatasetTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetTableModel::setDataset(std::shared_ptr<const Dataset> dataset) {
    beginResetModel();
    m_dataset = std::move(dataset);
    endResetModel();
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_dataset) return 0;
    // Views take int row counts; two billion rows is beyond a desktop table anyway.
    return int(std::min<std::int64_t>(m_dataset->rowCount(), std::numeric_limits<int>::max()));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_dataset ? 0 : m_dataset->columnCount();
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
    if (!m_dataset || !checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Column& column = m_dataset->column(index.column());
    switch (role) {
        case Qt::DisplayRole:
            return column.isMissing(index.row()) ? QStringLiteral("—")
                                                 : column.displayAt(index.row());
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column.isNumeric() ? Qt::AlignRight | Qt::AlignVCenter
                                                          : Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::ToolTipRole:
            return column.isMissing(index.row()) ? QStringLiteral("missing value") : QVariant();
        default:
            return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (!m_dataset || role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    if (section < 0 || section >= m_dataset->columnCount()) return {};
    const Column& column = m_dataset->column(section);
    return QStringLiteral("%1\n%2 · %3")
        .arg(column.name(), columnTypeName(column.type()), columnRoleName(column.role()));
}

}  // namespace adstudio::ui
