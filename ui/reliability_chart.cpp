// SPDX-License-Identifier: MIT
#include "reliability_chart.h"

#include <QJsonArray>
#include <QtCharts>

#include <algorithm>

namespace adstudio::ui {

ReliabilityChart::ReliabilityChart(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    m_diagonal = new QLineSeries;
    m_diagonal->setName(tr("perfectly calibrated"));
    QPen dashed(Qt::gray);
    dashed.setStyle(Qt::DashLine);
    m_diagonal->setPen(dashed);
    m_curve = new QLineSeries;
    m_curve->setName(tr("model (test split)"));
    m_bins = new QScatterSeries;
    m_bins->setName(tr("bins of equal count"));
    m_bins->setMarkerSize(9);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("predicted click probability"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("observed click rate"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QXYSeries* s : {static_cast<QXYSeries*>(m_diagonal), static_cast<QXYSeries*>(m_curve),
                         static_cast<QXYSeries*>(m_bins)}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    chart->setTitle(tr("Calibration: train a click model to see it"));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
}

void ReliabilityChart::setMetrics(const QJsonObject& metrics) {
    m_curve->clear();
    m_bins->clear();
    m_diagonal->clear();
    const QJsonArray bins = metrics.value("reliability").toArray();
    if (bins.isEmpty()) {
        chart()->setTitle(tr("Calibration: shown for click models (a 0/1 label)"));
        return;
    }
    // Click probabilities crowd near zero: the axes end just past the largest bin.
    double top = 0;
    for (const auto& value : bins) {
        const QJsonObject bin = value.toObject();
        const QPointF point(bin.value("predicted").toDouble(), bin.value("observed").toDouble());
        m_curve->append(point);
        m_bins->append(point);
        top = std::max({top, point.x(), point.y()});
    }
    top = std::min(1.0, top * 1.1 + 0.01);
    m_diagonal->append(0, 0);
    m_diagonal->append(top, top);
    m_x->setRange(0, top);
    m_y->setRange(0, top);
    chart()->setTitle(tr("Calibration on the test split: expected calibration error %1")
                          .arg(metrics.value("ece").toDouble(), 0, 'f', 4));
}

int ReliabilityChart::binCount() const {
    return m_bins->count();
}

}  // namespace adstudio::ui
