// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "creative/creative_set.h"
#include "serving/off_policy.h"

#include <QDateTime>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QUndoStack;

namespace adstudio::ui {

template <typename R>
class Job;
class CreativeListModel;
class ProjectSession;

// The gallery per segment and size with predicted CTR and check badges, a large preview, and
// the designer's review: approve, reject, a note; undo/redo; saved in the project at once.
class CreativesPage : public QWidget {
    Q_OBJECT
public:
    CreativesPage(ProjectSession* session, QUndoStack* undo, QWidget* parent = nullptr);
    ~CreativesPage() override;
    CreativeListModel* model() const { return m_model; }
    void select(int row);
    // Review of the selected creative (undoable).
    void review(const QString& decision);
    // New variants for the chosen segment and size in a worker (the first set when there is
    // none); pending creatives there are replaced, reviewed ones kept.
    void regenerate();
    QString emptyStateText() const;
    bool isRegenerating() const;

Q_SIGNALS:
    void regenerated(bool ok);

private:
    void showSelected();
    void refilter();
    void rebuildFilters();
    void onRegenerated(Result<std::vector<Creative>> result);

    ProjectSession* m_session;
    QUndoStack* m_undo;
    CreativeListModel* m_model;
    QComboBox* m_segment;
    QComboBox* m_size;
    QListView* m_list;
    QLabel* m_preview;
    QLabel* m_details;
    // What serving logged for each creative (the project's event log), re-read when it changed.
    QString servedText(const QString& creativeId);
    QHash<QString, ServedCounts> m_served;
    QString m_servedLog;
    QDateTime m_servedStamp;
    qint64 m_servedSize = -1;
    QLineEdit* m_note;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QPushButton* m_regenerate;
    QLabel* m_status;
    int m_pendingSegment = -1;
    QString m_pendingSize;
    Job<Result<std::vector<Creative>>>* m_job;
};

}  // namespace adstudio::ui
