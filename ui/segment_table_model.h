// SPDX-License-Identifier: MIT
#pragma once

#include "segments/segmentation.h"

#include <QAbstractTableModel>

namespace adstudio::ui {

// Segment profiles as a table: name, users, share, top categories, mean predicted CTR.
class SegmentTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    void setProfiles(std::vector<SegmentProfile> profiles);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<SegmentProfile> m_profiles;
};

}  // namespace adstudio::ui
