// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QColor>
#include <QImage>
#include <QJsonObject>
#include <QSize>
#include <QStringList>

#include <memory>
#include <vector>

class QSvgRenderer;

namespace adstudio {

// The advertiser's brand as every creative applies it (brand.json): the logo, the colours the
// palette is drawn from, the typeface, the tone of the copy and the legal line.
struct BrandKit {
    QString name;             // the advertiser; set as the logo line when there is no logo file
    QString logoFile;         // PNG or SVG; absolute once read
    QString compactLogoFile;  // a compact mark for where the logo would be below its minimum
    QColor primary, secondary, accent;  // invalid: not set (secondary/accent follow primary)
    QString fontFile;                   // TTF or OTF; absolute once read; empty: DejaVu Sans
    QStringList toneWords;              // "friendly", "premium", "bold", "urgent", ...
    QString legalLine;                  // on every creative with room for it
    QString legalShort;                 // where the full line does not fit ("T&Cs apply")
    int logoMinHeightPx = 14;           // the logo is never drawn smaller
    double logoClearSpace = 0.2;        // free margin around the logo, of its drawn height

    bool hasColours() const { return primary.isValid(); }
    // The set colours, primary first.
    std::vector<QColor> colours() const;
    // Paths relative to `folder` where they lie inside it.
    QJsonObject toJson(const QString& folder) const;
    // Relative paths resolve against `folder`; errors name `file` and the field.
    static Result<BrandKit> fromJson(const QByteArray& json, const QString& file,
                                     const QString& folder);
};

Result<BrandKit> readBrandKit(const QString& path);
// Atomic; the logo and font are copied beside brand.json so the folder stands alone.
Status writeBrandKit(const BrandKit& kit, const QString& path);

// The kit's files, loaded once: the logo renders crisp at any size (SVG as vectors) and the
// typeface is registered with QFontDatabase.
class BrandAssets {
public:
    static Result<BrandAssets> load(const BrandKit& kit);
    BrandAssets() = default;

    bool hasLogo() const { return m_logo.loaded(); }
    bool hasCompactLogo() const { return m_compact.loaded(); }
    QSizeF logoAspect(bool compact = false) const;  // width, height of the logo (any unit)
    // The logo (or the compact mark) fitted inside `box`, aspect kept, transparent around it.
    QImage logoAt(const QSize& box, bool compact = false) const;
    // Empty: the bundled family.
    QString fontFamily() const { return m_fontFamily; }

private:
    struct Logo {
        std::shared_ptr<QSvgRenderer> svg;
        QImage image;
        bool loaded() const { return svg || !image.isNull(); }
    };
    static Result<Logo> loadLogo(const QString& file);
    const Logo& logo(bool compact) const {
        return compact && hasCompactLogo() ? m_compact : m_logo;
    }

    Logo m_logo, m_compact;
    QString m_fontFamily;
};

// How far `colour` is from the brand (CIEDE2000): the smallest difference to a brand colour, one
// of its tints (mixed with white) or shades (mixed with black), or a neutral grey.
double brandDeltaE(const QColor& colour, const BrandKit& kit);
// Colours further than this from the brand are off-brand (a clearly different colour).
constexpr double kMaxBrandDeltaE = 10.0;

}  // namespace adstudio
