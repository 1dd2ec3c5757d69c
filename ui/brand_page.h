// SPDX-License-Identifier: MIT
#pragma once

#include "creative/brand_kit.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace adstudio::ui {

class ProjectSession;

// The project's brand kit: logo, colours, typeface, tone words and legal line, with one
// creative previewed at every size as the composer will draw it, and what its checks say.
// Saved into the project (brand/brand.json, logo and font copied beside it); creatives
// composed afterwards apply it.
class BrandPage : public QWidget {
    Q_OBJECT
public:
    explicit BrandPage(ProjectSession* session, QWidget* parent = nullptr);

    // The kit as the fields say; an error names the field that does not read.
    Result<BrandKit> kit() const;
    void setKit(const BrandKit& kit);
    Status save();
    // What the preview shows per size: "passed" or the check that failed.
    QStringList previewVerdicts() const { return m_verdicts; }
    QImage previewImage(int index) const;
    // Field access for tests and scripted use.
    QLineEdit* field(const QString& name) const;

Q_SIGNALS:
    void saved();
    void failed(const adstudio::Error& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void loadFromProject();
    void refreshPreview();
    void chooseColour(QLineEdit* target);
    void chooseFile(QLineEdit* target, const QString& filter);

    ProjectSession* m_session;
    QLineEdit* m_name;
    QLineEdit* m_logo;
    QLineEdit* m_compactLogo;
    QLineEdit* m_primary;
    QLineEdit* m_secondary;
    QLineEdit* m_accent;
    QLineEdit* m_font;
    QLineEdit* m_tone;
    QLineEdit* m_legal;
    QLineEdit* m_legalShort;
    QSpinBox* m_logoMin;
    QPushButton* m_save;
    QLabel* m_status;
    std::vector<QLabel*> m_previews;
    std::vector<QImage> m_images;
    QStringList m_verdicts;
};

}  // namespace adstudio::ui
