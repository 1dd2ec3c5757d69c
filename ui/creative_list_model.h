// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QPixmap>

namespace adstudio::ui {

class ProjectSession;

// The creative gallery: thumbnails with predicted CTR, check and review badges, filtered by
// segment and size. Rows map to indices in the session's creatives.
class CreativeListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles { IndexRole = Qt::UserRole + 1, ReviewRole, PassedRole };
    explicit CreativeListModel(ProjectSession* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    void setFilter(int segment, const QString& size);  // -1 / empty: all
    int creativeIndex(int row) const;
    void reload();

private:
    ProjectSession* m_session;
    std::vector<int> m_rows;
    int m_segment = -1;
    QString m_size;
    mutable QHash<int, QPixmap> m_thumbnails;
};

}  // namespace adstudio::ui
