// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QWidget>

#include <memory>

class QChart;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;
class QValueAxis;

namespace adstudio {
class DecisionEngine;
class ServingHttpServer;
}  // namespace adstudio

namespace adstudio::ui {

template <typename R>
class Job;
class ProjectSession;

// Serving from the studio: the open project's decision engine behind the loopback HTTP API,
// and the loop seen working as events arrive — decisions per second, latency p50/p99, CTR over
// time — with every creative's evidence per segment: settled impressions, clicks, posterior
// mean and 95% credible interval beside the click model's predicted CTR.
class LivePage : public QWidget {
    Q_OBJECT
public:
    explicit LivePage(ProjectSession* session, QWidget* parent = nullptr);
    ~LivePage() override;

    // Asynchronous: the event log is replayed in the background; servingChanged(true) follows.
    void startServing();
    // Stops answering, commits the event log and keeps the figures shown.
    void stopServing();
    bool isServing() const;
    void setPort(int port);  // 0: any free port
    quint16 port() const;    // the port listened on while serving
    QStringList servedSizes() const;
    // Reads the engine's counters and posteriors now (a timer does so every second).
    void refresh();
    int armRows() const;
    int chartPoints() const;

Q_SIGNALS:
    void servingChanged(bool serving);
    void servingFailed(const adstudio::Error& error);
    void simulateRequested();

private:
    void onOpened(Result<std::unique_ptr<DecisionEngine>> opened);
    void showArms();
    void showFigures();
    void resetFigures();
    void setControlsEnabled();

    ProjectSession* m_session;
    QSpinBox* m_port;
    QComboBox* m_policy;
    QCheckBox* m_approvedOnly;
    QCheckBox* m_online;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_simulate;
    QLabel* m_address;
    QLabel* m_figures;
    QChart* m_chart;
    QLineSeries* m_ctr;
    QLineSeries* m_windowCtr;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QTableWidget* m_arms;
    QTimer* m_timer;
    QString m_openingFolder;  // the project the engine being opened belongs to
    std::unique_ptr<DecisionEngine> m_engine;
    std::unique_ptr<ServingHttpServer> m_server;
    Job<Result<std::unique_ptr<DecisionEngine>>>* m_open;
    // The previous refresh's totals, for rates and the CTR since then.
    qint64 m_lastDecisions = 0, m_lastClicks = 0;
    qint64 m_lastRefreshMs = 0;
    double m_decisionsPerSecond = 0;
};

}  // namespace adstudio::ui
