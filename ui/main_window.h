// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/data_settings.h"
#include "data/source.h"
#include "project/project_manifest.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QTabWidget;
class QUndoStack;
class QProgressBar;
class QPushButton;

namespace adstudio::ui {

class BrandPage;
class CreativesPage;
class DataPage;
class DatasetTableModel;
class ColumnsPanel;
class ExportPage;
class LivePage;
class GanPage;
class ProjectSession;
class SegmentsPage;
class StatsTableModel;
class TrainPage;
class JobSignals;
template <typename R>
class Job;

// The studio window: Data, Train, Segments, Creatives and Export pages over an open data
// source and project folder.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads in a worker; the window stays responsive. Emits loaded() or loadFailed().
    void openPath(const QString& path);
    // Reloads the open data with a column mapping and preprocessing (saved in the project).
    void applyDataSettings(const DataSettings& settings);
    const DataSettings& dataSettings() const;
    void openDemoWorld();
    bool isLoading() const;
    const LoadedSource* source() const;
    DatasetTableModel* tableModel() const;
    StatsTableModel* statsModel() const;
    DataPage* dataPage() const { return m_dataPage; }

    // Opens a project folder (project.json, written by `adstudio-cli run`): its data, training
    // history, segments and creatives with their review state.
    bool openProject(const QString& folder);
    // A new project over the open data (its mapping included), then opened.
    bool newProject(const QString& folder);
    // Copies the open project to `folder` in a worker and opens the copy; emits projectCopied.
    void saveProjectAs(const QString& folder);
    ProjectSession* session() const { return m_session; }
    QTabWidget* pages() const { return m_pages; }
    // Brings a page to the front: data, columns, train, gan, segments, creatives or export.
    bool showPage(const QString& name);
    TrainPage* trainPage() const { return m_trainPage; }
    GanPage* ganPage() const { return m_ganPage; }
    ColumnsPanel* columnsPanel() const;
    SegmentsPage* segmentsPage() const { return m_segmentsPage; }
    CreativesPage* creativesPage() const { return m_creativesPage; }
    BrandPage* brandPage() const { return m_brandPage; }
    ExportPage* exportPage() const { return m_exportPage; }
    LivePage* livePage() const { return m_livePage; }
    QUndoStack* undoStack() const { return m_undo; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);
    void projectCopied(bool ok);

private:
    void buildUi();
    void buildMenus();
    void chooseFile();
    void chooseFolder();
    void chooseProject();
    void chooseNewProject();
    void chooseSaveAs();
    void load(const QString& path, const DataSettings& settings);
    // Rows of `path` that do not read are set aside in the open project's rejects/ when it is
    // the project's data, else in the application's data folder.
    QString rejectsFolderFor(const QString& path) const;
    // Non-modal, with a button per remedy the GUI can carry out.
    // Shows `error` with buttons for its remedies; by default they reload the data differently.
    void showError(const QString& title, const Error& error,
                   std::function<void(const Remedy&)> onRemedy = {});
    // A finished training run becomes the open project's model or GAN.
    void adoptRun(ProjectRunKind kind, const QString& folder);
    void updateRecentProjects();
    void showAbout();
    void showUserGuide();
    void showSimulation();
    void onLoaded();
    // Shows a job's progress and Cancel in the status bar while it runs.
    void trackInStatusBar(JobSignals* job, std::function<void()> cancel);
    void setBusy(bool busy, const QString& what = {});

    QTabWidget* m_pages = nullptr;
    QTabWidget* m_trainTabs = nullptr;
    DataPage* m_dataPage = nullptr;
    ProjectSession* m_session = nullptr;
    QUndoStack* m_undo = nullptr;
    TrainPage* m_trainPage = nullptr;
    GanPage* m_ganPage = nullptr;
    SegmentsPage* m_segmentsPage = nullptr;
    CreativesPage* m_creativesPage = nullptr;
    BrandPage* m_brandPage = nullptr;
    ExportPage* m_exportPage = nullptr;
    LivePage* m_livePage = nullptr;
    QMenu* m_recentMenu = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    std::function<void()> m_cancelRunning;  // of the job the status bar shows
    Job<Status>* m_copyJob = nullptr;
    QString m_copyTarget;
};

}  // namespace adstudio::ui
