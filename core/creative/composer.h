// SPDX-License-Identifier: MIT
#pragma once

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
};

// What was checked on the rendered pixels, stored with every creative.
struct CreativeChecks {
    bool textFits = true;     // every text fits its box (wrapped, then shrunk)
    bool noOverlap = true;    // no text box overlaps the CTA or the logo
    double minContrast = 21;  // lowest text/background contrast ratio measured
    bool repaired = false;    // text colour switched or an underlay added to pass
    QString copyProblem;      // what the copy says that the catalogue does not; empty when true
    bool passed() const {
        return textFits && noOverlap && minContrast >= 4.5 && copyProblem.isEmpty();
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
