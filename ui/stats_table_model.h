// SPDX-License-Identifier: MIT
#pragma once

#include "data/stats.h"

#include <QAbstractTableModel>

namespace adstudio::ui {

// One row per column of the dataset: type, role, missing, distinct, min/mean/max.
class StatsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit StatsTableModel(QObject* parent = nullptr);
    void setStats(DatasetStats stats);
    const DatasetStats& stats() const { return m_stats; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    DatasetStats m_stats;
};

}  // namespace adstudio::ui
