// SPDX-License-Identifier: MIT
#pragma once
// How different two rendered creatives look: the mean absolute difference of small, smoothed
// colour thumbnails (0: the same picture, 1: black against white). Layout, palette, visual and
// copy changes all move it; anti-aliasing and a few pixels of text do not.
#include <QImage>

namespace adstudio {

double perceptualDistance(const QImage& a, const QImage& b);

}  // namespace adstudio
