// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "brand_page.h"
#include "columns_panel.h"
#include "creatives_page.h"
#include "data_page.h"
#include "error_box.h"
#include "export_page.h"
#include "gan_page.h"
#include "job.h"
#include "live_page.h"
#include "project_session.h"
#include "segments_page.h"
#include "simulate_dialog.h"
#include "train_page.h"

#include "common/atomic_file.h"
#include "common/folder_copy.h"
#include "system/about.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUndoStack>
#include <QVBoxLayout>

namespace adstudio::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("AdStudio"));
    m_session = new ProjectSession(this);
    m_undo = new QUndoStack(this);
    m_copyJob = new Job<Status>(this, [this](Status copied) {
        if (!copied) {
            if (!copied.error().cancelled)
                showError(tr("Could not copy the project"), copied.error());
            Q_EMIT projectCopied(false);
            return;
        }
        Q_EMIT projectCopied(openProject(m_copyTarget));
    });
    buildUi();
    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    if (!settings.contains("window/geometry")) resize(1200, 760);
}

MainWindow::~MainWindow() {
    QSettings().setValue("window/geometry", saveGeometry());
    m_copyJob->cancelAndWait();
}

void MainWindow::buildUi() {
    m_dataPage = new DataPage(this);
    connect(m_dataPage, &DataPage::loaded, this, &MainWindow::onLoaded);
    connect(m_dataPage, &DataPage::loadFailed, this, [this](const Error& error) {
        statusBar()->showMessage(
            error.cancelled ? tr("Cancelled.") : tr("Could not open the data."), 5000);
        if (!error.cancelled) Q_EMIT loadFailed(error.toString());
    });
    m_pages = new QTabWidget(this);
    m_pages->addTab(m_dataPage, tr("&Data"));
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
    connect(m_trainPage, &TrainPage::failed, this, [this](const Error& error) {
        showError(tr("Training stopped"), error,
                  [this](const Remedy& remedy) { m_trainPage->applyRemedy(remedy); });
    });
    connect(m_ganPage, &GanPage::failed, this, [this](const Error& error) {
        showError(tr("GAN training stopped"), error,
                  [this](const Remedy& remedy) { m_ganPage->applyRemedy(remedy); });
    });
    m_segmentsPage = new SegmentsPage(m_session, this);
    m_pages->addTab(m_segmentsPage, tr("&Segments"));
    m_brandPage = new BrandPage(m_session, this);
    m_pages->addTab(m_brandPage, tr("&Brand"));
    connect(m_brandPage, &BrandPage::failed, this,
            [this](const Error& error) { showError(tr("The brand kit does not read"), error); });
    connect(m_brandPage, &BrandPage::saved, this, [this] {
        statusBar()->showMessage(tr("Brand kit saved; new creatives apply it."), 5000);
    });
    m_creativesPage = new CreativesPage(m_session, m_undo, this);
    m_pages->addTab(m_creativesPage, tr("&Creatives"));
    m_exportPage = new ExportPage(m_session, this);
    m_pages->addTab(m_exportPage, tr("&Export"));
    m_livePage = new LivePage(m_session, this);
    m_pages->addTab(m_livePage, tr("&Live"));
    connect(m_livePage, &LivePage::simulateRequested, this, &MainWindow::showSimulation);
    connect(m_livePage, &LivePage::servingFailed, this,
            [this](const Error& error) { showError(tr("Serving did not start"), error); });
    setCentralWidget(m_pages);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_cancelRunning) m_cancelRunning();
    });
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    trackInStatusBar(m_dataPage->job(), [this] { m_dataPage->cancel(); });
    trackInStatusBar(m_copyJob, [this] { m_copyJob->cancel(); });
    connect(m_dataPage, &DataPage::busyChanged, this, [this](bool busy, const QString& what) {
        if (busy) statusBar()->showMessage(what);
    });
}

void MainWindow::trackInStatusBar(JobSignals* job, std::function<void()> cancel) {
    connect(job, &JobSignals::runningChanged, this, [this, cancel](bool running) {
        m_cancelRunning = running ? cancel : std::function<void()>();
        setBusy(running);
    });
    connect(job, &JobSignals::progressed, this, [this](const Progress& p) {
        m_progress->setValue(int(std::max(0.0, p.fraction) * 1000));
    });
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
    if (!source() || !source()->tables) {
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
    if (!source() || !source()->tables) return false;
    if (Status s = ProjectSession::create(folder, source()->path, dataSettings()); !s) {
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
    if (!m_session->isOpen() || m_copyJob->isRunning()) return;
    const QString from = m_session->folder();
    m_copyTarget = folder;
    m_copyJob->start(
        [from, folder](const JobContext& job) { return copyFolder(from, folder, job); });
    statusBar()->showMessage(
        tr("Copying the project to %1…").arg(QDir::toNativeSeparators(folder)));
}

void MainWindow::showError(const QString& title, const Error& error,
                           std::function<void(const Remedy&)> onRemedy) {
    // Non-modal: the error stays readable while the window keeps working. A remedy that maps a
    // column or sets rows aside reloads the data that way; "choose the column" opens the mapping.
    if (onRemedy) {
        showErrorBox(this, title, error, std::move(onRemedy));
        return;
    }
    showErrorBox(this, title, error, [this](const Remedy& remedy) {
        if (remedy.kind == Remedy::Kind::MapColumn && remedy.column.isEmpty()) showPage("columns");
        m_dataPage->applyRemedy(remedy);
    });
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
    static const QStringList pages{"data",  "columns",   "train",  "gan", "segments",
                                   "brand", "creatives", "export", "live"};
    const int at = pages.indexOf(name);
    if (at < 0) return false;
    const int top[] = {0, 0, 1, 1, 2, 3, 4, 5, 6};
    m_pages->setCurrentIndex(top[at]);
    if (at <= 1) m_dataPage->showTab(at);
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
    return m_dataPage->isLoading();
}

const LoadedSource* MainWindow::source() const {
    return m_dataPage->source().get();
}

const DataSettings& MainWindow::dataSettings() const {
    return m_dataPage->settings();
}

DatasetTableModel* MainWindow::tableModel() const {
    return m_dataPage->tableModel();
}

StatsTableModel* MainWindow::statsModel() const {
    return m_dataPage->statsModel();
}

ColumnsPanel* MainWindow::columnsPanel() const {
    return m_dataPage->columnsPanel();
}

void MainWindow::setBusy(bool busy, const QString& what) {
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_progress->setValue(0);
    if (busy && !what.isEmpty()) statusBar()->showMessage(what);
}

void MainWindow::openPath(const QString& path) {
    load(path, {});
}

void MainWindow::applyDataSettings(const DataSettings& settings) {
    if (!source() || isLoading()) return;
    m_dataPage->reload(settings);
}

QString MainWindow::rejectsFolderFor(const QString& path) const {
    if (m_session->isOpen() && QFileInfo(path) == QFileInfo(m_session->dataPath()))
        return m_session->project()->rejectsFolder();
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/rejects");
}

void MainWindow::load(const QString& path, const DataSettings& settings) {
    m_dataPage->load(path, settings, rejectsFolderFor(path));
}

void MainWindow::openDemoWorld() {
    m_dataPage->openDemoWorld();
}

void MainWindow::onLoaded() {
    const auto& data = m_dataPage->source();
    // The project's own data keeps the settings it loaded with (a bad mapping never loads, so
    // is never kept).
    if (m_session->isOpen() && QFileInfo(data->path) == QFileInfo(m_session->dataPath()) &&
        QJsonDocument(m_dataPage->settings().toJson()) !=
            QJsonDocument(m_session->dataSettings().toJson()))
        if (Status s = m_session->setDataSettings(m_dataPage->settings()); !s)
            showError(tr("Could not save the project"), s.error());
    m_trainPage->setSource(data, m_dataPage->settings());
    m_ganPage->setImages(data->images ? std::shared_ptr<const ImageSet>(data, &*data->images)
                                      : nullptr);
    m_ganPage->setCatalogue(data->tables ? catalogueFrom(*data->tables)
                                         : std::vector<CatalogueItem>{});
    setWindowTitle(QStringLiteral("AdStudio — %1").arg(QFileInfo(data->path).fileName()));
    statusBar()->showMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(data->path)), 5000);
    Q_EMIT loaded();
}

}  // namespace adstudio::ui
