// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "serving/simulator.h"

#include <QDialog>
#include <QHash>

#include <memory>

class QChart;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QValueAxis;

namespace adstudio::ui {

template <typename R>
class Job;
// Serving ▸ Simulate: replays the demo world's users against the serving policies in the
// background and draws each policy's CTR over time, with lift and regret in a table.
class SimulateDialog : public QDialog {
    Q_OBJECT
public:
    SimulateDialog(const QString& projectFolder, QWidget* parent = nullptr);
    ~SimulateDialog() override;

    void setSteps(int steps);
    void start();
    int plottedSeries() const;
    int resultRows() const;

Q_SIGNALS:
    void finished(bool ok);

private:
    void onFinished(Result<SimulationReport> result);
    void showReport(const SimulationReport& report);
    void resetChart(const QStringList& policies, int steps);
    void appendPoint(const QString& policy, const SimulationPoint& point);

    QString m_project;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QChart* m_chart = nullptr;
    QValueAxis* m_y = nullptr;
    QHash<QString, QLineSeries*> m_series;  // per policy
    QTableWidget* m_table = nullptr;
    Job<Result<SimulationReport>>* m_job = nullptr;
};

}  // namespace adstudio::ui
