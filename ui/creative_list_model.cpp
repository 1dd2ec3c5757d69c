// SPDX-License-Identifier: MIT
#include "creative_list_model.h"

#include "project_session.h"

#include <QColor>

namespace adstudio::ui {

CreativeListModel::CreativeListModel(ProjectSession* session, QObject* parent)
    : QAbstractListModel(parent), m_session(session) {
    connect(session, &ProjectSession::opened, this, &CreativeListModel::reload);
    connect(session, &ProjectSession::creativesChanged, this, &CreativeListModel::reload);
    connect(session, &ProjectSession::reviewChanged, this, [this](int index) {
        for (int row = 0; row < int(m_rows.size()); ++row)
            if (m_rows[std::size_t(row)] == index)
                Q_EMIT dataChanged(this->index(row), this->index(row));
    });
}

void CreativeListModel::reload() {
    beginResetModel();
    m_rows.clear();
    m_thumbnails.clear();
    const auto& creatives = m_session->creatives();
    for (int i = 0; i < int(creatives.size()); ++i) {
        const auto& c = creatives[std::size_t(i)];
        if (m_segment >= 0 && c.segment != m_segment) continue;
        if (!m_size.isEmpty() && c.size != m_size) continue;
        m_rows.push_back(i);
    }
    endResetModel();
}

void CreativeListModel::setFilter(int segment, const QString& size) {
    m_segment = segment;
    m_size = size;
    reload();
}

int CreativeListModel::creativeIndex(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)] : -1;
}

int CreativeListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CreativeListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size())) return {};
    const int i = m_rows[std::size_t(index.row())];
    const Creative& c = m_session->creatives()[std::size_t(i)];
    const QString badge = c.review == "approved"   ? QString::fromUtf8("✔ approved")
                          : c.review == "rejected" ? QString::fromUtf8("✘ rejected")
                                                   : QString("pending");
    switch (role) {
        case Qt::DisplayRole:
            return QString("%1\npCTR %2 · %3").arg(c.id).arg(c.predictedCtr, 0, 'f', 3).arg(badge);
        case Qt::ToolTipRole:
            return QString("%1 — %2\n%3\nchecks: %4, contrast %5%6")
                .arg(c.id, c.segmentName, c.headline, c.checks.passed() ? "passed" : "failed")
                .arg(c.checks.minContrast, 0, 'f', 1)
                .arg(c.note.isEmpty() ? QString() : "\nnote: " + c.note);
        case Qt::DecorationRole: {
            auto it = m_thumbnails.find(i);
            if (it == m_thumbnails.end())
                it = m_thumbnails.insert(
                    i, QPixmap::fromImage(c.image.scaled(160, 120, Qt::KeepAspectRatio,
                                                         Qt::SmoothTransformation)));
            return *it;
        }
        case Qt::ForegroundRole:
            return c.review == "rejected" ? QColor(Qt::gray) : QVariant();
        case IndexRole:
            return i;
        case ReviewRole:
            return c.review;
        case PassedRole:
            return c.checks.passed();
        default:
            return {};
    }
}

}  // namespace adstudio::ui
