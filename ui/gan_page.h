// SPDX-License-Identifier: MIT
#pragma once

#include "creative/creative_set.h"
#include "data/image_set.h"
#include "train/gan.h"

#include <QWidget>

#include <memory>

class QChart;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace adstudio::ui {

template <typename R>
class Job;

// Train the conditional GAN that draws the creatives' product visuals, with live D and G
// losses, a live sample grid (one row per class) and the quality scores per epoch. Trains on
// the images open on the Data page, the catalogue's own product pictures (the image role of the
// open tables) or the bundled product pictures.
class GanPage : public QWidget {
    Q_OBJECT
public:
    explicit GanPage(QWidget* parent = nullptr);
    ~GanPage() override;

    void setImages(std::shared_ptr<const ImageSet> images);  // null: the bundled pictures
    // The open tables' catalogue: its pictures become a choice when it has any.
    void setCatalogue(std::vector<CatalogueItem> catalogue);
    void setRunsFolder(const QString& folder);               // where runs are written
    void setSmallRun(int maxImages, int epochs, int width);  // tests and quick looks
    // Shows a finished run: its D/G losses per epoch, last sample grid and quality scores.
    void showRun(const QString& ganFolder);
    void start(bool resume = false);
    // Does what a failed run's error offers (a setting changed, a fresh start) and trains again.
    void applyRemedy(const Remedy& remedy);
    void cancel();
    bool isRunning() const;
    int lossPoints() const;
    QImage lastPreview() const { return m_preview; }
    QString currentRun() const { return m_currentRun; }

Q_SIGNALS:
    // A finished run; the project may adopt it for its creatives.
    void finished(bool ok, const QString& runFolder);
    // A run that failed (not one the user cancelled), for an error box that offers remedies.
    void failed(const Error& error);

private:
    GanConfig config() const;
    void onEvent(const TrainEvent& event);
    void onFinished(Result<GanReport> result);
    void showPreview(const QImage& grid);
    void refreshImageChoices();
    void setEpochRange(int epochs);
    void addRun(const QString& name, const QJsonObject& metrics);

    QComboBox* m_imagesChoice;
    QComboBox* m_resolution;
    QComboBox* m_loss;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QSpinBox* m_width;
    QSpinBox* m_maxImages;
    QCheckBox* m_flip;
    QPushButton* m_start;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QLabel* m_status;
    QLabel* m_quality;
    QLabel* m_grid;
    QListWidget* m_runs;
    QChart* m_chart;
    QLineSeries* m_dLoss;
    QLineSeries* m_gLoss;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QImage m_preview;
    std::shared_ptr<const ImageSet> m_images;
    std::vector<CatalogueItem> m_catalogue;  // items with a picture
    QString m_runsFolder, m_currentRun;
    Job<Result<GanReport>>* m_job;
};

}  // namespace adstudio::ui
