// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "columns_panel.h"
#include "creatives_page.h"
#include "dataset_table_model.h"
#include "export_page.h"
#include "gan_page.h"
#include "project_session.h"
#include "segments_page.h"
#include "simulate_dialog.h"
#include "stats_table_model.h"
#include "train_page.h"

#include "common/atomic_file.h"
#include "common/folder_copy.h"
#include "data/demo_world.h"
#include "data/stats.h"
#include "system/about.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <atomic>

namespace adstudio::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("AdStudio"));
    m_tableModel = new DatasetTableModel(this);
    m_statsModel = new StatsTableModel(this);
    m_session = new ProjectSession(this);
    m_undo = new QUndoStack(this);
    m_watcher = new QFutureWatcher<std::shared_ptr<Result<LoadedSource>>>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &MainWindow::onLoadFinished);
    m_copyWatcher = new QFutureWatcher<Status>(this);
    buildUi();
    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    if (!settings.contains("window/geometry")) resize(1200, 760);
}

MainWindow::~MainWindow() {
    QSettings().setValue("window/geometry", saveGeometry());
    m_cancelToken.cancel();
    m_watcher->waitForFinished();
    m_copyWatcher->waitForFinished();
}

void MainWindow::buildUi() {
    auto* splitter = new QSplitter(this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    m_tableChoice = new QComboBox(left);
    m_tableChoice->setToolTip(tr("Which table of the source to show"));
    connect(m_tableChoice, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &MainWindow::showTable);
    m_tableView = new QTableView(left);
    m_tableView->setModel(m_tableModel);
    // Uniform row heights keep scrolling a million rows O(visible rows).
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tableView->verticalHeader()->setDefaultSectionSize(22);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    leftLayout->addWidget(m_tableChoice);
    leftLayout->addWidget(m_tableView);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    m_summary = new QLabel(tr("Open a data set (File ▸ Open) or the demo world."), right);
    m_summary->setWordWrap(true);
    m_statsView = new QTableView(right);
    m_statsView->setModel(m_statsModel);
    m_statsView->verticalHeader()->hide();
    m_balance = new QLabel(right);
    m_balance->setWordWrap(true);
    m_columnsPanel = new ColumnsPanel(right);
    connect(m_columnsPanel, &ColumnsPanel::applyRequested, this, &MainWindow::applyDataSettings);
    m_dataTabs = new QTabWidget(right);
    m_dataTabs->addTab(m_statsView, tr("Statistics"));
    m_dataTabs->addTab(m_columnsPanel, tr("Columns && preprocessing"));
    rightLayout->addWidget(m_summary);
    rightLayout->addWidget(m_dataTabs);
    rightLayout->addWidget(m_balance);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_pages = new QTabWidget(this);
    m_pages->addTab(splitter, tr("&Data"));
    m_trainPage = new TrainPage(this);
    m_ganPage = new GanPage(this);
    m_trainTabs = new QTabWidget(this);
    m_trainTabs->addTab(m_trainPage, tr("Recommender"));
    m_trainTabs->addTab(m_ganPage, tr("Visuals (GAN)"));
    m_pages->addTab(m_trainTabs, tr("&Train"));
    // What is trained with a project open becomes the project's: the recommender drives the
    // segments (re-segmented at once), the GAN draws the next creatives.
    connect(m_trainPage, &TrainPage::finished, this, [this](bool ok) {
        if (ok) adoptRun(ProjectRunKind::Recommender, m_trainPage->currentRun());
    });
    connect(m_ganPage, &GanPage::finished, this, [this](bool ok, const QString& run) {
        if (ok) adoptRun(ProjectRunKind::Gan, run);
    });
    connect(m_session, &ProjectSession::saveFailed, this,
            [this](const Error& error) { showError(tr("Could not save the project"), error); });
    m_segmentsPage = new SegmentsPage(m_session, this);
    m_pages->addTab(m_segmentsPage, tr("&Segments"));
    m_creativesPage = new CreativesPage(m_session, m_undo, this);
    m_pages->addTab(m_creativesPage, tr("&Creatives"));
    m_exportPage = new ExportPage(m_session, this);
    m_pages->addTab(m_exportPage, tr("&Export"));
    setCentralWidget(m_pages);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_cancelToken.cancel(); });
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newProjectAction =
        file->addAction(tr("&New Project…"), this, &MainWindow::chooseNewProject);
    newProjectAction->setShortcut(QKeySequence::New);
    QAction* openFile = file->addAction(tr("&Open File…"), this, &MainWindow::chooseFile);
    openFile->setShortcut(QKeySequence::Open);
    QAction* openFolder = file->addAction(tr("Open &Folder…"), this, &MainWindow::chooseFolder);
    openFolder->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Open &Demo World"), this, &MainWindow::openDemoWorld);
    QAction* openProjectAction =
        file->addAction(tr("Open &Project…"), this, &MainWindow::chooseProject);
    openProjectAction->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    m_recentMenu = file->addMenu(tr("&Recent Projects"));
    updateRecentProjects();
    // Every change is written at once; Save confirms it, Save As copies the project.
    QAction* save = file->addAction(tr("&Save Project"), this, [this] {
        statusBar()->showMessage(m_session->isOpen()
                                     ? tr("Saved: every change is written as it is made.")
                                     : tr("No project open: File ▸ New Project first."),
                                 4000);
    });
    save->setShortcut(QKeySequence::Save);
    QAction* saveAs = file->addAction(tr("Save Project &As…"), this, &MainWindow::chooseSaveAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    QMenu* serving = menuBar()->addMenu(tr("&Serving"));
    serving->addAction(tr("&Simulate Serving…"), this, &MainWindow::showSimulation);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About AdStudio"), this, &MainWindow::showAbout);
}

void MainWindow::showSimulation() {
    if (!m_session->isOpen()) {
        QMessageBox::information(this, tr("Simulate Serving"),
                                 tr("Open a project made from the demo world first (File ▸ Open "
                                    "Demo World, then run it, or File ▸ Open Project)."));
        return;
    }
    auto* dialog = new SimulateDialog(m_session->folder(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open data"), settings.value("paths/lastData").toString(),
        tr("Data (*.csv *.tsv *.txt *.data *.dat *.rating *-ubyte *.gz);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue("paths/lastData", QFileInfo(path).absolutePath());
    openPath(path);
}

void MainWindow::chooseFolder() {
    QSettings settings;
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open data folder"), settings.value("paths/lastData").toString());
    if (path.isEmpty()) return;
    settings.setValue("paths/lastData", path);
    openPath(path);
}

void MainWindow::chooseProject() {
    QSettings settings;
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open project folder"), settings.value("paths/lastProject").toString());
    if (!path.isEmpty()) openProject(path);
}

void MainWindow::chooseNewProject() {
    if (!m_source || !m_source->tables) {
        QMessageBox::information(this, tr("New project"),
                                 tr("Open the data the project is about first (File ▸ Open, "
                                    "or the demo world)."));
        return;
    }
    QSettings settings;
    const QString folder = QFileDialog::getSaveFileName(
        this, tr("New project folder"), settings.value("paths/lastProject").toString());
    if (!folder.isEmpty()) newProject(folder);
}

bool MainWindow::newProject(const QString& folder) {
    if (!m_source || !m_source->tables) return false;
    if (Status s = ProjectSession::create(folder, m_source->path, m_dataSettings); !s) {
        showError(tr("Could not create the project"), s.error());
        return false;
    }
    return openProject(folder);
}

void MainWindow::chooseSaveAs() {
    if (!m_session->isOpen()) {
        statusBar()->showMessage(tr("No project open."), 4000);
        return;
    }
    const QString folder = QFileDialog::getSaveFileName(this, tr("Save project as"),
                                                        m_session->folder() + tr(" copy"));
    if (!folder.isEmpty()) saveProjectAs(folder);
}

void MainWindow::saveProjectAs(const QString& folder) {
    if (!m_session->isOpen() || m_copyWatcher->isRunning()) return;
    setBusy(true, tr("Copying the project to %1…").arg(QDir::toNativeSeparators(folder)));
    const JobContext job = startJob();
    const QString from = m_session->folder();
    disconnect(m_copyWatcher, nullptr, this, nullptr);
    connect(m_copyWatcher, &QFutureWatcherBase::finished, this, [this, folder] {
        setBusy(false);
        const Status copied = m_copyWatcher->result();
        if (!copied) {
            if (!copied.error().cancelled)
                showError(tr("Could not copy the project"), copied.error());
            Q_EMIT projectCopied(false);
            return;
        }
        Q_EMIT projectCopied(openProject(folder));
    });
    m_copyWatcher->setFuture(
        QtConcurrent::run([from, folder, job] { return copyFolder(from, folder, job); }));
}

void MainWindow::showError(const QString& title, const Error& error) {
    // Non-modal: the error stays readable while the window keeps working.
    auto* box =
        new QMessageBox(QMessageBox::Critical, title, error.toString(), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::adoptRun(ProjectRunKind kind, const QString& folder) {
    if (!m_session->isOpen()) return;
    // A run without metrics.json is still adopted: the metrics are for the record only.
    auto metrics = readJsonFile(QDir(folder).filePath("metrics.json"), {});
    m_session->adoptRun(kind, folder, metrics ? *metrics : QJsonObject{});  // failure: saveFailed
}

void MainWindow::updateRecentProjects() {
    m_recentMenu->clear();
    for (const QString& folder : QSettings().value("projects/recent").toStringList())
        m_recentMenu->addAction(QDir::toNativeSeparators(folder), this,
                                [this, folder] { openProject(folder); });
    m_recentMenu->setEnabled(!m_recentMenu->isEmpty());
}

bool MainWindow::openProject(const QString& folder) {
    const Status opened = m_session->open(folder);
    if (!opened) {
        showError(tr("Could not open the project"), opened.error());
        return false;
    }
    m_undo->clear();
    QSettings settings;
    settings.setValue("paths/lastProject", folder);
    QStringList recent = settings.value("projects/recent").toStringList();
    recent.removeAll(m_session->folder());
    recent.prepend(m_session->folder());
    settings.setValue("projects/recent", recent.mid(0, 8));
    updateRecentProjects();
    m_trainPage->setRunsFolder(m_session->folder());
    m_ganPage->setRunsFolder(m_session->folder());
    m_trainPage->showRun(m_session->modelFolder());
    m_ganPage->showRun(m_session->ganFolder());
    const QString data = m_session->dataPath();
    if (QFileInfo::exists(data)) load(data, m_session->dataSettings());
    setWindowTitle(QStringLiteral("AdStudio — %1").arg(QFileInfo(folder).fileName()));
    return true;
}

bool MainWindow::showPage(const QString& name) {
    static const QStringList pages{"data",     "columns",   "train", "gan",
                                   "segments", "creatives", "export"};
    const int at = pages.indexOf(name);
    if (at < 0) return false;
    const int top[] = {0, 0, 1, 1, 2, 3, 4};
    m_pages->setCurrentIndex(top[at]);
    if (at <= 1) m_dataTabs->setCurrentIndex(at);
    if (at == 2 || at == 3) m_trainTabs->setCurrentIndex(at - 2);
    return true;
}

// The guide ships inside the binary (docs/user-guide.md as a resource): it is there wherever
// AdStudio was installed.
void MainWindow::showUserGuide() {
    QFile file(QStringLiteral(":/adstudio/user-guide.md"));
    if (!file.open(QIODevice::ReadOnly)) return;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("AdStudio user guide"));
    auto* browser = new QTextBrowser(dialog);
    browser->setObjectName(QStringLiteral("userGuide"));
    browser->setMarkdown(QString::fromUtf8(file.readAll()));
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    dialog->resize(760, 680);
    dialog->show();
}

void MainWindow::showAbout() {
    const AboutInfo info = aboutInfo();
    QMessageBox::about(
        this, tr("About AdStudio"),
        QStringLiteral("<h3>AdStudio %1</h3><p>Personalized ad creatives from your own data.</p>"
                       "<pre>%2</pre>")
            .arg(info.adstudio, info.toText().toHtmlEscaped()));
}

bool MainWindow::isLoading() const {
    return m_watcher->isRunning();
}

void MainWindow::setBusy(bool busy, const QString& what) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_progress->setValue(0);
    if (busy) statusBar()->showMessage(what);
}

JobContext MainWindow::startJob() {
    m_cancelToken = CancelToken();
    JobContext job;
    job.cancel = m_cancelToken;
    // Progress crosses threads as queued calls, throttled so the event loop never floods.
    QPointer<QProgressBar> bar = m_progress;
    auto lastPermille = std::make_shared<std::atomic_int>(-1);
    job.progress = [bar, lastPermille](const Progress& p) {
        const int permille = int(std::max(0.0, p.fraction) * 1000);
        const int last = lastPermille->load();
        if (permille >= last && permille - last < 10) return;  // a new stage restarts at 0
        lastPermille->store(permille);
        QMetaObject::invokeMethod(
            bar,
            [bar, permille] {
                if (bar) bar->setValue(permille);
            },
            Qt::QueuedConnection);
    };
    return job;
}

void MainWindow::openPath(const QString& path) {
    load(path, {});
}

void MainWindow::applyDataSettings(const DataSettings& settings) {
    if (!m_source || isLoading()) return;
    load(m_source->path, settings);
    // Saved in the project once the data loads that way (a bad mapping is not kept).
    m_saveSettingsOnLoad =
        m_session->isOpen() && QFileInfo(m_source->path) == QFileInfo(m_session->dataPath());
}

void MainWindow::load(const QString& path, const DataSettings& settings) {
    if (isLoading()) return;
    m_loadingPath = path;
    m_loadingSettings = settings;
    m_saveSettingsOnLoad = false;
    setBusy(true, tr("Loading %1…").arg(QDir::toNativeSeparators(path)));
    const JobContext job = startJob();
    m_watcher->setFuture(QtConcurrent::run([path, settings, job] {
        return std::make_shared<Result<LoadedSource>>(loadSourceWithSettings(path, settings, job));
    }));
}

void MainWindow::openDemoWorld() {
    if (isLoading()) return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                           QStringLiteral("/demo-world");
    if (QFileInfo::exists(folder + QStringLiteral("/truth.json"))) {
        openPath(folder);
        return;
    }
    setBusy(true, tr("Generating the demo world…"));
    m_loadingPath = folder;
    m_loadingSettings = {};
    m_saveSettingsOnLoad = false;
    const JobContext job = startJob();
    m_watcher->setFuture(
        QtConcurrent::run([folder, job]() -> std::shared_ptr<Result<LoadedSource>> {
            auto world = generateDemoWorld(folder, DemoWorldOptions{}, job);
            if (!world) return std::make_shared<Result<LoadedSource>>(world.error());
            return std::make_shared<Result<LoadedSource>>(loadSource(folder, LoadOptions{}, job));
        }));
}

void MainWindow::onLoadFinished() {
    setBusy(false);
    const auto result = m_watcher->result();
    if (!result->ok()) {
        const Error& error = result->error();
        statusBar()->showMessage(
            error.cancelled ? tr("Cancelled.") : tr("Could not open the data."), 5000);
        if (!error.cancelled) {
            showError(tr("Could not open the data"), error);
            Q_EMIT loadFailed(error.toString());
        }
        return;
    }
    m_source = std::make_shared<LoadedSource>(std::move(result->value()));
    m_dataSettings = m_loadingSettings;
    if (m_saveSettingsOnLoad)
        if (Status s = m_session->setDataSettings(m_dataSettings); !s)
            showError(tr("Could not save the project"), s.error());
    m_trainPage->setSource(m_source);
    m_ganPage->setImages(
        m_source->images ? std::shared_ptr<const ImageSet>(m_source, &*m_source->images) : nullptr);
    m_columnsPanel->setDataset(m_source->tables ? &m_source->tables->interactions : nullptr,
                               m_dataSettings);
    m_tables.clear();
    QSignalBlocker block(m_tableChoice);
    m_tableChoice->clear();
    if (m_source->tables) {
        auto& t = *m_source->tables;
        auto add = [&](const QString& label, const Dataset& d) {
            m_tables.push_back(std::shared_ptr<const Dataset>(m_source, &d));
            m_tableChoice->addItem(label);
        };
        add(t.interactions.name().isEmpty() ? tr("table") : t.interactions.name(), t.interactions);
        if (t.users) add(tr("users"), *t.users);
        if (t.items) add(tr("items"), *t.items);
        if (t.test) add(tr("test"), *t.test);
    }
    if (m_source->images) {
        const auto& im = *m_source->images;
        m_tableModel->setDataset(nullptr);
        m_statsModel->setStats({});
        m_summary->setText(tr("%1 images of %2×%3, %4 classes")
                               .arg(im.count)
                               .arg(im.width)
                               .arg(im.height)
                               .arg(im.classNames.size()));
        m_balance->clear();
    } else {
        showTable(0);
    }
    setWindowTitle(QStringLiteral("AdStudio — %1").arg(QFileInfo(m_loadingPath).fileName()));
    statusBar()->showMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(m_loadingPath)), 5000);
    Q_EMIT loaded();
}

void MainWindow::showTable(int index) {
    if (index < 0 || index >= int(m_tables.size())) return;
    const auto& table = m_tables[std::size_t(index)];
    m_tableModel->setDataset(table);
    // Widths from the first rows only: measuring a million rows would freeze the window.
    m_tableView->horizontalHeader()->setResizeContentsPrecision(200);
    m_tableView->resizeColumnsToContents();
    const DatasetStats stats = computeStats(*table);
    m_summary->setText(tr("<b>%1</b>: %2 rows × %3 columns<br>%4")
                           .arg(table->name().toHtmlEscaped())
                           .arg(stats.rows)
                           .arg(table->columnCount())
                           .arg(QDir::toNativeSeparators(table->sourcePath()).toHtmlEscaped()));
    QStringList parts;
    for (const auto& [value, count] : stats.labelCounts)
        parts << QStringLiteral("%1: %2").arg(value).arg(count);
    m_balance->setText(stats.labelColumn.isEmpty()
                           ? QString()
                           : tr("Label balance (%1): %2").arg(stats.labelColumn, parts.join(", ")));
    m_statsModel->setStats(stats);
    m_statsView->resizeColumnsToContents();
}

}  // namespace adstudio::ui
