// SPDX-License-Identifier: MIT
#pragma once

#include "segments/segmentation.h"

#include <QWidget>

class QChart;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace adstudio::ui {

template <typename R>
class Job;
class ProjectSession;
class SegmentTableModel;

// The user map coloured by segment (Qt Charts scatter, tooltips on hover), the profile table,
// and a k control that re-segments in a worker.
class SegmentsPage : public QWidget {
    Q_OBJECT
public:
    explicit SegmentsPage(ProjectSession* session, QWidget* parent = nullptr);
    ~SegmentsPage() override;
    int plottedUsers() const;
    SegmentTableModel* tableModel() const { return m_table; }
    void resegment(int k);
    bool isRunning() const;

Q_SIGNALS:
    void resegmented(bool ok);

private:
    void refresh();

    ProjectSession* m_session;
    QChart* m_chart;
    SegmentTableModel* m_table;
    QTableView* m_view;
    QSpinBox* m_k;
    QPushButton* m_apply;
    QLabel* m_status;
    Job<Result<Segmentation>>* m_job;
};

}  // namespace adstudio::ui
