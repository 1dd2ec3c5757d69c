// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/data_settings.h"
#include "data/source.h"
#include "project/project_manifest.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <memory>

class QComboBox;
class QTabWidget;
class QUndoStack;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace adstudio::ui {

class CreativesPage;
class DatasetTableModel;
class ColumnsPanel;
class ExportPage;
class GanPage;
class ProjectSession;
class SegmentsPage;
class StatsTableModel;
class TrainPage;

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
    const DataSettings& dataSettings() const { return m_dataSettings; }
    void openDemoWorld();
    bool isLoading() const;
    const LoadedSource* source() const { return m_source.get(); }
    DatasetTableModel* tableModel() const { return m_tableModel; }
    StatsTableModel* statsModel() const { return m_statsModel; }

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
    ColumnsPanel* columnsPanel() const { return m_columnsPanel; }
    SegmentsPage* segmentsPage() const { return m_segmentsPage; }
    CreativesPage* creativesPage() const { return m_creativesPage; }
    ExportPage* exportPage() const { return m_exportPage; }
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
    void showError(const QString& title, const Error& error);
    // A finished training run becomes the open project's model or GAN.
    void adoptRun(ProjectRunKind kind, const QString& folder);
    void updateRecentProjects();
    void showAbout();
    void showUserGuide();
    void showSimulation();
    void onLoadFinished();
    void showTable(int index);
    void setBusy(bool busy, const QString& what = {});
    // A fresh cancel token and a throttled, thread-safe progress callback for the next job.
    JobContext startJob();

    QTabWidget* m_pages = nullptr;
    QTabWidget* m_trainTabs = nullptr;
    QTabWidget* m_dataTabs = nullptr;
    ProjectSession* m_session = nullptr;
    QUndoStack* m_undo = nullptr;
    TrainPage* m_trainPage = nullptr;
    GanPage* m_ganPage = nullptr;
    ColumnsPanel* m_columnsPanel = nullptr;
    SegmentsPage* m_segmentsPage = nullptr;
    CreativesPage* m_creativesPage = nullptr;
    ExportPage* m_exportPage = nullptr;
    QMenu* m_recentMenu = nullptr;
    QComboBox* m_tableChoice = nullptr;
    QTableView* m_tableView = nullptr;
    QTableView* m_statsView = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_balance = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    DatasetTableModel* m_tableModel = nullptr;
    StatsTableModel* m_statsModel = nullptr;

    std::shared_ptr<LoadedSource> m_source;
    std::vector<std::shared_ptr<const Dataset>> m_tables;
    QFutureWatcher<std::shared_ptr<Result<LoadedSource>>>* m_watcher = nullptr;
    QFutureWatcher<Status>* m_copyWatcher = nullptr;
    CancelToken m_cancelToken;
    QString m_loadingPath;
    DataSettings m_dataSettings;     // of the open data
    DataSettings m_loadingSettings;  // of the load in flight
    bool m_saveSettingsOnLoad = false;
};

}  // namespace adstudio::ui
