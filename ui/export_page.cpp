// SPDX-License-Identifier: MIT
#include "export_page.h"

#include "job.h"
#include "project_session.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace adstudio::ui {

ExportPage::ExportPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_segments = new QListWidget(this);
    m_sizes = new QListWidget(this);
    m_png = new QCheckBox(tr("PNG"), this);
    m_png->setChecked(true);
    m_jpeg = new QCheckBox(tr("JPEG"), this);
    m_jpeg->setChecked(true);
    m_approved = new QCheckBox(tr("Approved creatives only"), this);
    m_export = new QPushButton(tr("Export"), this);
    m_export->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_open = new QPushButton(tr("Open folder"), this);
    m_open->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_status = new QLabel(tr("Open a project to export its creatives."), this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    auto* lists = new QHBoxLayout;
    auto* segmentsBox = new QVBoxLayout;
    segmentsBox->addWidget(new QLabel(tr("Segments"), this));
    segmentsBox->addWidget(m_segments);
    auto* sizesBox = new QVBoxLayout;
    sizesBox->addWidget(new QLabel(tr("Sizes"), this));
    sizesBox->addWidget(m_sizes);
    lists->addLayout(segmentsBox, 2);
    lists->addLayout(sizesBox, 1);
    auto* options = new QHBoxLayout;
    options->addWidget(m_png);
    options->addWidget(m_jpeg);
    options->addWidget(m_approved);
    options->addStretch();
    options->addWidget(m_export);
    options->addWidget(m_open);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(lists, 1);
    layout->addLayout(options);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);

    m_job = new Job<Result<ExportSummary>>(this, [this](Result<ExportSummary> result) {
        m_export->setEnabled(true);
        if (!result.ok()) {
            m_status->setText(result.error().toString());
            Q_EMIT finished(false);
            return;
        }
        m_folder = result.value().folder;
        m_open->setEnabled(true);
        m_progress->setValue(1000);
        QString status = tr("%1 creatives, %2 files, %3 KiB in %4")
                             .arg(result.value().creatives)
                             .arg(result.value().files)
                             .arg(result.value().bytes / 1024)
                             .arg(QDir::toNativeSeparators(m_folder));
        if (result.value().overBudget > 0)
            status +=
                tr("; %1 over their placement's file-weight budget").arg(result.value().overBudget);
        m_status->setText(status);
        Q_EMIT finished(true);
    });
    connect(m_job, &JobSignals::progressed, this, [this](const Progress& p) {
        m_progress->setValue(int(std::max(0.0, p.fraction) * 1000));
    });
    connect(m_export, &QPushButton::clicked, this, &ExportPage::start);
    connect(m_open, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_folder)); });
    connect(session, &ProjectSession::opened, this, &ExportPage::refresh);
    connect(session, &ProjectSession::segmentsChanged, this, &ExportPage::refresh);
    connect(session, &ProjectSession::creativesChanged, this, &ExportPage::refresh);
    connect(session, &ProjectSession::reviewChanged, this, &ExportPage::showCounts);
}

ExportPage::~ExportPage() {
    m_job->cancelAndWait();
}

bool ExportPage::isRunning() const {
    return m_job->isRunning();
}
void ExportPage::setApprovedOnly(bool on) {
    m_approved->setChecked(on);
}

void ExportPage::refresh() {
    m_segments->clear();
    m_sizes->clear();
    for (const auto& p : m_session->profiles()) {
        auto* item = new QListWidgetItem(p.name, m_segments);
        item->setData(Qt::UserRole, p.id);
        item->setCheckState(Qt::Checked);
    }
    QStringList sizes;
    for (const auto& c : m_session->creatives())
        if (!sizes.contains(c.size)) sizes << c.size;
    for (const auto& s : sizes) (new QListWidgetItem(s, m_sizes))->setCheckState(Qt::Checked);
    showCounts();
}

void ExportPage::showCounts() {
    if (isRunning()) return;  // the export's own progress is on show
    int approved = 0;
    for (const auto& c : m_session->creatives()) approved += c.review == QLatin1String("approved");
    m_status->setText(tr("%1 creatives in the project, %2 approved.")
                          .arg(m_session->creatives().size())
                          .arg(approved));
}

void ExportPage::start() {
    if (isRunning() || !m_session->isOpen()) return;
    ExportOptions options;
    options.png = m_png->isChecked();
    options.jpeg = m_jpeg->isChecked() || !options.png;
    options.approvedOnly = m_approved->isChecked();
    for (int i = 0; i < m_segments->count(); ++i)
        if (m_segments->item(i)->checkState() == Qt::Checked)
            options.segments << m_segments->item(i)->data(Qt::UserRole).toInt();
    for (int i = 0; i < m_sizes->count(); ++i)
        if (m_sizes->item(i)->checkState() == Qt::Checked)
            options.sizes << m_sizes->item(i)->text();
    const auto creatives = m_session->creatives();
    const auto profiles = m_session->profiles();
    const QString folder = QDir(m_session->folder()).filePath("export");
    m_export->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    m_job->start([creatives, profiles, folder, options](const JobContext& job) {
        return exportCreatives(creatives, profiles, folder, options, job);
    });
}

}  // namespace adstudio::ui
