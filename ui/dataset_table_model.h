// SPDX-License-Identifier: MIT
#pragma once

#include "data/dataset.h"

#include <QAbstractTableModel>

#include <memory>

namespace adstudio::ui {

// A read-only view over a Dataset. Cells are formatted on demand, so a million rows cost
// nothing until they scroll into view.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DatasetTableModel(QObject* parent = nullptr);
    void setDataset(std::shared_ptr<const Dataset> dataset);
    const Dataset* dataset() const { return m_dataset.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const Dataset> m_dataset;
};

}  // namespace adstudio::ui
