// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporter.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace adstudio::ui {

template <typename R>
class Job;
class ProjectSession;

// Choose segments, sizes, formats and approved-only; export in a worker with progress; open
// the folder.
class ExportPage : public QWidget {
    Q_OBJECT
public:
    explicit ExportPage(ProjectSession* session, QWidget* parent = nullptr);
    ~ExportPage() override;
    void setApprovedOnly(bool on);
    void start();
    bool isRunning() const;
    QString lastFolder() const { return m_folder; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void refresh();
    void showCounts();

    ProjectSession* m_session;
    QListWidget* m_segments;
    QListWidget* m_sizes;
    QCheckBox* m_png;
    QCheckBox* m_jpeg;
    QCheckBox* m_approved;
    QPushButton* m_export;
    QPushButton* m_open;
    QProgressBar* m_progress;
    QLabel* m_status;
    QString m_folder;
    Job<Result<ExportSummary>>* m_job;
};

}  // namespace adstudio::ui
