// SPDX-License-Identifier: MIT
#include "creative/variant_distance.h"

#include <cmath>
#include <cstdlib>

namespace adstudio {

namespace {

// 24 px on the long side keeps the composition (where the visual, the text blocks and the
// button sit, and their colours) and smooths away glyph detail.
constexpr int kThumbnail = 24;

QImage thumbnail(const QImage& image, const QSize& size) {
    return image.convertToFormat(QImage::Format_RGB32)
        .scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

}  // namespace

double perceptualDistance(const QImage& a, const QImage& b) {
    if (a.isNull() || b.isNull()) return 1.0;
    // Both at the aspect of the first, so creatives of one size compare cell for cell.
    const double aspect = double(a.width()) / std::max(1, a.height());
    const QSize size = aspect >= 1 ? QSize(kThumbnail, std::max(1, int(kThumbnail / aspect)))
                                   : QSize(std::max(1, int(kThumbnail * aspect)), kThumbnail);
    const QImage x = thumbnail(a, size), y = thumbnail(b, size);
    double total = 0;
    for (int row = 0; row < size.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < size.width(); ++col)
            total += std::abs(qRed(p[col]) - qRed(q[col])) +
                     std::abs(qGreen(p[col]) - qGreen(q[col])) +
                     std::abs(qBlue(p[col]) - qBlue(q[col]));
    }
    return total / (3.0 * 255.0 * size.width() * size.height());
}

}  // namespace adstudio
