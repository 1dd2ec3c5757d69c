// SPDX-License-Identifier: MIT
#include "segments_page.h"

#include "job.h"
#include "project_session.h"
#include "segment_table_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts>

namespace adstudio::ui {

SegmentsPage::SegmentsPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_chart = new QChart;
    m_chart->setTitle(tr("Users by segment (PCA of their predicted category affinities)"));
    auto* chartView = new QChartView(m_chart, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    m_table = new SegmentTableModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_table);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_k = new QSpinBox(this);
    m_k->setRange(1, 20);
    m_k->setSpecialValueText(tr("auto"));  // 1 stands for "choose k by silhouette"
    m_k->setToolTip(
        tr("Number of segments (auto: the best silhouette for k in 3..8); "
           "Re-segment re-runs k-means on the project's users"));
    m_apply = new QPushButton(tr("Re-segment"), this);
    m_status = new QLabel(this);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("k"), this));
    controls->addWidget(m_k);
    controls->addWidget(m_apply);
    controls->addWidget(m_status, 1);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->addLayout(controls);
    bottomLayout->addWidget(m_view);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(chartView);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_job = new Job<Result<Segmentation>>(this, [this](Result<Segmentation> result) {
        m_apply->setEnabled(true);
        if (!result.ok()) {
            m_status->setText(result.error().toString());
            Q_EMIT resegmented(false);
            return;
        }
        const Status saved = m_session->replaceSegments(result.value());
        m_status->setText(saved ? tr("k = %1, silhouette %2")
                                      .arg(result.value().k)
                                      .arg(result.value().silhouette, 0, 'f', 3)
                                : saved.error().toString());
        Q_EMIT resegmented(saved.ok());
    });
    connect(m_apply, &QPushButton::clicked, this, [this] { resegment(m_k->value()); });
    connect(session, &ProjectSession::opened, this, &SegmentsPage::refresh);
    connect(session, &ProjectSession::segmentsChanged, this, &SegmentsPage::refresh);
    // A newly trained recommender makes the old segments stale: segment its users afresh.
    connect(session, &ProjectSession::modelChanged, this, [this] { resegment(0); });
}

SegmentsPage::~SegmentsPage() {
    m_job->cancelAndWait();
}

bool SegmentsPage::isRunning() const {
    return m_job->isRunning();
}

int SegmentsPage::plottedUsers() const {
    int n = 0;
    for (auto* s : m_chart->series()) n += static_cast<QScatterSeries*>(s)->count();
    return n;
}

void SegmentsPage::resegment(int k) {
    auto model = m_session->model();
    if (!model || isRunning()) return;
    m_apply->setEnabled(false);
    m_status->setText(tr("Segmenting…"));
    SegmentationOptions options;
    options.k = k > 1 ? k : 0;
    m_job->start([model, options](const JobContext&) { return segmentUsers(*model, options); });
}

void SegmentsPage::refresh() {
    m_chart->removeAllSeries();
    for (auto* axis : m_chart->axes()) m_chart->removeAxis(axis);
    const auto profiles = m_session->profiles();
    m_table->setProfiles(profiles);
    m_view->resizeColumnsToContents();
    m_k->setValue(std::max(1, int(profiles.size())));
    std::vector<QList<QPointF>> points(profiles.size());
    for (const UserPlacement& u : m_session->segments().users)
        if (u.segment >= 0 && u.segment < int(points.size()))
            points[std::size_t(u.segment)].append(QPointF(u.x, u.y));
    auto* x = new QValueAxis;
    auto* y = new QValueAxis;
    x->setTitleText(tr("map 1"));
    y->setTitleText(tr("map 2"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    double minX = 0, maxX = 0, minY = 0, maxY = 0;
    for (std::size_t s = 0; s < profiles.size(); ++s) {
        auto* series = new QScatterSeries;
        series->setName(QString("%1 (%2)").arg(profiles[s].name).arg(profiles[s].size));
        series->setMarkerSize(6);
        series->setBorderColor(Qt::transparent);
        series->replace(points[s]);  // one replace per update, not an append per point
        for (const QPointF& p : points[s]) {
            minX = std::min(minX, p.x()), maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y()), maxY = std::max(maxY, p.y());
        }
        const QString name = profiles[s].name;
        connect(series, &QScatterSeries::hovered, this, [name](const QPointF& p, bool state) {
            if (state)
                QToolTip::showText(
                    QCursor::pos(),
                    QString("%1\n(%2, %3)").arg(name).arg(p.x(), 0, 'f', 2).arg(p.y(), 0, 'f', 2));
        });
        m_chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    x->setRange(minX - 0.5, maxX + 0.5);
    y->setRange(minY - 0.5, maxY + 0.5);
    m_status->setText(tr("%1 segments, silhouette %2")
                          .arg(profiles.size())
                          .arg(m_session->segments().silhouette, 0, 'f', 3));
}

}  // namespace adstudio::ui
