// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QUndoStack;

namespace adstudio::ui {

class CreativeListModel;
class ProjectSession;

// The gallery per segment and size with predicted CTR and check badges, a large preview, and
// the designer's review: approve, reject, a note; undo/redo; saved in the project at once.
class CreativesPage : public QWidget {
    Q_OBJECT
public:
    CreativesPage(ProjectSession* session, QUndoStack* undo, QWidget* parent = nullptr);
    CreativeListModel* model() const { return m_model; }
    void select(int row);
    // Review of the selected creative (undoable).
    void review(const QString& decision);

private:
    void showSelected();
    void refilter();

    ProjectSession* m_session;
    QUndoStack* m_undo;
    CreativeListModel* m_model;
    QComboBox* m_segment;
    QComboBox* m_size;
    QListView* m_list;
    QLabel* m_preview;
    QLabel* m_details;
    QLineEdit* m_note;
    QPushButton* m_approve;
    QPushButton* m_reject;
};

}  // namespace adstudio::ui
