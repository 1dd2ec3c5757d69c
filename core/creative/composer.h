// SPDX-License-Identifier: MIT
#pragma once

#include "creative/brand_kit.h"
#include "creative/template.h"

#include <QImage>
#include <QJsonObject>

namespace adstudio {

// Colours of one creative. Derived from the brand colour and the visual's dominant colours.
struct Palette {
    QColor background;
    QColor panel;   // behind the visual
    QColor accent;  // CTA fill, badge, product tint
    QColor text;
    QColor ctaText;

    QJsonObject toJson() const;
};

// Brand colour blended with the visual's dominant colours (k-means in CIE Lab, k = 3).
Palette derivePalette(const QImage& visual, const QColor& brand, std::uint64_t seed);

// How a variant wears the brand's colours, so the variants of a segment differ visibly.
enum class PaletteStyle {
    Light,   // a pale tint of the primary colour, the primary on the call to action
    Dark,    // a deep shade of the primary, light text, the accent on the call to action
    Tinted,  // a tint of the secondary colour, the accent's tint behind the visual
};
constexpr int kPaletteStyles = 3;
// The palette of one style from the brand's colours (primary first; one colour is enough).
// `strict`: no colour of the visual is blended in, so every fill stays a tint or shade of a
// brand colour (a brand kit's palette).
Palette stylePalette(const QImage& visual, const std::vector<QColor>& brandColours,
                     PaletteStyle style, bool strict, std::uint64_t seed);
// WCAG 2 contrast ratio of two colours (1..21).
double contrastRatio(const QColor& a, const QColor& b);
// WCAG relative luminance of an sRGB colour (0..1).
double relativeLuminance(const QColor& c);

struct CreativeSpec {
    CreativeTemplate layout;
    QImage visual;       // any size, grey or colour; tinted with the palette when grey
    QString visualText;  // set in large type on the panel when there is no visual
    QString headline, subline, cta, badge, logo;
    Palette palette;
    // The brand kit's typeface, logo and rules; null: the bundled font and the logo as text.
    const BrandKit* brandKit = nullptr;
    const BrandAssets* brandAssets = nullptr;
    QString legal, legalShort;  // drawn along the bottom; the short one where the full one does
                                // not fit
};

// What was checked on the rendered pixels, stored with every creative.
struct CreativeChecks {
    bool textFits = true;     // every text fits its box (wrapped, then shrunk)
    bool noOverlap = true;    // no text box overlaps the CTA or the logo
    double minContrast = 21;  // lowest text/background contrast ratio measured
    bool repaired = false;    // text colour switched or an underlay added to pass
    QString copyProblem;      // what the copy says that the catalogue does not; empty when true
    // Brand kit rules: logo size and clear space, legal line, colours. Empty when kept.
    QString brandProblem;
    double brandDeltaE = 0;  // largest CIEDE2000 of a fill from the brand's colours (with a kit)
    int logoHeightPx = 0;    // the logo image as drawn (with a kit's logo file)
    bool passed() const {
        return textFits && noOverlap && minContrast >= 4.5 && copyProblem.isEmpty() &&
               brandProblem.isEmpty();
    }
    QJsonObject toJson() const;
};

struct RenderedCreative {
    QImage image;
    CreativeChecks checks;
    QMap<QString, QRect> textBoxes;  // where each text was drawn (its fitted bounds)
    QMap<QString, QColor> textColours;
};

// Draws the creative with QPainter and the bundled font, fitting and checking every text.
RenderedCreative renderCreative(const CreativeSpec& spec);

// The visual at the slot's size on `paper`: a grey product (a GAN sample) drawn as a vector
// illustration in `ink` (illustrateProduct), a photo fitted and centred.
QImage prepareVisual(const QImage& source, const QSize& size, const QColor& paper,
                     const QColor& ink);

}  // namespace adstudio
