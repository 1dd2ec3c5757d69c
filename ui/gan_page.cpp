// SPDX-License-Identifier: MIT
#include "gan_page.h"

#include "job.h"
#include "train/training_history.h"
#include "training_runs.h"

#include "common/atomic_file.h"
#include "data/demo_world.h"
#include "pipeline/catalogue_images.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <QtCharts>

#include <cmath>

namespace adstudio::ui {
namespace {

QString qualitySummary(const QJsonObject& m) {
    return GanPage::tr("consistency %1 · Fréchet %2 (floor %3) · diversity %4")
        .arg(m.value("class_consistency").toDouble(), 0, 'f', 3)
        .arg(m.value("frechet").toDouble(), 0, 'f', 1)
        .arg(m.value("frechet_real_floor").toDouble(), 0, 'f', 2)
        .arg(m.value("diversity").toDouble(), 0, 'f', 2);
}

// Consistency per class, for a tooltip: the mean can hide one class drawn badly.
QString perClassSummary(const QJsonObject& m) {
    const QJsonObject byClass = m.value("class_consistency_by_class").toObject();
    if (byClass.isEmpty()) return {};  // runs written before it was measured
    QStringList parts;
    for (auto it = byClass.begin(); it != byClass.end(); ++it)
        parts << QString("%1 %2").arg(it.key()).arg(it.value().toDouble(), 0, 'f', 2);
    return GanPage::tr("Class consistency by class: %1").arg(parts.join(" · "));
}

}  // namespace

GanPage::GanPage(QWidget* parent) : QWidget(parent) {
    m_imagesChoice = new QComboBox(this);
    m_imagesChoice->addItem(tr("Bundled product pictures (10 classes)"), "bundled");
    m_imagesChoice->setToolTip(
        tr("A catalogue with an image column offers the shop's own pictures; an image folder "
           "(one sub-folder per class) or an IDX file opened on the Data page offers those"));
    m_resolution = new QComboBox(this);
    for (int r : {32, 64, 128}) m_resolution->addItem(QString("%1×%1").arg(r), r);
    m_resolution->setToolTip(tr("Generated image size; 64 and 128 cost 4x and 16x the time"));
    m_loss = new QComboBox(this);
    m_loss->addItem(tr("Hinge"), "hinge");
    m_loss->addItem(tr("Non-saturating BCE"), "bce");
    m_loss->setToolTip(tr("Hinge suits the spectrally normalized discriminator"));
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(4);
    m_epochs->setToolTip(tr("Passes over the images; Resume adds more to a finished run"));
    m_batch = new QSpinBox(this);
    m_batch->setRange(2, 1024);
    m_batch->setValue(32);
    m_batch->setToolTip(tr("Images per update"));
    m_width = new QSpinBox(this);
    m_width->setRange(4, 256);
    m_width->setValue(32);
    m_width->setToolTip(tr("Channels of the widest layer at 32×32: capacity against speed"));
    m_maxImages = new QSpinBox(this);
    m_maxImages->setRange(0, 10'000'000);
    m_maxImages->setValue(10000);
    m_maxImages->setSpecialValueText(tr("all"));
    m_maxImages->setToolTip(tr("Train on the first N images (0: all)"));
    m_flip = new QCheckBox(tr("Mirror images at random"), this);
    m_flip->setToolTip(
        tr("Only for products that look the same mirrored: shoes that all face "
           "one way would be drawn facing both ways"));
    m_start = new QPushButton(tr("Start"), this);
    m_start->setShortcut(QKeySequence(tr("Ctrl+G")));
    m_resume = new QPushButton(tr("Resume"), this);
    m_resume->setToolTip(tr("Continue the last run from its checkpoint up to Epochs"));
    m_resume->setEnabled(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_status = new QLabel(tr("Ready."), this);
    m_status->setWordWrap(true);
    m_quality = new QLabel(this);
    m_quality->setWordWrap(true);
    m_runs = new QListWidget(this);
    m_runs->setToolTip(tr("Finished runs and their quality scores"));

    auto* form = new QFormLayout;
    form->addRow(tr("Images"), m_imagesChoice);
    form->addRow(tr("Resolution"), m_resolution);
    form->addRow(tr("Loss"), m_loss);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Width"), m_width);
    form->addRow(tr("Max images"), m_maxImages);
    form->addRow(QString(), m_flip);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addWidget(m_status);
    left->addWidget(m_quality);
    left->addWidget(new QLabel(tr("Runs"), this));
    left->addWidget(m_runs, 1);
    auto* leftWidget = new QWidget(this);
    leftWidget->setLayout(left);
    leftWidget->setMaximumWidth(340);

    m_chart = new QChart;
    m_dLoss = new QLineSeries;
    m_dLoss->setName(tr("discriminator loss"));
    m_gLoss = new QLineSeries;
    m_gLoss->setName(tr("generator loss"));
    m_x = new QValueAxis;
    m_x->setTitleText(tr("epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_y = new QValueAxis;
    m_y->setTitleText(tr("loss"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* s : {m_dLoss, m_gLoss}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_chart->setTitle(tr("GAN losses"));
    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    m_grid =
        new QLabel(tr("The sample grid appears here while training: one row per class."), this);
    m_grid->setAlignment(Qt::AlignCenter);
    m_grid->setMinimumWidth(280);
    m_grid->setWordWrap(true);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftWidget);
    layout->addWidget(view, 1);
    layout->addWidget(m_grid);

    m_job = new Job<Result<GanReport>>(
        this, [this](Result<GanReport> result) { onFinished(std::move(result)); });
    connect(m_start, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_resume, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_cancel, &QPushButton::clicked, this, &GanPage::cancel);
}

GanPage::~GanPage() {
    m_job->cancelAndWait();
}

void GanPage::setImages(std::shared_ptr<const ImageSet> images) {
    m_images = std::move(images);
    refreshImageChoices();
}

void GanPage::setCatalogue(std::vector<CatalogueItem> catalogue) {
    m_catalogue.clear();
    for (CatalogueItem& item : catalogue)
        if (!item.imagePath.isEmpty()) m_catalogue.push_back(std::move(item));
    refreshImageChoices();
}

// The open images first, then the shop's own pictures, then the bundled ones.
void GanPage::refreshImageChoices() {
    QSignalBlocker block(m_imagesChoice);
    m_imagesChoice->clear();
    m_imagesChoice->addItem(tr("Bundled product pictures (10 classes)"), "bundled");
    if (!m_catalogue.empty()) {
        QSet<QString> categories;
        for (const CatalogueItem& item : m_catalogue) categories.insert(item.category);
        m_imagesChoice->addItem(tr("The catalogue's product pictures: %1 items, %2 categories")
                                    .arg(m_catalogue.size())
                                    .arg(categories.size()),
                                "catalogue");
    }
    if (m_images)
        m_imagesChoice->addItem(tr("Open images: %1 of %2×%3, %4 classes")
                                    .arg(m_images->count)
                                    .arg(m_images->width)
                                    .arg(m_images->height)
                                    .arg(m_images->classNames.size()),
                                "images");
    m_imagesChoice->setCurrentIndex(m_imagesChoice->count() - 1);
}

void GanPage::setEpochRange(int epochs) {
    epochs = std::max(1, epochs);
    m_x->setRange(0, epochs);
    m_x->setTickInterval(std::max(1, int(std::ceil(epochs / 10.0))));
}

void GanPage::setRunsFolder(const QString& folder) {
    m_runsFolder = folder;
}

void GanPage::setSmallRun(int maxImages, int epochs, int width) {
    m_maxImages->setValue(maxImages);
    m_epochs->setValue(epochs);
    m_width->setValue(width);
}

bool GanPage::isRunning() const {
    return m_job->isRunning();
}

int GanPage::lossPoints() const {
    return m_dLoss->count();
}

GanConfig GanPage::config() const {
    GanConfig config = GanConfig::forCreatives(false);
    config.resolution = m_resolution->currentData().toInt();
    config.loss = m_loss->currentData().toString();
    config.epochs = m_epochs->value();
    config.batchSize = m_batch->value();
    config.width = m_width->value();
    config.maxImages = m_maxImages->value();
    config.flip = m_flip->isChecked();
    // Leave a core to the window (the event loop, the charts).
    config.threads = std::max(1, QThread::idealThreadCount() - 1);
    config.previewSeconds = 2;
    return config;
}

void GanPage::start(bool resume) {
    if (isRunning()) return;
    if (resume && m_currentRun.isEmpty()) return;
    const GanConfig config = this->config();
    if (!resume) {
        m_currentRun = newRunFolder(m_runsFolder, "gan");
        m_dLoss->clear();
        m_gLoss->clear();
        m_y->setRange(0, 2);
        m_quality->clear();
    }
    setEpochRange(config.epochs);
    const TrainCallback callback = queuedTrainCallback(this, &GanPage::onEvent);
    const QString choice = m_imagesChoice->currentData().toString();
    const auto images = choice == QLatin1String("images") ? m_images : nullptr;
    const auto catalogue =
        choice == QLatin1String("catalogue") ? m_catalogue : std::vector<CatalogueItem>{};
    const QString out = m_currentRun;
    m_job->start([images, catalogue, config, out, resume,
                  callback](const JobContext& job) -> Result<GanReport> {
        if (images) return trainGan(*images, config, out, resume, job, callback);
        if (!catalogue.empty()) {
            auto pictures = catalogueImages(catalogue, 64, 8, job);
            if (!pictures) return pictures.error();
            if (!*pictures)
                return makeError(out, 0, 0,
                                 "the catalogue has fewer than 8 pictures in each of 2 categories",
                                 "train on the bundled pictures, or add product pictures");
            return trainGan(**pictures, config, out, resume, job, callback);
        }
        auto bundled = embeddedProductImages();
        if (!bundled) return bundled.error();
        return trainGan(*bundled, config, out, resume, job, callback);
    });
    m_start->setEnabled(false);
    m_resume->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(resume ? tr("Resuming…") : tr("Preparing the images and the scorer…"));
}

void GanPage::cancel() {
    m_job->cancel();
}

void GanPage::onEvent(const TrainEvent& e) {
    if (!e.preview.isNull()) showPreview(e.preview);
    const double x = (e.epoch - 1) + double(e.batch) / double(std::max<qint64>(1, e.batches));
    const double d = e.values.count("d_loss") ? e.values.at("d_loss") : e.loss;
    const double g = e.values.count("g_loss") ? e.values.at("g_loss") : 0;
    m_dLoss->append(x, d);
    m_gLoss->append(x, g);
    // Grow the axis to the losses seen so far, never shrink it mid-run (no jumping curves).
    m_y->setRange(std::min(m_y->min(), std::floor(std::min(d, g))),
                  std::max(m_y->max(), std::ceil(std::max(d, g))));
    if (e.epochEnd && e.values.count("class_consistency"))
        m_quality->setText(tr("Epoch %1: class consistency %2 · Fréchet %3 · diversity %4")
                               .arg(e.epoch)
                               .arg(e.values.at("class_consistency"), 0, 'f', 3)
                               .arg(e.values.at("frechet"), 0, 'f', 1)
                               .arg(e.values.at("diversity"), 0, 'f', 2));
    m_status->setText(tr("epoch %1/%2 · batch %3/%4 · D %5 · G %6 · %7 images/s")
                          .arg(e.epoch)
                          .arg(e.epochs)
                          .arg(e.batch)
                          .arg(e.batches)
                          .arg(d, 0, 'f', 3)
                          .arg(g, 0, 'f', 3)
                          .arg(e.samplesPerSecond, 0, 'f', 0));
}

void GanPage::showPreview(const QImage& grid) {
    m_preview = grid;
    const int scale = std::max(1, 320 / std::max(1, grid.width()));
    m_grid->setPixmap(QPixmap::fromImage(
        grid.scaled(grid.size() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)));
}

void GanPage::showRun(const QString& ganFolder) {
    const QDir dir(ganFolder);
    auto metrics = readJsonFile(dir.filePath("metrics.json"), {});
    const auto history = readHistoryCsv(dir.filePath("history.csv"));
    if (!metrics || !history) return;
    m_currentRun = ganFolder;
    QList<QPointF> d, g;
    const std::vector<double> epochs = history->column("epoch");
    const std::vector<double> dLoss = history->column("d_loss"), gLoss = history->column("g_loss");
    double low = 0, high = 1;
    for (std::size_t row = 0; row < epochs.size() && !dLoss.empty() && !gLoss.empty(); ++row) {
        d.append({epochs[row], dLoss[row]});
        g.append({epochs[row], gLoss[row]});
        for (const QPointF& p : {d.back(), g.back()})
            low = std::min(low, std::floor(p.y())), high = std::max(high, std::ceil(p.y()));
    }
    m_dLoss->replace(d);
    m_gLoss->replace(g);
    setEpochRange(int(d.size()));
    m_y->setRange(low, high);
    if (QDir samples(dir.filePath("samples")); samples.exists()) {
        const QStringList files = samples.entryList({"epoch_*.png"}, QDir::Files, QDir::Name);
        if (!files.isEmpty()) showPreview(QImage(samples.filePath(files.back())));
    }
    m_quality->setText(qualitySummary(*metrics));
    addRun(dir.dirName(), *metrics);
    m_resume->setEnabled(true);
}

// A finished run in the list; it and the quality line carry the per-class consistency.
void GanPage::addRun(const QString& name, const QJsonObject& metrics) {
    const QString perClass = perClassSummary(metrics);
    m_quality->setToolTip(perClass);
    m_runs->addItem(QString("%1 · %2").arg(name, qualitySummary(metrics)));
    m_runs->item(m_runs->count() - 1)->setToolTip(perClass);
}

void GanPage::onFinished(Result<GanReport> result) {
    m_start->setEnabled(true);
    m_cancel->setEnabled(false);
    m_resume->setEnabled(hasCheckpoint(m_currentRun));
    if (!result.ok()) {
        m_status->setText(result.error().cancelled ? cancelledRunMessage(m_currentRun)
                                                   : result.error().toString());
        if (!result.error().cancelled) Q_EMIT failed(result.error());
        Q_EMIT finished(false, m_currentRun);
        return;
    }
    const QJsonObject& metrics = result.value().metrics;
    addRun(QFileInfo(m_currentRun).fileName(), metrics);
    m_status->setText(tr("Done: %1").arg(qualitySummary(metrics)));
    Q_EMIT finished(true, m_currentRun);
}

void GanPage::applyRemedy(const Remedy& remedy) {
    if (isRunning()) return;
    if (remedy.kind == Remedy::Kind::SetSetting) {
        const int value = remedy.value.toInt();
        if (remedy.column == QLatin1String("batch_size"))
            m_batch->setValue(value);
        else if (remedy.column == QLatin1String("epochs"))
            m_epochs->setValue(value);
        else if (remedy.column == QLatin1String("resolution"))
            m_resolution->setCurrentIndex(std::max(0, m_resolution->findData(value)));
        else
            return;
    } else if (remedy.kind != Remedy::Kind::StartAfresh) {
        return;
    }
    start(false);
}

}  // namespace adstudio::ui
