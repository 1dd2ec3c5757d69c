// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/source.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace adstudio::ui {

class DatasetTableModel;
class StatsTableModel;

// The studio window. For now the Data page: open a source, see its table and statistics.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads in a worker; the window stays responsive. Emits loaded() or loadFailed().
    void openPath(const QString& path);
    void openDemoWorld();
    bool isLoading() const;
    const LoadedSource* source() const { return m_source.get(); }
    DatasetTableModel* tableModel() const { return m_tableModel; }
    StatsTableModel* statsModel() const { return m_statsModel; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);

private:
    void buildUi();
    void buildMenus();
    void chooseFile();
    void chooseFolder();
    void showAbout();
    void onLoadFinished();
    void showTable(int index);
    void setBusy(bool busy, const QString& what = {});
    // A fresh cancel token and a throttled, thread-safe progress callback for the next job.
    JobContext startJob();

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
    CancelToken m_cancelToken;
    QString m_loadingPath;
};

}  // namespace adstudio::ui
