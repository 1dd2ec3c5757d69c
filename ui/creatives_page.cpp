// SPDX-License-Identifier: MIT
#include "creatives_page.h"

#include "creative_list_model.h"
#include "job.h"
#include "project_session.h"

#include "pipeline/project_creatives.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

namespace adstudio::ui {
namespace {

// One review decision, undoable. Holds the creative's id, not its row: regenerating variants
// reorders the list.
class ReviewCommand : public QUndoCommand {
public:
    ReviewCommand(ProjectSession* session, int index, QString review, QString note)
        : m_session(session), m_review(std::move(review)), m_note(std::move(note)) {
        const Creative& c = session->creatives()[std::size_t(index)];
        m_id = c.id;
        m_oldReview = c.review;
        m_oldNote = c.note;
        setText(QString("%1 %2").arg(m_review, c.id));
    }
    void redo() override { apply(m_review, m_note); }
    void undo() override { apply(m_oldReview, m_oldNote); }

private:
    // A decision that could not be saved is dropped from the stack (the session reports it):
    // the stack never holds a state the disk does not.
    void apply(const QString& review, const QString& note) {
        if (!m_session->setReview(m_session->indexOf(m_id), review, note)) setObsolete(true);
    }

    ProjectSession* m_session;
    QString m_id, m_review, m_note, m_oldReview, m_oldNote;
};

}  // namespace

CreativesPage::CreativesPage(ProjectSession* session, QUndoStack* undo, QWidget* parent)
    : QWidget(parent), m_session(session), m_undo(undo) {
    m_model = new CreativeListModel(session, this);
    m_segment = new QComboBox(this);
    m_segment->setObjectName("segmentFilter");
    m_size = new QComboBox(this);
    m_size->setObjectName("sizeFilter");
    m_list = new QListView(this);
    m_list->setModel(m_model);
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize(QSize(160, 120));
    m_list->setGridSize(QSize(190, 170));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSpacing(6);
    m_preview = new QLabel(this);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setMinimumSize(320, 280);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("creativeDetails"));
    m_details->setWordWrap(true);
    m_note = new QLineEdit(this);
    m_note->setPlaceholderText(tr("Note for the team (saved with the decision)"));
    m_approve = new QPushButton(tr("Approve"), this);
    m_approve->setObjectName(QStringLiteral("approve"));
    m_approve->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    m_reject = new QPushButton(tr("Reject"), this);
    m_reject->setObjectName(QStringLiteral("reject"));
    m_reject->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    m_regenerate = new QPushButton(tr("Regenerate variants"), this);
    m_regenerate->setToolTip(
        tr("Compose new variants for the chosen segment and size; approved "
           "and rejected creatives stay"));
    m_regenerate->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_job = new Job<Result<std::vector<Creative>>>(
        this, [this](Result<std::vector<Creative>> result) { onRegenerated(std::move(result)); });

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Segment"), this));
    filters->addWidget(m_segment, 1);
    filters->addWidget(new QLabel(tr("Size"), this));
    filters->addWidget(m_size);
    filters->addWidget(m_regenerate);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_list);
    leftLayout->addWidget(m_status);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_preview, 1);
    rightLayout->addWidget(m_details);
    rightLayout->addWidget(m_note);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    rightLayout->addLayout(buttons);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(session, &ProjectSession::opened, this, &CreativesPage::rebuildFilters);
    connect(session, &ProjectSession::segmentsChanged, this, &CreativesPage::rebuildFilters);
    connect(session, &ProjectSession::creativesChanged, this, &CreativesPage::rebuildFilters);
    connect(m_regenerate, &QPushButton::clicked, this, &CreativesPage::regenerate);
    connect(m_segment, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &CreativesPage::refilter);
    connect(m_size, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &CreativesPage::refilter);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &CreativesPage::showSelected);
    connect(m_approve, &QPushButton::clicked, this, [this] { review("approved"); });
    connect(m_reject, &QPushButton::clicked, this, [this] { review("rejected"); });
    connect(session, &ProjectSession::reviewChanged, this, [this] { showSelected(); });
    showSelected();  // the empty state until a project opens
}

CreativesPage::~CreativesPage() {
    m_job->cancelAndWait();
}

void CreativesPage::rebuildFilters() {
    // Keep the chosen filter across reloads; "All" the first time.
    const int segment = m_segment->currentIndex() < 0 ? -1 : m_segment->currentData().toInt();
    const QString size = m_size->currentData().toString();
    {
        QSignalBlocker a(m_segment), b(m_size);
        m_segment->clear();
        m_segment->addItem(tr("All segments"), -1);
        for (const auto& p : m_session->profiles()) m_segment->addItem(p.name, p.id);
        m_size->clear();
        m_size->addItem(tr("All sizes"), QString());
        QStringList sizes;
        for (const auto& c : m_session->creatives())
            if (!sizes.contains(c.size)) sizes << c.size;
        for (const auto& s : sizes) m_size->addItem(s, s);
        m_segment->setCurrentIndex(std::max(0, m_segment->findData(segment)));
        m_size->setCurrentIndex(std::max(0, m_size->findData(size)));
    }
    m_regenerate->setEnabled(!isRegenerating() && !m_session->profiles().empty());
    m_regenerate->setText(m_session->creatives().empty() ? tr("Generate creatives")
                                                         : tr("Regenerate variants"));
    refilter();
}

bool CreativesPage::isRegenerating() const {
    return m_job->isRunning();
}

void CreativesPage::regenerate() {
    if (isRegenerating() || !m_session->isOpen()) return;
    const int segment = m_segment->currentData().toInt();
    const QString size = m_size->currentData().toString();
    // Each round gets its own ids and seed: new variants, never a clash with kept ones, and the
    // same project gives the same round again.
    const int round = m_session->nextRegenerationRound();
    CreativeRequest request;
    request.projectDir = m_session->folder();
    request.rejectsFolder = m_session->project()->rejectsFolder();
    request.dataPath = m_session->dataPath();
    request.dataSettings = m_session->dataSettings();
    request.ganFolder = m_session->ganFolder();
    for (const auto& p : m_session->profiles())
        if (segment < 0 || p.id == segment) request.profiles.push_back(p);
    if (!size.isEmpty()) request.sizes = QStringList{size};
    request.idSuffix = QString("-r%1").arg(round);
    request.options.seed = 42 + std::uint64_t(round) * 7919;
    m_pendingSegment = segment;
    m_pendingSize = size;
    m_job->start(
        [request](const JobContext& job) { return composeProjectCreatives(request, job); });
    m_regenerate->setEnabled(false);
    m_status->setText(tr("Composing new variants…"));
}

void CreativesPage::onRegenerated(Result<std::vector<Creative>> result) {
    if (!result.ok()) {
        m_status->setText(result.error().toString());
        m_regenerate->setEnabled(true);
        Q_EMIT regenerated(false);
        return;
    }
    const int count = int(result.value().size());
    const Status saved =
        m_session->replacePending(m_pendingSegment, m_pendingSize, std::move(result.value()));
    m_status->setText(saved ? tr("%1 new variants; reviewed creatives kept.").arg(count)
                            : saved.error().toString());
    Q_EMIT regenerated(bool(saved));
}

void CreativesPage::refilter() {
    m_model->setFilter(m_segment->currentData().toInt(), m_size->currentData().toString());
    if (m_model->rowCount() > 0)
        select(0);
    else
        showSelected();  // the empty state
}

// What to do when the gallery shows nothing, depending on what the project lacks.
QString CreativesPage::emptyStateText() const {
    if (!m_session->isOpen())
        return tr(
            "No project is open. Open one (File ▸ Open Project) or make one over your data "
            "(File ▸ New Project).");
    if (m_session->profiles().empty())
        return tr(
            "No segments yet. Train a recommender on the Train page; its users are then "
            "segmented, and creatives can be generated here.");
    if (m_session->creatives().empty())
        return tr(
            "No creatives yet. Press <b>Generate creatives</b> to compose them for every "
            "segment and size.");
    return tr(
        "No creative matches this segment and size. Choose <i>All segments</i> or "
        "<i>All sizes</i>, or press <b>Regenerate variants</b>.");
}

void CreativesPage::select(int row) {
    m_list->setCurrentIndex(m_model->index(row));
    showSelected();
}

void CreativesPage::review(const QString& decision) {
    const int i = m_model->creativeIndex(m_list->currentIndex().row());
    if (i < 0) return;
    m_undo->push(new ReviewCommand(m_session, i, decision, m_note->text()));
}

void CreativesPage::showSelected() {
    const int i = m_model->creativeIndex(m_list->currentIndex().row());
    m_approve->setEnabled(i >= 0);
    m_reject->setEnabled(i >= 0);
    m_note->setEnabled(i >= 0);
    if (i < 0) {
        m_preview->clear();
        m_details->setText(emptyStateText());
        return;
    }
    const Creative& c = m_session->creatives()[std::size_t(i)];
    m_preview->setPixmap(
        QPixmap::fromImage(c.image).scaled(m_preview->size().boundedTo(c.image.size()),
                                           Qt::KeepAspectRatio, Qt::SmoothTransformation));
    m_details->setText(
        tr("<b>%1</b> · %2 · %3<br>“%4” / %5 / %6<br>predicted CTR %7 · checks %8 "
           "(contrast %9)<br>review: <b>%10</b>")
            .arg(c.id, c.segmentName.toHtmlEscaped(), c.size, c.headline.toHtmlEscaped(),
                 c.subline.toHtmlEscaped(), c.cta.toHtmlEscaped())
            .arg(c.predictedCtr, 0, 'f', 4)
            .arg(c.checks.passed()
                     ? tr("passed")
                     : tr("failed: %1")
                           .arg((c.checks.copyProblem.isEmpty() ? c.checks.brandProblem
                                                                : c.checks.copyProblem)
                                    .toHtmlEscaped()))
            .arg(c.checks.minContrast, 0, 'f', 1)
            .arg(c.review) +
        servedText(c.id));
    m_note->setText(c.note);
}

QString CreativesPage::servedText(const QString& creativeId) {
    if (!m_session->project()) return {};
    const QFileInfo log(m_session->project()->eventLogPath());
    if (!log.exists()) return {};
    if (log.absoluteFilePath() != m_servedLog || log.lastModified() != m_servedStamp ||
        log.size() != m_servedSize) {
        m_servedLog = log.absoluteFilePath();
        m_servedStamp = log.lastModified();
        m_servedSize = log.size();
        const auto rounds = readLoggedRounds(m_servedLog);
        m_served =
            rounds.ok() ? servedCountsByCreative(rounds.value()) : QHash<QString, ServedCounts>{};
    }
    const ServedCounts counts = m_served.value(creativeId);
    if (counts.impressions == 0) return tr("<br>served: not yet");
    return tr("<br>served: %1 impressions, %2 clicks · live CTR <b>%3</b>")
        .arg(counts.impressions)
        .arg(counts.clicks)
        .arg(double(counts.clicks) / counts.impressions, 0, 'f', 4);
}

}  // namespace adstudio::ui
