// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "data/data_settings.h"
#include "data/source.h"
#include "train/recommender.h"
#include "train/tuning.h"

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
class QTableWidget;
class QTabWidget;
class QValueAxis;

namespace adstudio::ui {

template <typename R>
class Job;
class ReliabilityChart;

// Train a recommender on the loaded data with live curves: training loss (left axis), the
// validation metric per epoch (right axis), when done the baseline as a line and the epoch whose
// weights were kept (early stopping) as a marker; a click model's reliability diagram; a tuning
// run's trials. Training runs in a worker that uses one core fewer than the machine has, so the
// window stays responsive.
class TrainPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainPage(QWidget* parent = nullptr);
    ~TrainPage() override;

    // The data to train on and the settings it was loaded with (what worker processes reload).
    void setSource(std::shared_ptr<const LoadedSource> source, DataSettings settings = {});
    void setRunsFolder(const QString& folder);  // where runs are written (a project's folder)
    // Shows a finished run's history.csv and metrics.json (a project's model).
    void showRun(const QString& modelFolder);
    // Trains a new run, or resumes the current run from its checkpoint (up to Epochs).
    void start(bool resume = false);
    // Tries `trials` settings of the chosen model (the first the page's own) and keeps the best
    // by validation; the Trials tab fills in as each trial ends.
    void tune(int trials);
    int trialRows() const;
    ReliabilityChart* reliabilityChart() const { return m_reliability; }
    // Does what a failed run's error offers (a setting changed, a fresh start) and trains again.
    void applyRemedy(const Remedy& remedy);
    void cancel();
    bool isRunning() const;
    void setEpochs(int epochs);
    int lossPoints() const;
    int validationPoints() const;
    QString currentRun() const { return m_currentRun; }
    QString statusText() const;
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
    void showSuitedLearningRate();  // the chosen model's default rate in the box
    void onEvent(const TrainEvent& event);
    void addTrial(const TuneTrial& trial);
    // The settings the page's fields give for the chosen model.
    RecommenderConfig pageConfig() const;
    void startJob(bool resume, int tuneTrials);
    // A data-parallel run of the Processes box: the settings and data settings written to the
    // run folder for the other ranks, `config` made rank 0's; their command line.
    Result<QStringList> prepareWorkerRanks(RecommenderConfig* config, bool resume) const;
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
    QComboBox* m_device;
    QSpinBox* m_workers;  // processes of a data-parallel run (rank 0 is this one)
    int m_runningWorkers = 1;
    DataSettings m_dataSettings;
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
    QSpinBox* m_trialCount;
    QPushButton* m_tune;
    QTabWidget* m_views;
    ReliabilityChart* m_reliability;
    QTableWidget* m_trials;
    std::shared_ptr<const LoadedSource> m_source;
    QString m_runsFolder, m_currentRun, m_metric;
    int m_keptEpoch = 0;
    Job<Result<TrainReport>>* m_job;
};

}  // namespace adstudio::ui
