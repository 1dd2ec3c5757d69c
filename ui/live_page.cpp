// SPDX-License-Identifier: MIT
#include "live_page.h"

#include "job.h"
#include "project/project.h"
#include "project_session.h"
#include "serving/decision_engine.h"
#include "serving/http_api.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace adstudio::ui {

namespace {

constexpr int kRefreshMs = 1000;

// "1 decision", "2 decisions".
QString counted(qint64 n, const QString& one, const QString& many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString percent(double value) {
    return QString::number(100 * value, 'f', 2) + QLatin1Char('%');
}

// Sorts by the number behind the text, not the text.
class NumberItem : public QTableWidgetItem {
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

}  // namespace

LivePage::LivePage(ProjectSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setValue(8080);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(
        tr("Serving listens on 127.0.0.1 only: this machine's programs can call it"));
    m_policy = new QComboBox(this);
    for (const auto policy : {BanditPolicy::Thompson, BanditPolicy::EpsilonGreedy,
                              BanditPolicy::Greedy, BanditPolicy::Uniform})
        m_policy->addItem(banditPolicyName(policy), int(policy));
    m_policy->setToolTip(
        tr("How each segment's creative is chosen; uniform logs the data "
           "off-policy evaluation likes best"));
    m_approvedOnly = new QCheckBox(tr("Approved creatives only"), this);
    m_approvedOnly->setToolTip(tr("Else every creative not rejected is served"));
    m_online = new QCheckBox(tr("Re-tune the click model on the clicks"), this);
    m_online->setToolTip(
        tr("Every 2,000 settled decisions a fine-tuned model is checked on "
           "held-out events and swapped in only when it predicts them better"));
    m_start = new QPushButton(tr("Start serving"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_simulate = new QPushButton(tr("Simulate traffic…"), this);
    m_simulate->setToolTip(tr("Replay the demo world's users against the serving policies"));
    m_address = new QLabel(tr("Not serving."), this);
    m_address->setObjectName(QStringLiteral("servingAddress"));
    m_address->setWordWrap(true);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures = new QLabel(this);
    m_figures->setObjectName(QStringLiteral("servingFigures"));
    m_figures->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Policy"), m_policy);
    form->addRow(m_approvedOnly);
    form->addRow(m_online);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addWidget(m_address);
    left->addWidget(m_figures);
    left->addWidget(m_simulate);
    left->addStretch(1);
    auto* leftWidget = new QWidget(this);
    leftWidget->setLayout(left);
    leftWidget->setMaximumWidth(340);

    m_chart = new QChart;
    m_chart->setTitle(tr("Clicks per decision"));
    m_ctr = new QLineSeries;
    m_ctr->setName(tr("since serving started"));
    m_windowCtr = new QLineSeries;
    m_windowCtr->setName(tr("since the last second"));
    m_x = new QValueAxis;
    m_x->setTitleText(tr("decisions"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("CTR"));
    m_y->setLabelFormat(QStringLiteral("%.3f"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* series : {m_ctr, m_windowCtr}) {
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);

    m_arms = new QTableWidget(0, 7, this);
    m_arms->setHorizontalHeaderLabels({tr("Segment"), tr("Creative"), tr("Predicted CTR"),
                                       tr("Settled impressions"), tr("Clicks"),
                                       tr("Posterior mean"), tr("95% interval")});
    m_arms->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_arms->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_arms->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_arms->setToolTip(
        tr("Each creative's evidence in each segment: the prior is the predicted "
           "CTR, worth as many impressions as the bandit's prior strength"));

    auto* right = new QVBoxLayout;
    right->addWidget(view, 1);
    right->addWidget(m_arms, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftWidget);
    layout->addLayout(right, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &LivePage::refresh);
    m_open = new Job<Result<std::unique_ptr<DecisionEngine>>>(
        this,
        [this](Result<std::unique_ptr<DecisionEngine>> opened) { onOpened(std::move(opened)); });
    connect(m_start, &QPushButton::clicked, this, &LivePage::startServing);
    connect(m_stop, &QPushButton::clicked, this, &LivePage::stopServing);
    connect(m_simulate, &QPushButton::clicked, this, &LivePage::simulateRequested);
    connect(m_approvedOnly, &QCheckBox::clicked, this, [this](bool approvedOnly) {
        m_session->setServeApprovedOnly(approvedOnly);  // a failure is reported by the session
    });
    // Another project: what was served belongs to the one before.
    connect(m_session, &ProjectSession::opened, this, [this] {
        stopServing();
        resetFigures();
        const Project* project = m_session->project();
        m_approvedOnly->setChecked(project && project->manifest().serveApprovedOnly);
        setControlsEnabled();
    });
    resetFigures();
    setControlsEnabled();
}

LivePage::~LivePage() {
    m_open->cancelAndWait();
    stopServing();
}

bool LivePage::isServing() const {
    return m_server != nullptr;
}

void LivePage::setPort(int port) {
    m_port->setValue(port);
}

quint16 LivePage::port() const {
    return m_server ? m_server->port() : 0;
}

QStringList LivePage::servedSizes() const {
    return m_engine ? m_engine->sizes() : QStringList();
}

int LivePage::armRows() const {
    return m_arms->rowCount();
}

int LivePage::chartPoints() const {
    return m_ctr->count();
}

void LivePage::setControlsEnabled() {
    const bool busy = isServing() || m_open->isRunning();
    m_start->setEnabled(m_session->isOpen() && !busy);
    m_stop->setEnabled(isServing());
    for (QWidget* w : std::initializer_list<QWidget*>{m_port, m_policy, m_approvedOnly, m_online})
        w->setEnabled(!busy);
    m_simulate->setEnabled(m_session->isOpen());
}

void LivePage::startServing() {
    if (!m_session->isOpen() || isServing() || m_open->isRunning()) return;
    ServingSettings settings;
    settings.bandit.policy = BanditPolicy(m_policy->currentData().toInt());
    settings.approvedOnly = m_approvedOnly->isChecked();
    settings.online.enabled = m_online->isChecked();
    const QString folder = m_session->folder();
    m_openingFolder = folder;
    const QString log = m_session->project()->eventLogPath();
    m_address->setText(tr("Reading the event log…"));
    m_open->start([folder, log, settings](const JobContext&) {
        return DecisionEngine::open(folder, log, settings);
    });
    setControlsEnabled();
}

void LivePage::onOpened(Result<std::unique_ptr<DecisionEngine>> opened) {
    if (m_openingFolder != m_session->folder()) {  // another project was opened meanwhile
        setControlsEnabled();
        return;
    }
    if (!opened) {
        m_address->setText(tr("Not serving: %1").arg(opened.error().toString()));
        setControlsEnabled();
        Q_EMIT servingFailed(opened.error());
        return;
    }
    HttpServingOptions http;
    http.port = quint16(m_port->value());
    auto server = ServingHttpServer::start(opened->get(), http);
    if (!server) {
        m_address->setText(tr("Not serving: %1").arg(server.error().toString()));
        setControlsEnabled();
        Q_EMIT servingFailed(server.error());
        return;
    }
    m_engine = std::move(*opened);
    m_server = std::move(*server);
    resetFigures();
    m_address->setText(tr("Serving %1 at http://127.0.0.1:%2/v1/rank (sizes %3)")
                           .arg(QFileInfo(m_session->folder()).fileName(),
                                QString::number(m_server->port()), m_engine->sizes().join(", ")));
    refresh();
    m_timer->start();
    setControlsEnabled();
    Q_EMIT servingChanged(true);
}

void LivePage::stopServing() {
    if (!isServing()) return;
    m_timer->stop();
    refresh();
    m_server.reset();
    const Status flushed = m_engine->flush();
    m_engine.reset();
    m_address->setText(flushed ? tr("Stopped; the event log is on disk.")
                               : tr("Stopped, but the event log could not be written: %1")
                                     .arg(flushed.error().toString()));
    setControlsEnabled();
    Q_EMIT servingChanged(false);
}

void LivePage::resetFigures() {
    m_ctr->clear();
    m_windowCtr->clear();
    m_x->setRange(0, 100);
    m_y->setRange(0, 0.1);
    m_arms->setRowCount(0);
    m_lastDecisions = m_lastClicks = 0;
    m_lastRefreshMs = 0;
    m_decisionsPerSecond = 0;
    m_figures->clear();
}

void LivePage::refresh() {
    if (!m_engine) return;
    m_engine->settleExpired();
    showFigures();
    showArms();
}

void LivePage::showFigures() {
    const ServingCounters c = m_engine->counters();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastRefreshMs > 0 && now > m_lastRefreshMs)
        m_decisionsPerSecond =
            double(c.decisions - m_lastDecisions) * 1000.0 / double(now - m_lastRefreshMs);
    if (c.decisions > m_lastDecisions || (m_ctr->count() == 0 && c.decisions > 0)) {
        const double ctr = double(c.clicks) / double(c.decisions);
        const qint64 newDecisions = c.decisions - m_lastDecisions;
        const double window =
            newDecisions > 0 ? double(c.clicks - m_lastClicks) / double(newDecisions) : ctr;
        m_ctr->append(double(c.decisions), ctr);
        m_windowCtr->append(double(c.decisions), window);
        m_x->setRange(0, std::max<double>(100, double(c.decisions)));
        m_y->setMax(std::max({m_y->max(), ctr * 1.2, window * 1.2}));
    }
    m_lastDecisions = c.decisions;
    m_lastClicks = c.clicks;
    m_lastRefreshMs = now;
    const double ctr = c.decisions > 0 ? double(c.clicks) / double(c.decisions) : 0;
    m_figures->setText(tr("%1 (%2/s) · %3 · CTR %4\nlatency p50 %5 ms · p99 %6 ms\n"
                          "model updates: %7 taken, %8 kept out\n"
                          "segments recomputed %9 times (%10 users moved)")
                           .arg(counted(c.decisions, tr("decision"), tr("decisions")))
                           .arg(m_decisionsPerSecond, 0, 'f', 1)
                           .arg(counted(c.clicks, tr("click"), tr("clicks")))
                           .arg(percent(ctr))
                           .arg(c.latencyQuantileSeconds(0.5) * 1000, 0, 'f', 3)
                           .arg(c.latencyQuantileSeconds(0.99) * 1000, 0, 'f', 3)
                           .arg(c.modelUpdates)
                           .arg(c.modelsRejected)
                           .arg(c.resegmentations)
                           .arg(c.usersMoved));
    const QString weights = m_engine->modelWeights();
    m_figures->setToolTip(weights.isEmpty() ? tr("Predicting with the project's click model")
                                            : tr("Predicting with the fine-tuned weights in %1")
                                                  .arg(QDir::toNativeSeparators(weights)));
}

void LivePage::showArms() {
    const std::vector<ArmState> arms = m_engine->arms();
    const QStringList segments = m_engine->segmentNames();
    const double strength = m_engine->settings().bandit.priorStrength;
    m_arms->setSortingEnabled(false);
    m_arms->setRowCount(int(arms.size()));
    for (int row = 0; row < int(arms.size()); ++row) {
        const ArmState& arm = arms[std::size_t(row)];
        const auto [low, high] = arm.stats.credibleInterval(strength);
        const double mean = arm.stats.posteriorMean(strength);
        const QString segment =
            arm.segment < segments.size() ? segments[arm.segment] : QString::number(arm.segment);
        m_arms->setItem(row, 0, new QTableWidgetItem(segment));
        m_arms->setItem(row, 1, new QTableWidgetItem(arm.creativeId));
        const std::pair<double, QString> cells[] = {
            {arm.stats.priorMean, percent(arm.stats.priorMean)},
            {arm.stats.settled, QString::number(arm.stats.settled, 'f', 0)},
            {arm.stats.clicks, QString::number(arm.stats.clicks, 'f', 0)},
            {mean, percent(mean)},
            {low, QStringLiteral("%1 – %2").arg(percent(low), percent(high))}};
        for (int i = 0; i < 5; ++i) {
            auto* item = new NumberItem(cells[i].second);
            item->setData(Qt::UserRole, cells[i].first);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_arms->setItem(row, 2 + i, item);
        }
    }
    m_arms->setSortingEnabled(true);
}

}  // namespace adstudio::ui
