// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QImage>
#include <QSize>

namespace adstudio {

// A GAN sample (a grey product on black, 28-64 px) drawn as a clean illustration at the slot's
// full resolution instead of a blown-up bitmap: its silhouette is traced (OpenCV contours, holes
// kept), smoothed and turned into Bézier curves, then painted with QPainter as vectors: a soft
// shadow, a gradient of `ink`, the sample's own light and shade inside the outline, a crisp
// darker outline. The result is `size`, the product centred on `paper`. A sample with no
// product in it (nothing above the noise floor) falls back to the tinted upscale.
QImage illustrateProduct(const QImage& sample, const QSize& size, const QColor& paper,
                         const QColor& ink);

// The old way, kept as the baseline the illustration is measured against: the grey sample
// upscaled (cubic + unsharp mask) and tinted, product in `ink` on `paper`.
QImage upscaleProduct(const QImage& sample, const QSize& size, const QColor& paper,
                      const QColor& ink);

// Edge sharpness of a visual drawn on `paper`: the mean width in pixels of the 10-90% rise of
// its outline along rows (the first edge from the left in each row crossing the product), each
// measured between the local plateaus on either side. Smaller is sharper; -1 when no row has
// an edge.
double edgeRiseWidth(const QImage& visual, const QColor& paper);

}  // namespace adstudio
