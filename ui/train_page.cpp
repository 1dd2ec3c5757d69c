// SPDX-License-Identifier: MIT
#include "train_page.h"

#include "job.h"
#include "reliability_chart.h"
#include "train/training_history.h"
#include "training_runs.h"

#include "common/atomic_file.h"
#include "train/compute_device.h"
#include "train/local_ranks.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QThread>
#include <QVBoxLayout>
#include <QtCharts>

#include <cmath>

namespace adstudio::ui {

TrainPage::TrainPage(QWidget* parent) : QWidget(parent) {
    m_model = new QComboBox(this);
    m_model->setObjectName("model");
    m_model->addItem("DeepFM (CTR logs)", "deepfm");
    m_model->addItem("NeuMF (implicit feedback)", "neumf");
    m_model->addItem("Matrix factorization with biases (implicit feedback)", "mf");
    m_model->addItem("EASE, closed form (implicit feedback)", "ease");
    m_model->addItem("EASE + what comes next (implicit feedback in time order)", "ease-seq");
    m_model->addItem("MLP (the article's network)", "mlp");
    m_model->addItem("Logistic regression", "lr");
    m_model->setToolTip(tr("DeepFM for tables with a click label; NeuMF for ratings or purchases"));
    // Each model starts from the rate that suits it (DeepFM on a click log: 3e-3).
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] { showSuitedLearningRate(); });
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 500);
    m_epochs->setValue(10);
    m_epochs->setToolTip(
        tr("Passes over the data; early stopping ends sooner when validation stalls"));
    m_batch = new QSpinBox(this);
    m_batch->setRange(8, 65536);
    m_batch->setValue(256);
    m_batch->setToolTip(tr("Examples per update"));
    m_lr = new QDoubleSpinBox(this);
    m_lr->setObjectName("learningRate");
    m_lr->setDecimals(5);
    m_lr->setRange(1e-5, 1);
    m_lr->setSingleStep(0.0005);
    m_lr->setValue(0.001);
    m_lr->setToolTip(tr("Adam's learning rate"));
    m_factors = new QSpinBox(this);
    m_factors->setRange(1, 256);
    m_factors->setValue(8);
    m_factors->setToolTip(tr("Embedding width per field (GMF factors for NeuMF)"));
    m_device = new QComboBox(this);
    m_device->addItem(tr("Auto (the GPU when there is one)"), "auto");
    m_device->addItem(tr("CPU"), "cpu");
    m_device->addItem(tr("GPU (CUDA)"), "cuda");
    if (!cudaAvailable()) {
        // Listed but not selectable: the build's LibTorch sees no GPU (docs/gpu.md).
        auto* items = qobject_cast<QStandardItemModel*>(m_device->model());
        if (items) items->item(2)->setEnabled(false);
        m_device->setItemData(2, tr("This LibTorch sees no GPU (Debian's is CPU-only)"),
                              Qt::ToolTipRole);
    }
    m_workers = new QSpinBox(this);
    m_workers->setObjectName("workers");
    m_workers->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_workers->setValue(1);
    m_workers->setToolTip(
        tr("Train in this many processes on this machine, one core each, gradients summed "
           "after every batch: the same model as one process. Small models may train slower "
           "(the run says how much time went to communication)."));
    m_start = new QPushButton(tr("Start"), this);
    m_start->setShortcut(QKeySequence(tr("Ctrl+T")));
    m_resume = new QPushButton(tr("Resume"), this);
    m_resume->setToolTip(tr("Continue the last run from its checkpoint up to Epochs"));
    m_resume->setEnabled(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_status = new QLabel(tr("Open data (Data page) or a project."), this);
    m_status->setWordWrap(true);
    m_runs = new QListWidget(this);
    m_runs->setToolTip(tr("Finished runs and their test metrics"));
    m_trialCount = new QSpinBox(this);
    m_trialCount->setRange(2, 200);
    m_trialCount->setValue(12);
    m_trialCount->setToolTip(tr("Settings to try; the first is the one above"));
    m_tune = new QPushButton(tr("Tune"), this);
    m_tune->setToolTip(
        tr("Search factors, learning rate, L2, negatives, batch size and dropout "
           "(EASE: its regularization) with a seeded random search; the best "
           "by validation is kept, the test split plays no part"));
    m_tune->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Factors"), m_factors);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Processes"), m_workers);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancel);
    auto* tuning = new QHBoxLayout;
    tuning->addWidget(new QLabel(tr("Trials"), this));
    tuning->addWidget(m_trialCount);
    tuning->addWidget(m_tune, 1);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addLayout(tuning);
    left->addWidget(m_status);
    left->addWidget(new QLabel(tr("Runs"), this));
    left->addWidget(m_runs, 1);

    m_chart = new QChart;
    m_loss = new QLineSeries;
    m_loss->setName(tr("training loss"));
    m_validation = new QLineSeries;
    m_validation->setName(tr("validation"));
    m_baseline = new QLineSeries;
    m_baseline->setName(tr("baseline"));
    QPen dashed(Qt::gray);
    dashed.setStyle(Qt::DashLine);
    dashed.setWidth(2);
    m_baseline->setPen(dashed);
    m_kept = new QScatterSeries;
    m_kept->setName(tr("kept model"));
    m_kept->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_kept->setMarkerSize(12);
    // Whole epochs on the x axis; loss and the ranking metric live on scales of their own.
    m_x = new QValueAxis;
    m_x->setTitleText(tr("epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_lossAxis = new QValueAxis;
    m_lossAxis->setTitleText(tr("training loss"));
    m_lossAxis->setRange(0, 1);
    m_metricAxis = new QValueAxis;
    m_metricAxis->setRange(0, 1);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_lossAxis, Qt::AlignLeft);
    m_chart->addAxis(m_metricAxis, Qt::AlignRight);
    m_chart->addSeries(m_loss);
    m_loss->attachAxis(m_x);
    m_loss->attachAxis(m_lossAxis);
    for (QXYSeries* s : {static_cast<QXYSeries*>(m_validation), static_cast<QXYSeries*>(m_baseline),
                         static_cast<QXYSeries*>(m_kept)}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_metricAxis);
    }
    setEpochRange(m_epochs->value());
    m_chart->setTitle(tr("Training"));
    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);

    m_reliability = new ReliabilityChart(this);
    m_trials = new QTableWidget(0, 5, this);
    m_trials->setHorizontalHeaderLabels(
        {tr("Trial"), tr("Settings"), tr("Validation"), tr("Best epoch"), tr("Seconds")});
    m_trials->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_trials->verticalHeader()->hide();
    m_trials->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_views = new QTabWidget(this);
    m_views->addTab(view, tr("Training"));
    m_views->addTab(m_reliability, tr("Calibration"));
    m_views->addTab(m_trials, tr("Trials"));

    auto* layout = new QHBoxLayout(this);
    auto* leftWidget = new QWidget(this);
    leftWidget->setLayout(left);
    leftWidget->setMaximumWidth(340);
    layout->addWidget(leftWidget);
    layout->addWidget(m_views, 1);

    m_job = new Job<Result<TrainReport>>(
        this, [this](Result<TrainReport> result) { onFinished(std::move(result)); });
    connect(m_start, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_resume, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_tune, &QPushButton::clicked, this, [this] { tune(m_trialCount->value()); });
    connect(m_cancel, &QPushButton::clicked, this, &TrainPage::cancel);
}

TrainPage::~TrainPage() {
    m_job->cancelAndWait();
}

void TrainPage::setSource(std::shared_ptr<const LoadedSource> source, DataSettings settings) {
    m_source = std::move(source);
    m_dataSettings = std::move(settings);
    const bool tables = m_source && m_source->tables;
    m_start->setEnabled(tables && !isRunning());
    m_tune->setEnabled(tables && !isRunning());
    if (tables) {
        const Dataset& log = m_source->tables->interactions;
        const bool labelled = log.findRole(ColumnRole::Label) != nullptr;
        const bool ids = log.findRole(ColumnRole::User) && log.findRole(ColumnRole::Item);
        m_model->setCurrentIndex(labelled ? 0 : 1);
        showSuitedLearningRate();
        m_status->setText(ids || !labelled
                              ? tr("Ready: %1 interactions.").arg(log.rowCount())
                              : tr("Ready: %1 impressions described by their fields alone (no "
                                   "user or item column): DeepFM, the MLP and logistic "
                                   "regression learn clicks from the fields; segments and "
                                   "creatives need user and item ids.")
                                    .arg(log.rowCount()));
    }
}

void TrainPage::showSuitedLearningRate() {
    RecommenderKind kind;
    if (!m_source || !m_source->tables ||
        !parseRecommenderKind(m_model->currentData().toString(), &kind))
        return;
    m_lr->setValue(RecommenderConfig::defaultOptimizer(kind, *m_source->tables).learningRate);
}

void TrainPage::setRunsFolder(const QString& folder) {
    m_runsFolder = folder;
}
bool TrainPage::isRunning() const {
    return m_job->isRunning();
}
QString TrainPage::statusText() const {
    return m_status->text();
}
void TrainPage::setEpochs(int epochs) {
    m_epochs->setValue(epochs);
}
int TrainPage::lossPoints() const {
    return m_loss->count();
}
int TrainPage::validationPoints() const {
    return m_validation->count();
}

void TrainPage::resetChart(const QString& metric, int epochs) {
    m_metric = metric;
    m_loss->clear();
    m_validation->clear();
    m_baseline->clear();
    m_kept->clear();
    m_kept->setName(tr("kept model"));
    m_keptEpoch = 0;
    const QString shown = metric == QLatin1String("auc") ? tr("AUC") : metric.toUpper();
    m_validation->setName(tr("validation %1").arg(shown));
    m_metricAxis->setTitleText(tr("validation %1").arg(shown));
    setEpochRange(epochs);
    m_lossAxis->setRange(0, 1);
    m_metricAxis->setRange(0, 1);
}

void TrainPage::keepFinishedEpochs() {
    // A resumed run redraws the epoch it was cancelled in: the curve keeps whole epochs only.
    const double done = m_validation->count() ? m_validation->at(m_validation->count() - 1).x() : 0;
    QList<QPointF> kept;
    for (const QPointF& p : m_loss->points())
        if (p.x() <= done) kept << p;
    m_loss->replace(kept);
    m_baseline->clear();
    m_kept->clear();
    m_keptEpoch = 0;
}

void TrainPage::setEpochRange(int epochs) {
    epochs = std::max(1, epochs);
    m_x->setRange(0, epochs);
    // About ten whole-epoch ticks, never a fraction of an epoch.
    m_x->setTickInterval(std::max(1, int(std::ceil(epochs / 10.0))));
}

void TrainPage::fitLossAxis() {
    double top = 0;
    for (const QPointF& p : m_loss->points()) top = std::max(top, p.y());
    m_lossAxis->setRange(0, top > 0 ? top * 1.1 : 1);
}

void TrainPage::markKeptEpoch(int epoch) {
    m_kept->clear();
    m_keptEpoch = 0;
    for (const QPointF& p : m_validation->points())
        if (int(std::lround(p.x())) == epoch) {
            m_kept->append(p);
            m_keptEpoch = epoch;
            m_kept->setName(tr("kept model (epoch %1)").arg(epoch));
        }
}

RecommenderConfig TrainPage::pageConfig() const {
    RecommenderConfig config = RecommenderConfig::defaultsFor(*m_source->tables);
    parseRecommenderKind(m_model->currentData().toString(), &config.model);
    config.layers = RecommenderConfig::defaultLayers(config.model);
    config.optimizer = RecommenderConfig::defaultOptimizer(config.model, *m_source->tables);
    config.epochs = m_epochs->value();
    config.batchSize = m_batch->value();
    config.optimizer.learningRate = m_lr->value();
    config.factors = m_factors->value();
    // Leave a core to the window (the event loop, the charts).
    config.threads = std::max(1, QThread::idealThreadCount() - 1);
    return config;
}

void TrainPage::start(bool resume) {
    startJob(resume, 0);
}

void TrainPage::tune(int trials) {
    startJob(false, std::max(1, trials));
}

int TrainPage::trialRows() const {
    return m_trials->rowCount();
}

void TrainPage::addTrial(const TuneTrial& trial) {
    const int row = m_trials->rowCount();
    m_trials->insertRow(row);
    const QStringList cells{
        QString::number(trial.index), describeTrialSettings(trial.settings),
        QString("%1 %2").arg(trial.validationMetric).arg(trial.validationScore, 0, 'f', 4),
        QString::number(trial.bestEpoch), QString::number(trial.seconds, 'f', 1)};
    for (int column = 0; column < cells.size(); ++column)
        m_trials->setItem(row, column, new QTableWidgetItem(cells[column]));
    m_trials->scrollToItem(m_trials->item(row, 0));
    // The next trial draws its own curves from epoch 1.
    m_loss->clear();
    m_validation->clear();
    m_status->setText(tr("Tuning: trial %1 done (validation %2 %3)…")
                          .arg(trial.index)
                          .arg(trial.validationMetric)
                          .arg(trial.validationScore, 0, 'f', 4));
}

void TrainPage::startJob(bool resume, int tuneTrials) {
    if (isRunning() || !m_source || !m_source->tables) return;
    if (resume && !hasCheckpoint(m_currentRun)) return;
    DevicePreference device = DevicePreference::Auto;
    parseDevicePreference(m_device->currentData().toString(), &device);
    // Several processes share the CPU's cores (their gradients meet on the CPU).
    const bool multiProcess = m_workers->value() > 1 && tuneTrials == 0;
    if (multiProcess && device == DevicePreference::Cuda) {
        m_status->setText(
            tr("Several processes train on the CPU: choose CPU, or 1 process "
               "for the GPU."));
        return;
    }
    if (multiProcess) device = DevicePreference::Cpu;
    m_runningWorkers = 1;
    if (Status set = setDevicePreference(device); !set) {
        m_status->setText(set.error().toString());
        return;
    }
    const RecommenderConfig config = pageConfig();
    if (resume) {
        keepFinishedEpochs();
        setEpochRange(config.epochs);
    } else {
        m_currentRun = newRunFolder(m_runsFolder, recommenderKindName(config.model));
        const bool labelled = m_source->tables->interactions.findRole(ColumnRole::Label) != nullptr;
        resetChart(labelled ? "auc" : "hr@10", config.epochs);
    }
    const TrainCallback callback = queuedTrainCallback(this, &TrainPage::onEvent);
    auto source = m_source;
    const QString out = m_currentRun;
    if (tuneTrials > 0) {
        m_trials->setRowCount(0);
        m_views->setCurrentWidget(m_trials);
        QPointer<TrainPage> self(this);
        const TrialCallback onTrial = [self](const TuneTrial& trial) {
            QMetaObject::invokeMethod(
                self,
                [self, trial] {
                    if (self) self->addTrial(trial);
                },
                Qt::QueuedConnection);
        };
        m_job->start([source, config, out, tuneTrials, callback, onTrial](const JobContext& job) {
            return tuneRecommender(*source->tables, config, tuneTrials, out, job, callback,
                                   onTrial);
        });
    } else {
        RecommenderConfig shared = config;
        QStringList rankArguments;
        if (multiProcess && !isClosedForm(config.model)) {
            auto prepared = prepareWorkerRanks(&shared, resume);
            if (!prepared) {
                m_status->setText(prepared.error().toString());
                return;
            }
            rankArguments = *prepared;
        }
        m_runningWorkers = shared.distributed.worldSize;
        QPointer<TrainPage> self(this);
        m_job->start([source, shared, out, resume, callback, rankArguments,
                      self](const JobContext& job) -> Result<TrainReport> {
            // The other ranks are made and waited for on this worker thread (QProcess).
            LocalRanks ranks;
            const DistributedSettings& d = shared.distributed;
            if (d.active()) {
                if (const QString busy = busyCoresWarning(d.worldSize); !busy.isEmpty()) {
                    QMetaObject::invokeMethod(
                        self,
                        [self, busy] {
                            if (self) self->m_status->setText(self->m_status->text() + " " + busy);
                        },
                        Qt::QueuedConnection);
                }
                job.report({QObject::tr("starting %1 processes").arg(d.worldSize), -1, 0, 0});
                auto started =
                    LocalRanks::start(commandLineProgram(), rankArguments, d, shared.threads);
                if (!started) return started.error();
                ranks = std::move(started.value());
            }
            auto report = trainRecommender(*source->tables, shared, out, resume, job, callback);
            if (!report) return ranks.stopAfter(report.error());
            if (Status ended = ranks.finish(); !ended) return ended.error();
            return report;
        });
    }
    m_start->setEnabled(false);
    m_tune->setEnabled(false);
    m_resume->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tuneTrials > 0
                          ? tr("Tuning %1: %2 trials…").arg(m_model->currentText()).arg(tuneTrials)
                      : resume ? tr("Resuming %1…").arg(m_model->currentText())
                               : tr("Training %1…").arg(m_model->currentText()));
}

Result<QStringList> TrainPage::prepareWorkerRanks(RecommenderConfig* config, bool resume) const {
    // The ranks reload the data the way this page got it and train the same settings.
    const QDir run(m_currentRun);
    const QString settingsFile = run.filePath("ranks/config.json");
    const QString dataFile = run.filePath("ranks/data-settings.json");
    if (!run.mkpath("ranks"))
        return makeError(run.path(), 0, 0, "cannot create the folder", "check permissions");
    config->threads = 1;
    if (Status s = writeJsonFile(settingsFile, config->toJson()); !s) return s.error();
    if (Status s = writeJsonFile(dataFile, m_dataSettings.toJson()); !s) return s.error();
    config->distributed.worldSize = m_workers->value();
    config->distributed.storeFile = run.filePath(".rendezvous");
    QStringList arguments{"train",    "--data",   m_source->path, "--data-settings",
                          dataFile,   "--config", settingsFile,   "--out",
                          run.path(), "--device", "cpu"};
    if (resume) arguments << "--resume";
    return arguments;
}

void TrainPage::cancel() {
    m_job->cancel();
}

void TrainPage::onEvent(const TrainEvent& e) {
    if (e.phase != "train") {
        m_status->setText(tr("%1: epoch %2/%3").arg(e.phase).arg(e.epoch).arg(e.epochs));
        return;
    }
    const double x = (e.epoch - 1) + double(e.batch) / double(std::max<qint64>(1, e.batches));
    m_loss->append(x, e.loss);
    if (e.loss > m_lossAxis->max()) m_lossAxis->setMax(e.loss * 1.1);
    if (e.epochEnd) {
        const auto it = e.values.find("val_" + m_metric);
        if (it != e.values.end()) m_validation->append(e.epoch, it->second);
    }
    QString speed = tr("%1 samples/s").arg(e.samplesPerSecond, 0, 'f', 0);
    if (m_runningWorkers > 1)
        speed += tr(" (%1 processes, %2 each)")
                     .arg(m_runningWorkers)
                     .arg(e.samplesPerSecond / m_runningWorkers, 0, 'f', 0);
    m_status->setText(tr("epoch %1/%2 · batch %3/%4 · loss %5 · %6")
                          .arg(e.epoch)
                          .arg(e.epochs)
                          .arg(e.batch)
                          .arg(e.batches)
                          .arg(e.loss, 0, 'f', 4)
                          .arg(speed));
}

void TrainPage::addBaseline(const QJsonObject& metrics) {
    const QString key = m_metric == "auc" ? "lr_auc" : "itempop_" + m_metric;
    if (!metrics.contains(key)) return;
    const double y = metrics.value(key).toDouble();
    m_baseline->setName(tr("baseline %1").arg(key));
    m_baseline->replace({QPointF(0, y), QPointF(m_x->max(), y)});
}

namespace {

// Where the run's AUC or HR@10 and its baseline sit, with room above and below.
void fitMetricAxis(QValueAxis* axis, const QList<QPointF>& a, const QList<QPointF>& b) {
    double low = 1, high = 0;
    for (const auto* points : {&a, &b})
        for (const QPointF& p : *points) low = std::min(low, p.y()), high = std::max(high, p.y());
    if (high < low) return;
    const double pad = std::max(0.02, (high - low) * 0.15);
    axis->setRange(std::max(0.0, low - pad), std::min(1.0, high + pad));
}

}  // namespace

void TrainPage::onFinished(Result<TrainReport> result) {
    m_start->setEnabled(m_source && m_source->tables);
    m_tune->setEnabled(m_source && m_source->tables);
    m_resume->setEnabled(hasCheckpoint(m_currentRun));
    m_cancel->setEnabled(false);
    if (!result.ok()) {
        m_status->setText(result.error().cancelled ? cancelledRunMessage(m_currentRun)
                                                   : result.error().toString());
        if (!result.error().cancelled) Q_EMIT failed(result.error());
        Q_EMIT finished(false);
        return;
    }
    const QJsonObject& m = result.value().metrics;
    m_reliability->setMetrics(m);
    if (m.contains("tuning")) {
        // The kept trial's curves (the chart showed the last trial's) and its test figures.
        showRun(m_currentRun);
        const QJsonObject tuning = m.value("tuning").toObject();
        m_status->setText(tr("Tuned: trial %1 of %2 kept, best by validation %3; test %4 %5. "
                             "The Trials tab lists every trial (trials.csv in the run folder).")
                              .arg(tuning.value("best_trial").toInt())
                              .arg(tuning.value("trials").toInt())
                              .arg(tuning.value("by").toString())
                              .arg(m_metric)
                              .arg(m.value(m_metric).toDouble(), 0, 'f', 4));
        Q_EMIT finished(true);
        return;
    }
    addBaseline(m);
    // The run may have stopped early: the axis ends at the last epoch run.
    setEpochRange(m.value("epochs_run").toInt(m_epochs->value()));
    if (!m_baseline->points().isEmpty())
        m_baseline->replace(
            {QPointF(0, m_baseline->at(0).y()), QPointF(m_x->max(), m_baseline->at(0).y())});
    markKeptEpoch(m.value("best_epoch").toInt());
    fitLossAxis();
    fitMetricAxis(m_metricAxis, m_validation->points(), m_baseline->points());
    const QString summary = m_metric == "auc"
                                ? QString("test AUC %1 (LR %2), calibration error %3")
                                      .arg(m.value("auc").toDouble(), 0, 'f', 4)
                                      .arg(m.value("lr_auc").toDouble(), 0, 'f', 4)
                                      .arg(m.value("ece").toDouble(), 0, 'f', 4)
                                : QString("test HR@10 %1 (ItemPop %2)")
                                      .arg(m.value("hr@10").toDouble(), 0, 'f', 4)
                                      .arg(m.value("itempop_hr@10").toDouble(), 0, 'f', 4);
    QString where = m.value("device").toString();
    if (m.value("world_size").toInt(1) > 1)
        where +=
            QString(" × %1 processes, %2 samples/s each, %3% communicating")
                .arg(m.value("world_size").toInt())
                .arg(m.value("samples_per_s").toDouble() / m.value("world_size").toInt(), 0, 'f', 0)
                .arg(100 * m.value("communication_seconds").toDouble() /
                         std::max(1e-9, m.value("train_seconds").toDouble()),
                     0, 'f', 0);
    m_runs->addItem(
        QString("%1 · %2 · %3").arg(QFileInfo(m_currentRun).fileName(), summary, where));
    m_status->setText(m_keptEpoch > 0 ? tr("Done: %1; kept the weights of epoch %2 of %3 (best on "
                                           "validation)")
                                            .arg(summary)
                                            .arg(m_keptEpoch)
                                            .arg(m.value("epochs_run").toInt())
                                      : tr("Done: %1").arg(summary));
    Q_EMIT finished(true);
}

void TrainPage::showRun(const QString& modelFolder) {
    auto metrics = readJsonFile(QDir(modelFolder).filePath("metrics.json"), {});
    const auto history = readHistoryCsv(QDir(modelFolder).filePath("history.csv"));
    if (!metrics || !history) return;
    const bool ctr = metrics->value("task").toString() == "ctr";
    m_reliability->setMetrics(*metrics);
    resetChart(ctr ? "auc" : "hr@10", metrics->value("epochs_run").toInt(1));
    const std::vector<double> epochNumbers = history->column("epoch");
    const std::vector<double> loss = history->column("loss");
    const std::vector<double> validation = history->column("val_" + m_metric);
    int epochs = 0;
    for (std::size_t row = 0; row < epochNumbers.size(); ++row) {
        epochs = int(epochNumbers[row]);
        if (!loss.empty()) m_loss->append(epochs, loss[row]);
        if (!validation.empty()) m_validation->append(epochs, validation[row]);
    }
    setEpochRange(epochs);
    addBaseline(*metrics);
    markKeptEpoch(metrics->value("best_epoch").toInt());
    fitLossAxis();
    fitMetricAxis(m_metricAxis, m_validation->points(), m_baseline->points());
    m_runs->addItem(QString("%1 · %2 %3 · %4")
                        .arg(QFileInfo(modelFolder).fileName(), m_metric)
                        .arg(metrics->value(m_metric).toDouble(), 0, 'f', 4)
                        .arg(metrics->value("device").toString("cpu")));
}

void TrainPage::applyRemedy(const Remedy& remedy) {
    if (isRunning()) return;
    if (remedy.kind == Remedy::Kind::SetSetting) {
        if (remedy.column == QLatin1String("batch_size"))
            m_batch->setValue(remedy.value.toInt());
        else if (remedy.column == QLatin1String("epochs"))
            m_epochs->setValue(remedy.value.toInt());
        else
            return;
    } else if (remedy.kind != Remedy::Kind::StartAfresh) {
        return;
    }
    start();
}

}  // namespace adstudio::ui
