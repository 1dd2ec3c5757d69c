// SPDX-License-Identifier: MIT
#pragma once

#include "data/data_settings.h"
#include "data/source.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QTabWidget;
class QTableView;

namespace adstudio::ui {

class ColumnsPanel;
class DatasetTableModel;
class JobSignals;
class StatsTableModel;
template <typename R>
class Job;

// The Data page: loads a source in the background, shows its tables (rows, statistics, label
// balance, what the loader noted and set aside) and the column mapping of every table. A load
// that fails offers the remedies its error names (map a column as text, set bad rows aside).
class DataPage : public QWidget {
    Q_OBJECT
public:
    explicit DataPage(QWidget* parent = nullptr);
    ~DataPage() override;

    // Loads in a worker; emits loaded() or loadFailed(). Rows set aside go to `rejectsFolder`.
    void load(const QString& path, const DataSettings& settings, const QString& rejectsFolder);
    // The last load again, with other settings (a remedy, the columns panel's Apply).
    void reload(const DataSettings& settings);
    void openDemoWorld();
    bool isLoading() const;
    void cancel();
    JobSignals* job() const;

    const std::shared_ptr<LoadedSource>& source() const { return m_source; }
    const DataSettings& settings() const { return m_settings; }
    DatasetTableModel* tableModel() const { return m_tableModel; }
    StatsTableModel* statsModel() const { return m_statsModel; }
    ColumnsPanel* columnsPanel() const { return m_columnsPanel; }
    // 0: statistics, 1: columns and preprocessing.
    void showTab(int index);
    // What the open tables' loaders noted (set-aside rows included), one line each.
    QStringList notes() const;
    // Carries out a remedy of a load error: maps the column or sets bad rows aside, and reloads.
    bool applyRemedy(const Remedy& remedy);

Q_SIGNALS:
    void loaded();
    void loadFailed(const Error& error);
    void busyChanged(bool busy, const QString& what);

private:
    void onLoaded(Result<LoadedSource> result);
    void showTable(int index);
    void showLoadError(const Error& error);

    Job<Result<LoadedSource>>* m_job;
    QComboBox* m_tableChoice;
    QTableView* m_tableView;
    QTableView* m_statsView;
    QTabWidget* m_tabs;
    QLabel* m_summary;
    QLabel* m_balance;
    QLabel* m_notes;
    ColumnsPanel* m_columnsPanel;
    DatasetTableModel* m_tableModel;
    StatsTableModel* m_statsModel;

    std::shared_ptr<LoadedSource> m_source;
    std::vector<std::shared_ptr<const Dataset>> m_tables;
    DataSettings m_settings;  // of the open data
    QString m_loadingPath, m_rejectsFolder;
    DataSettings m_loadingSettings;
};

}  // namespace adstudio::ui
