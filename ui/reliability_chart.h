// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QtCharts/QChartView>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace adstudio::ui {

// The reliability diagram of a click model's test split: each bin's mean predicted probability
// against its observed click rate, beside the diagonal a calibrated model lies on.
class ReliabilityChart : public QChartView {
    Q_OBJECT
public:
    explicit ReliabilityChart(QWidget* parent = nullptr);
    // Draws metrics.json's "reliability" bins (and names its ECE); clears for other models.
    void setMetrics(const QJsonObject& metrics);
    int binCount() const;

private:
    QLineSeries* m_diagonal;
    QLineSeries* m_curve;
    QScatterSeries* m_bins;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

}  // namespace adstudio::ui
