// SPDX-License-Identifier: MIT
#include "brand_page.h"

#include "creative/composer.h"
#include "data/demo_world.h"
#include "pipeline/project_creatives.h"
#include "project_session.h"

#include <QColorDialog>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace adstudio::ui {
namespace {

// A product from the bundled pictures (a bag), drawn as the composer draws generated ones.
QImage sampleProduct() {
    static const QImage sample = [] {
        auto images = embeddedProductImages();
        if (!images || images->count == 0) return QImage();
        const int bag = int(images->classNames.indexOf("Bag"));
        int index = 0;
        while (index + 1 < images->count && bag >= 0 && images->labels[std::size_t(index)] != bag)
            ++index;
        QImage image(images->image(index), images->width, images->height, images->width,
                     QImage::Format_Grayscale8);
        return image.copy();
    }();
    return sample;
}

// The preview's copy: the project's first creative, else a neutral example.
CreativeSpec previewCopy(const ProjectSession& session) {
    CreativeSpec spec;
    spec.headline = QObject::tr("New season, picked for you");
    spec.subline = QObject::tr("Free returns for 30 days");
    spec.cta = QObject::tr("Shop now");
    spec.badge = QStringLiteral("€49");
    if (!session.creatives().empty()) {
        const Creative& c = session.creatives().front();
        spec.headline = c.headline;
        spec.subline = c.subline;
        spec.cta = c.cta;
        spec.badge = c.badge;
    }
    spec.visual = sampleProduct();
    return spec;
}

}  // namespace

BrandPage::BrandPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    auto* form = new QFormLayout;
    auto fileRow = [&](QLineEdit*& edit, const QString& filter) {
        edit = new QLineEdit(this);
        auto* pick = new QPushButton(tr("Choose…"), this);
        connect(pick, &QPushButton::clicked, this,
                [this, &edit, filter] { chooseFile(edit, filter); });
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(pick);
        return row;
    };
    auto colourRow = [&](QLineEdit*& edit, const QString& placeholder) {
        edit = new QLineEdit(this);
        edit->setPlaceholderText(placeholder);
        auto* pick = new QPushButton(tr("Pick…"), this);
        connect(pick, &QPushButton::clicked, this, [this, &edit] { chooseColour(edit); });
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(pick);
        return row;
    };
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("The advertiser, e.g. Kestrel"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Logo (SVG or PNG)"), fileRow(m_logo, tr("Logos (*.svg *.png *.jpg *.jpeg)")));
    form->addRow(tr("Compact mark"),
                 fileRow(m_compactLogo, tr("Logos (*.svg *.png *.jpg *.jpeg)")));
    m_compactLogo->setPlaceholderText(tr("optional: for sizes too small for the logo"));
    form->addRow(tr("Primary colour"), colourRow(m_primary, tr("#rrggbb")));
    form->addRow(tr("Secondary colour"), colourRow(m_secondary, tr("optional")));
    form->addRow(tr("Accent colour"), colourRow(m_accent, tr("optional")));
    form->addRow(tr("Typeface (TTF/OTF)"), fileRow(m_font, tr("Fonts (*.ttf *.otf)")));
    m_font->setPlaceholderText(tr("DejaVu Sans (bundled)"));
    m_tone = new QLineEdit(this);
    m_tone->setPlaceholderText(tr("e.g. premium, friendly, playful, urgent, bold"));
    form->addRow(tr("Tone words"), m_tone);
    m_legal = new QLineEdit(this);
    form->addRow(tr("Legal line"), m_legal);
    m_legalShort = new QLineEdit(this);
    m_legalShort->setPlaceholderText(tr("where the full line does not fit, e.g. T&Cs apply"));
    form->addRow(tr("Short legal line"), m_legalShort);
    m_logoMin = new QSpinBox(this);
    m_logoMin->setRange(4, 400);
    m_logoMin->setValue(BrandKit{}.logoMinHeightPx);
    m_logoMin->setSuffix(tr(" px"));
    form->addRow(tr("Smallest logo height"), m_logoMin);

    m_save = new QPushButton(tr("Save to project"), this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (Status s = save(); !s) Q_EMIT failed(s.error());
    });

    auto* previews = new QWidget(this);
    auto* grid = new QGridLayout(previews);
    for (int i = 0; i < 6; ++i) {
        auto* label = new QLabel(previews);
        label->setAlignment(Qt::AlignCenter);
        label->setToolTip(tr("As the composer draws it, scaled to fit"));
        grid->addWidget(label, i / 2, i % 2);
        m_previews.push_back(label);
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(previews);
    scroll->setWidgetResizable(true);

    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(m_save);
    left->addWidget(m_status);
    left->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addWidget(scroll, 3);

    // Typing re-renders after a pause, not on every key.
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(debounce, &QTimer::timeout, this, &BrandPage::refreshPreview);
    for (QLineEdit* edit : {m_name, m_logo, m_compactLogo, m_primary, m_secondary, m_accent, m_font,
                            m_tone, m_legal, m_legalShort})
        connect(edit, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_logoMin, &QSpinBox::valueChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_session, &ProjectSession::opened, this, &BrandPage::loadFromProject);
    loadFromProject();
}

QLineEdit* BrandPage::field(const QString& name) const {
    const std::pair<const char*, QLineEdit*> fields[] = {{"name", m_name},
                                                         {"logo", m_logo},
                                                         {"logo_compact", m_compactLogo},
                                                         {"primary", m_primary},
                                                         {"secondary", m_secondary},
                                                         {"accent", m_accent},
                                                         {"font", m_font},
                                                         {"tone", m_tone},
                                                         {"legal", m_legal},
                                                         {"legal_short", m_legalShort}};
    for (const auto& [key, edit] : fields)
        if (name == QLatin1String(key)) return edit;
    return nullptr;
}

Result<BrandKit> BrandPage::kit() const {
    QJsonObject colours;
    for (auto [key, edit] : {std::pair{"primary", m_primary}, std::pair{"secondary", m_secondary},
                             std::pair{"accent", m_accent}})
        if (!edit->text().trimmed().isEmpty()) colours[key] = edit->text().trimmed();
    QJsonArray tone;
    for (const QString& word : m_tone->text().split(',', Qt::SkipEmptyParts))
        if (!word.trimmed().isEmpty()) tone.append(word.trimmed());
    const QJsonObject o{{"name", m_name->text().trimmed()},
                        {"logo", m_logo->text().trimmed()},
                        {"logo_compact", m_compactLogo->text().trimmed()},
                        {"colours", colours},
                        {"font", m_font->text().trimmed()},
                        {"tone", tone},
                        {"legal", m_legal->text()},
                        {"legal_short", m_legalShort->text()},
                        {"logo_min_height_px", m_logoMin->value()}};
    return BrandKit::fromJson(QJsonDocument(o).toJson(), tr("the Brand page"),
                              m_session->isOpen() ? m_session->folder() : QString());
}

void BrandPage::setKit(const BrandKit& kit) {
    const QSignalBlocker blockers[] = {
        QSignalBlocker(m_name),       QSignalBlocker(m_logo),      QSignalBlocker(m_compactLogo),
        QSignalBlocker(m_primary),    QSignalBlocker(m_secondary), QSignalBlocker(m_accent),
        QSignalBlocker(m_font),       QSignalBlocker(m_tone),      QSignalBlocker(m_legal),
        QSignalBlocker(m_legalShort), QSignalBlocker(m_logoMin)};
    m_name->setText(kit.name);
    m_logo->setText(kit.logoFile);
    m_compactLogo->setText(kit.compactLogoFile);
    m_primary->setText(kit.primary.isValid() ? kit.primary.name() : QString());
    m_secondary->setText(kit.secondary.isValid() ? kit.secondary.name() : QString());
    m_accent->setText(kit.accent.isValid() ? kit.accent.name() : QString());
    m_font->setText(kit.fontFile);
    m_tone->setText(kit.toneWords.join(", "));
    m_legal->setText(kit.legalLine);
    m_legalShort->setText(kit.legalShort);
    m_logoMin->setValue(kit.logoMinHeightPx);
    // Rendering waits until the page is seen (the bundled pictures load on first use).
    if (isVisible()) refreshPreview();
}

void BrandPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshPreview();
}

Status BrandPage::save() {
    if (!m_session->isOpen())
        return makeError(tr("the Brand page"), 0, 0, tr("no project is open"),
                         tr("open or create a project first; the brand kit is kept in it"));
    auto current = kit();
    if (!current) return current.error();
    if (Status s = setProjectBrandKit(m_session->folder(), *current); !s) return s;
    m_status->setText(
        tr("Saved in the project (brand/brand.json). Creatives composed from now "
           "on apply it: regenerate them on the Creatives page."));
    Q_EMIT saved();
    return {};
}

void BrandPage::loadFromProject() {
    m_save->setEnabled(m_session->isOpen());
    BrandKit kit;
    if (m_session->isOpen()) {
        const QString path = m_session->project()->brandKitPath();
        if (QFileInfo::exists(path)) {
            auto read = readBrandKit(path);
            if (read)
                kit = *read;
            else
                Q_EMIT failed(read.error());
        }
    }
    setKit(kit);
}

QImage BrandPage::previewImage(int index) const {
    return index >= 0 && index < int(m_images.size()) ? m_images[std::size_t(index)] : QImage();
}

void BrandPage::refreshPreview() {
    m_images.clear();
    m_verdicts.clear();
    auto current = kit();
    // An empty form previews AdStudio's own look; a form that does not read says why.
    const bool empty = m_name->text().trimmed().isEmpty() && m_logo->text().trimmed().isEmpty();
    if (!current && !empty) {
        m_status->setText(current.error().toString().toHtmlEscaped());
        for (QLabel* label : m_previews) label->clear();
        return;
    }
    std::optional<BrandKit> kitValue;
    std::optional<BrandAssets> assets;
    if (current) {
        kitValue = *current;
        auto loaded = BrandAssets::load(*kitValue);
        if (!loaded) {
            m_status->setText(loaded.error().toString().toHtmlEscaped());
            return;
        }
        assets = *loaded;
    }
    auto templates = builtInTemplates();
    if (!templates) return;
    CreativeSpec spec = previewCopy(*m_session);
    spec.brandKit = kitValue ? &*kitValue : nullptr;
    spec.brandAssets = assets ? &*assets : nullptr;
    spec.logo = kitValue ? kitValue->name : QString();
    if (kitValue) {
        spec.legal = kitValue->legalLine;
        spec.legalShort = kitValue->legalShort;
    }
    const std::vector<QColor> colours = kitValue && kitValue->hasColours()
                                            ? kitValue->colours()
                                            : std::vector<QColor>{QColor("#00798c")};
    spec.palette = stylePalette(QImage(8, 8, QImage::Format_RGB888), colours, PaletteStyle::Light,
                                kitValue && kitValue->hasColours(), 1);
    int passed = 0;
    for (std::size_t i = 0; i < templates->size() && i < m_previews.size(); ++i) {
        spec.layout = (*templates)[i];
        RenderedCreative r = renderCreative(spec);
        // As the composer does: a shorter headline where the first does not fit.
        CreativeSpec shorter = spec;
        for (const QString& headline : {tr("New season"), tr("New in")}) {
            if (r.checks.textFits) break;
            shorter.headline = headline;
            r = renderCreative(shorter);
        }
        m_images.push_back(r.image);
        const QString verdict = r.checks.passed()                  ? tr("passed")
                                : !r.checks.brandProblem.isEmpty() ? r.checks.brandProblem
                                : !r.checks.textFits               ? tr("text does not fit")
                                                                   : tr("contrast below 4.5:1");
        passed += r.checks.passed();
        m_verdicts << verdict;
        const QSize box(320, 320);
        m_previews[i]->setPixmap(QPixmap::fromImage(
            r.image.size().width() > box.width() || r.image.size().height() > box.height()
                ? r.image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                : r.image));
        m_previews[i]->setToolTip(QString("%1: %2").arg(spec.layout.sizeName(), verdict));
    }
    QString text = tr("%1 of %2 sizes pass the checks.").arg(passed).arg(m_images.size());
    for (int i = 0; i < m_verdicts.size(); ++i)
        if (m_verdicts[i] != tr("passed"))
            text += "<br>" + (*templates)[std::size_t(i)].sizeName() + ": " +
                    m_verdicts[i].toHtmlEscaped();
    m_status->setText(text);
}

void BrandPage::chooseColour(QLineEdit* target) {
    const QColor start(target->text().trimmed());
    const QColor picked =
        QColorDialog::getColor(start.isValid() ? start : QColor("#00798c"), this, tr("Colour"));
    if (picked.isValid()) target->setText(picked.name());
}

void BrandPage::chooseFile(QLineEdit* target, const QString& filter) {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a file"), {}, filter);
    if (!path.isEmpty()) target->setText(path);
}

}  // namespace adstudio::ui
