// SPDX-License-Identifier: MIT
#include "data_page.h"

#include "columns_panel.h"
#include "dataset_table_model.h"
#include "error_box.h"
#include "job.h"
#include "stats_table_model.h"

#include "data/demo_world.h"
#include "data/stats.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace adstudio::ui {

DataPage::DataPage(QWidget* parent) : QWidget(parent) {
    m_tableModel = new DatasetTableModel(this);
    m_statsModel = new StatsTableModel(this);
    m_job = new Job<Result<LoadedSource>>(
        this, [this](Result<LoadedSource> result) { onLoaded(std::move(result)); });
    connect(m_job, &JobSignals::runningChanged, this, [this](bool running) {
        Q_EMIT busyChanged(
            running,
            running ? tr("Loading %1…").arg(QDir::toNativeSeparators(m_loadingPath)) : QString());
    });

    auto* splitter = new QSplitter(this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    m_tableChoice = new QComboBox(left);
    m_tableChoice->setToolTip(tr("Which table of the source to show"));
    connect(m_tableChoice, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &DataPage::showTable);
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
    m_notes = new QLabel(right);
    m_notes->setObjectName(QStringLiteral("loadNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_columnsPanel = new ColumnsPanel(right);
    connect(m_columnsPanel, &ColumnsPanel::applyRequested, this, &DataPage::reload);
    m_tabs = new QTabWidget(right);
    m_tabs->addTab(m_statsView, tr("Statistics"));
    m_tabs->addTab(m_columnsPanel, tr("Columns && preprocessing"));
    rightLayout->addWidget(m_summary);
    rightLayout->addWidget(m_tabs);
    rightLayout->addWidget(m_balance);
    rightLayout->addWidget(m_notes);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

DataPage::~DataPage() {
    m_job->cancelAndWait();
}

bool DataPage::isLoading() const {
    return m_job->isRunning();
}

void DataPage::cancel() {
    m_job->cancel();
}

JobSignals* DataPage::job() const {
    return m_job;
}

void DataPage::showTab(int index) {
    m_tabs->setCurrentIndex(index);
}

void DataPage::load(const QString& path, const DataSettings& settings,
                    const QString& rejectsFolder) {
    if (isLoading()) return;
    m_loadingPath = path;
    m_loadingSettings = settings;
    m_rejectsFolder = rejectsFolder;
    m_job->start([path, settings, rejectsFolder](const JobContext& job) {
        return loadSourceWithSettings(path, settings, job, rejectsFolder);
    });
}

void DataPage::reload(const DataSettings& settings) {
    if (!m_loadingPath.isEmpty()) load(m_loadingPath, settings, m_rejectsFolder);
}

void DataPage::openDemoWorld() {
    if (isLoading()) return;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                           QStringLiteral("/demo-world");
    const QString rejects = QFileInfo(folder).dir().filePath(QStringLiteral("rejects"));
    if (QFileInfo::exists(folder + QStringLiteral("/truth.json"))) {
        load(folder, {}, rejects);
        return;
    }
    m_loadingPath = folder;
    m_loadingSettings = {};
    m_rejectsFolder = rejects;
    m_job->start([folder](const JobContext& job) -> Result<LoadedSource> {
        auto world = generateDemoWorld(folder, DemoWorldOptions{}, job);
        if (!world) return world.error();
        return loadSource(folder, LoadOptions{}, job);
    });
}

bool DataPage::applyRemedy(const Remedy& remedy) {
    DataSettings settings = m_loadingSettings;
    switch (remedy.kind) {
        case Remedy::Kind::MapColumn:
            if (remedy.column.isEmpty()) {
                // Which column holds it only the user knows: show them the mapping.
                showTab(1);
                return true;
            }
            if (!settings.mapping.parseEntry(remedy.column + QLatin1Char('=') + remedy.value))
                return false;
            break;
        case Remedy::Kind::SetAsideBadRows:
            settings.setAsideBadRows = true;
            break;
        default:
            return false;
    }
    reload(settings);
    return true;
}

void DataPage::showLoadError(const Error& error) {
    showErrorBox(this, tr("Could not open the data"), error,
                 [this](const Remedy& remedy) { applyRemedy(remedy); });
}

void DataPage::onLoaded(Result<LoadedSource> result) {
    if (!result.ok()) {
        const Error& error = result.error();
        if (!error.cancelled) showLoadError(error);
        Q_EMIT loadFailed(error);
        return;
    }
    m_source = std::make_shared<LoadedSource>(std::move(result.value()));
    m_settings = m_loadingSettings;
    m_columnsPanel->setSource(m_source.get(), m_settings);
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
        if (t.users) add(tr("users (%1)").arg(t.users->name()), *t.users);
        if (t.items) add(tr("catalogue (%1)").arg(t.items->name()), *t.items);
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
    m_notes->setText(notes().join(QLatin1Char('\n')));
    Q_EMIT loaded();
}

QStringList DataPage::notes() const {
    QStringList out;
    if (!m_source || !m_source->tables) return out;
    const InteractionData& t = *m_source->tables;
    for (const Dataset* d :
         {&t.interactions, t.items ? &*t.items : nullptr, t.users ? &*t.users : nullptr}) {
        if (!d) continue;
        for (const QString& note : d->notes())
            out << QStringLiteral("%1: %2").arg(QFileInfo(d->sourcePath()).fileName(), note);
    }
    return out;
}

void DataPage::showTable(int index) {
    if (index < 0 || index >= int(m_tables.size())) return;
    const auto& table = m_tables[std::size_t(index)];
    m_tableModel->setDataset(table);
    // Widths from the first rows only: measuring a million rows would freeze the window.
    m_tableView->horizontalHeader()->setResizeContentsPrecision(200);
    m_tableView->resizeColumnsToContents();
    const DatasetStats stats = computeStats(*table);
    QString summary = tr("<b>%1</b>: %2 rows × %3 columns<br>%4")
                          .arg(table->name().toHtmlEscaped())
                          .arg(stats.rows)
                          .arg(table->columnCount())
                          .arg(QDir::toNativeSeparators(table->sourcePath()).toHtmlEscaped());
    if (table->rejectedRows() > 0)
        summary +=
            tr("<br><b>%1 rows set aside</b> (they did not read)%2")
                .arg(table->rejectedRows())
                .arg(table->rejectsFile().isEmpty()
                         ? QString()
                         : tr(" in %1").arg(
                               QDir::toNativeSeparators(table->rejectsFile()).toHtmlEscaped()));
    m_summary->setText(summary);
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
