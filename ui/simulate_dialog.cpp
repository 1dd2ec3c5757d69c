// SPDX-License-Identifier: MIT
#include "simulate_dialog.h"

#include "job.h"

#include <QChart>
#include <QChartView>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace adstudio::ui {

SimulateDialog::SimulateDialog(const QString& projectFolder, QWidget* parent)
    : QDialog(parent), m_project(projectFolder) {
    setWindowTitle(tr("Simulate Serving"));
    resize(820, 640);
    m_steps = new QSpinBox(this);
    m_steps->setRange(500, 1000000);
    m_steps->setSingleStep(5000);
    m_steps->setValue(20000);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(42);
    auto* form = new QFormLayout;
    form->addRow(tr("Arriving users:"), m_steps);
    form->addRow(tr("Seed:"), m_seed);
    auto* explanation = new QLabel(
        tr("Demo-world users arrive and click by the world's hidden truth. <b>random</b>: any "
           "creative; <b>best-fixed</b>: the one best creative for everybody (known only in "
           "hindsight); <b>segment-greedy</b>: each segment's creative with the highest "
           "predicted CTR; <b>bandit</b>: serving itself, learning from every click."),
        this);
    explanation->setWordWrap(true);

    m_chart = new QChart;
    m_chart->setTitle(tr("CTR over time (per window)"));
    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(300);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("simulationResults"));
    m_table->setHorizontalHeaderLabels(
        {tr("Policy"), tr("CTR"), tr("Lift over random"), tr("Regret (clicks)")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMaximumHeight(160);

    m_run = new QPushButton(tr("Run"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("simulationStatus"));
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(view, 1);
    layout->addWidget(m_table);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    m_job = new Job<Result<SimulationReport>>(
        this, [this](Result<SimulationReport> result) { onFinished(std::move(result)); });
    connect(m_job, &JobSignals::progressed, this,
            [this](const Progress& p) { m_progress->setValue(int(p.fraction * 1000)); });
    connect(m_run, &QPushButton::clicked, this, &SimulateDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_job->cancel(); });
}

SimulateDialog::~SimulateDialog() {
    m_job->cancelAndWait();
}

void SimulateDialog::setSteps(int steps) {
    m_steps->setValue(steps);
}

int SimulateDialog::plottedSeries() const {
    int withPoints = 0;
    for (auto* series : m_chart->series())
        withPoints += static_cast<QLineSeries*>(series)->count() > 0;
    return withPoints;
}

int SimulateDialog::resultRows() const {
    return m_table->rowCount();
}

void SimulateDialog::start() {
    if (m_job->isRunning()) return;
    SimulationOptions options;
    options.steps = m_steps->value();
    options.seed = std::uint64_t(m_seed->value());
    options.serving.seed = options.seed;
    options.policies = simulatedPolicyNames();
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Simulating %1 arrivals per policy…").arg(options.steps));
    resetChart(options.policies, options.steps);
    // Each point drawn as the simulation reaches it.
    QPointer<SimulateDialog> self(this);
    options.onPoint = [self](const QString& policy, const SimulationPoint& point) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, policy, point] {
                if (self) self->appendPoint(policy, point);
            },
            Qt::QueuedConnection);
    };
    const QString project = m_project;
    m_job->start(
        [project, options](const JobContext& job) { return simulate(project, options, job); });
}

void SimulateDialog::onFinished(Result<SimulationReport> result) {
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    if (!result.ok()) {
        m_progress->setValue(0);
        m_status->setText(result.error().cancelled ? tr("Cancelled.") : result.error().toString());
        Q_EMIT finished(false);
        return;
    }
    m_progress->setValue(1000);
    showReport(result.value());
    Q_EMIT finished(true);
}

void SimulateDialog::resetChart(const QStringList& policies, int steps) {
    m_chart->removeAllSeries();
    for (auto* axis : m_chart->axes()) m_chart->removeAxis(axis);
    m_series.clear();
    auto* x = new QValueAxis;
    x->setTitleText(tr("arriving users"));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setRange(0, steps);
    m_y = new QValueAxis;
    m_y->setTitleText(tr("CTR"));
    m_y->setRange(0, 0.05);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (const QString& policy : policies) {
        auto* series = new QLineSeries;
        series->setName(policy);
        m_chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(m_y);
        m_series.insert(policy, series);
    }
}

void SimulateDialog::appendPoint(const QString& policy, const SimulationPoint& point) {
    QLineSeries* series = m_series.value(policy);
    if (!series) return;
    series->append(point.step, point.windowCtr);
    if (point.windowCtr * 1.1 > m_y->max()) m_y->setMax(point.windowCtr * 1.1);
}

void SimulateDialog::showReport(const SimulationReport& report) {
    QStringList names;
    for (const auto& outcome : report.outcomes) names << outcome.policy;
    resetChart(names, report.steps);
    for (const auto& outcome : report.outcomes)
        for (const auto& point : outcome.curve) appendPoint(outcome.policy, point);
    m_y->setMax(std::max(m_y->max(), report.segmentOracleCtr * 1.1));
    const QJsonObject policies = report.toJson().value("policies").toObject();
    m_table->setRowCount(int(report.outcomes.size()));
    for (int row = 0; row < int(report.outcomes.size()); ++row) {
        const auto& outcome = report.outcomes[std::size_t(row)];
        const QJsonObject o = policies.value(outcome.policy).toObject();
        const QStringList cells{
            outcome.policy, QString::number(outcome.ctr, 'f', 4),
            QStringLiteral("%1x").arg(o.value("lift_over_random").toDouble(), 0, 'f', 2),
            QString::number(outcome.regret, 'f', 1)};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_status->setText(
        tr("%1 arrivals at %2. Each segment's truly best creative would reach %3; each "
           "user's best %4.")
            .arg(report.steps)
            .arg(report.size)
            .arg(report.segmentOracleCtr, 0, 'f', 4)
            .arg(report.personalOracleCtr, 0, 'f', 4));
}

}  // namespace adstudio::ui
