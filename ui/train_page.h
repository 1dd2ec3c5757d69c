// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/source.h"
#include "train/recommender.h"

#include <QWidget>

#include <memory>

class QChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace adstudio::ui {

template <typename R>
class Job;

// Train a recommender on the loaded data with live curves: training loss (left axis), the
// validation metric per epoch (right axis), when done the baseline as a line and the epoch whose
// weights were kept (early stopping) as a marker. Training runs in a worker that uses one core
// fewer than the machine has, so the window stays responsive.
class TrainPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainPage(QWidget* parent = nullptr);
    ~TrainPage() override;

    void setSource(std::shared_ptr<const LoadedSource> source);
    void setRunsFolder(const QString& folder);  // where runs are written (a project's folder)
    // Shows a finished run's history.csv and metrics.json (a project's model).
    void showRun(const QString& modelFolder);
    // Trains a new run, or resumes the current run from its checkpoint (up to Epochs).
    void start(bool resume = false);
    // Does what a failed run's error offers (a setting changed, a fresh start) and trains again.
    void applyRemedy(const Remedy& remedy);
    void cancel();
    bool isRunning() const;
    void setEpochs(int epochs);
    int lossPoints() const;
    int validationPoints() const;
    QString currentRun() const { return m_currentRun; }
    // The epoch marked as kept, 0 when none is.
    int keptEpoch() const { return m_keptEpoch; }
    QValueAxis* epochAxis() const { return m_x; }
    QValueAxis* lossAxis() const { return m_lossAxis; }
    QValueAxis* metricAxis() const { return m_metricAxis; }

Q_SIGNALS:
    void finished(bool ok);
    // A run that failed (not one the user cancelled), for an error box that offers remedies.
    void failed(const Error& error);

private:
    void onEvent(const TrainEvent& event);
    void onFinished(Result<TrainReport> result);
    void addBaseline(const QJsonObject& metrics);
    void resetChart(const QString& metric, int epochs);
    void keepFinishedEpochs();
    void setEpochRange(int epochs);
    void fitLossAxis();
    // Marks the epoch whose weights the run kept and names it in the legend.
    void markKeptEpoch(int epoch);

    QComboBox* m_model;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_factors;
    QPushButton* m_start;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QLabel* m_status;
    QChart* m_chart;
    QLineSeries* m_loss;
    QLineSeries* m_validation;
    QLineSeries* m_baseline;
    QScatterSeries* m_kept;
    QValueAxis* m_x;
    QValueAxis* m_lossAxis;
    QValueAxis* m_metricAxis;
    QListWidget* m_runs;
    std::shared_ptr<const LoadedSource> m_source;
    QString m_runsFolder, m_currentRun, m_metric;
    int m_keptEpoch = 0;
    Job<Result<TrainReport>>* m_job;
};

}  // namespace adstudio::ui
