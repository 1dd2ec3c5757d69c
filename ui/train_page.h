// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/source.h"
#include "train/recommender.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace adstudio::ui {

// Train a recommender on the loaded data with live curves: training loss, the validation
// metric per epoch and, when done, the baseline as a line. Training runs in a worker that
// uses one core fewer than the machine has, so the window stays responsive.
class TrainPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainPage(QWidget* parent = nullptr);
    ~TrainPage() override;

    void setSource(std::shared_ptr<const LoadedSource> source);
    void setRunsFolder(const QString& folder);  // where runs are written (a project's folder)
    // Shows a finished run's history.csv and metrics.json (a project's model).
    void showRun(const QString& modelFolder);
    void start();
    void cancel();
    bool isRunning() const;
    void setEpochs(int epochs);
    int lossPoints() const;
    int validationPoints() const;
    QString currentRun() const { return m_currentRun; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void onEvent(const TrainEvent& event);
    void onFinished();
    void addBaseline(const QJsonObject& metrics);
    void resetChart(const QString& metric);

    QComboBox* m_model;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_factors;
    QPushButton* m_start;
    QPushButton* m_cancel;
    QLabel* m_status;
    QChart* m_chart;
    QLineSeries* m_loss;
    QLineSeries* m_validation;
    QLineSeries* m_baseline;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QListWidget* m_runs;
    std::shared_ptr<const LoadedSource> m_source;
    QString m_runsFolder, m_currentRun, m_metric;
    CancelToken m_cancelToken;
    QFutureWatcher<std::shared_ptr<Result<TrainReport>>>* m_watcher;
};

}  // namespace adstudio::ui
