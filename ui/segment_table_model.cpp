// SPDX-License-Identifier: MIT
#include "segment_table_model.h"

#include <QJsonObject>

namespace adstudio::ui {

void SegmentTableModel::setProfiles(std::vector<SegmentProfile> profiles) {
    beginResetModel();
    m_profiles = std::move(profiles);
    endResetModel();
}

int SegmentTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int SegmentTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 6;
}

QVariant SegmentTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_profiles.size())) return {};
    const SegmentProfile& p = m_profiles[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() >= 1 && index.column() <= 2)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case 0:
            return p.name;
        case 1:
            return p.size;
        case 2:
            return QString("%1%").arg(100 * p.share, 0, 'f', 1);
        case 3:
            return p.topCategories.join(", ");
        case 4:
            return QString::number(p.meanPredictedCtr, 'f', 4);
        case 5: {
            QStringList parts;
            for (auto it = p.demographics.begin(); it != p.demographics.end(); ++it)
                parts << it->toString();
            return parts.join(", ");
        }
    }
    return {};
}

QVariant SegmentTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"segment",        "users",     "share",
                                  "top categories", "mean pCTR", "typical user"};
    return section >= 0 && section < 6 ? tr(names[section]) : QVariant();
}

}  // namespace adstudio::ui
