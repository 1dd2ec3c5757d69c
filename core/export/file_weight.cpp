// SPDX-License-Identifier: MIT
#include "export/file_weight.h"

#include <QBuffer>

#include <cmath>
#include <limits>

namespace adstudio {

namespace {

constexpr qint64 kDisplayBudget = 150 * 1024;
constexpr qint64 kSocialBudget = 500 * 1024;
constexpr double kPaletteMinPsnr = 38.0;
constexpr int kJpegBest = 95;
constexpr int kJpegWorst = 40;

QByteArray encode(const QImage& image, const char* format, int quality) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

QImage decode(const QByteArray& bytes) {
    QImage image;
    image.loadFromData(bytes);
    return image;
}

}  // namespace

qint64 fileWeightBudget(const QSize& size) {
    // Square 1080 posts and larger are social placements; every IAB display size is smaller.
    return std::min(size.width(), size.height()) >= 1000 ? kSocialBudget : kDisplayBudget;
}

double psnrDb(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    if (x.size() != y.size() || x.isNull()) return 0;
    double squared = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            const int dr = qRed(p[col]) - qRed(q[col]);
            const int dg = qGreen(p[col]) - qGreen(q[col]);
            const int db = qBlue(p[col]) - qBlue(q[col]);
            squared += dr * dr + dg * dg + db * db;
        }
    }
    const double mse = squared / (3.0 * x.width() * x.height());
    if (mse <= 0) return std::numeric_limits<double>::infinity();
    return 10 * std::log10(255.0 * 255.0 / mse);
}

EncodedImage encodePngWithin(const QImage& image, qint64 budget) {
    // Qt maps PNG "quality" q to zlib level (100 - q) * 9 / 91: 0 is the strongest compression
    // (the old export's 92 meant level 0: no compression at all).
    EncodedImage full{encode(image, "PNG", 0), QStringLiteral("png"), -1,
                      std::numeric_limits<double>::infinity(), false};
    full.fits = full.bytes.size() <= budget;
    if (full.fits) return full;
    const QImage indexed = image.convertToFormat(QImage::Format_Indexed8, Qt::DiffuseDither);
    EncodedImage palette{encode(indexed, "PNG", 0), QStringLiteral("png8"), -1,
                         psnrDb(image, indexed), false};
    palette.fits = palette.bytes.size() <= budget && palette.psnr >= kPaletteMinPsnr;
    if (palette.fits) return palette;
    return palette.bytes.size() < full.bytes.size() && palette.psnr >= kPaletteMinPsnr ? palette
                                                                                       : full;
}

EncodedImage encodeJpegWithin(const QImage& image, qint64 budget) {
    // JPEG size grows with quality: find the highest quality that fits by bisection.
    int low = kJpegWorst, high = kJpegBest;
    QByteArray best;
    int bestQuality = -1;
    while (low <= high) {
        const int quality = (low + high) / 2;
        QByteArray bytes = encode(image, "JPEG", quality);
        if (bytes.size() <= budget) {
            best = std::move(bytes);
            bestQuality = quality;
            low = quality + 1;
        } else {
            high = quality - 1;
        }
    }
    EncodedImage out;
    out.encoding = QStringLiteral("jpeg");
    out.fits = bestQuality >= 0;
    out.quality = out.fits ? bestQuality : kJpegWorst;
    out.bytes = out.fits ? best : encode(image, "JPEG", kJpegWorst);
    out.psnr = psnrDb(image, decode(out.bytes));
    return out;
}

}  // namespace adstudio
