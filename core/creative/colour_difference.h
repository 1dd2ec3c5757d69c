// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace adstudio {

// `a` moved towards `b` by `t` (0..1) in sRGB: the tints (towards white) and shades (towards
// black) palettes and brand checks are built from.
QColor mixColours(const QColor& a, const QColor& b, double t);

// A colour in CIE L*a*b* (D65 white), where equal distances look about equally different.
struct LabColour {
    double l = 0, a = 0, b = 0;
};

LabColour toLab(const QColor& srgb);

// CIEDE2000 colour difference (Sharma, Wu & Dalal 2005). About 1: just noticeable side by side;
// above 10: a different colour to anyone.
double deltaE2000(const LabColour& x, const LabColour& y);
double deltaE2000(const QColor& x, const QColor& y);

}  // namespace adstudio
