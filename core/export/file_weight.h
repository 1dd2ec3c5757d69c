// SPDX-License-Identifier: MIT
#pragma once
// Ad platforms cap each creative's file weight: what an exported image may weigh and the
// encoders that keep it under that cap at the best quality they can.
#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace adstudio {

// The weight budget of a placement in bytes: 150 KB for IAB display sizes (the IAB's usual
// initial-load limit), 500 KB for square social posts (platforms allow about 1 MB; half leaves
// room for their re-encoding).
qint64 fileWeightBudget(const QSize& size);

struct EncodedImage {
    QByteArray bytes;
    QString encoding;  // "png" (true colour), "png8" (palette) or "jpeg"
    int quality = -1;  // JPEG quality; -1 for PNG
    double psnr = 0;   // dB against the original; infinite for lossless PNG
    bool fits = false;
};

// A PNG: lossless and fully compressed when that fits, else a palette PNG when it stays within
// 38 dB of the original and fits; else the smallest of the two, marked as not fitting.
EncodedImage encodePngWithin(const QImage& image, qint64 budget);
// A JPEG at the highest quality (95 down to 40) that fits; else quality 40, marked as not
// fitting.
EncodedImage encodeJpegWithin(const QImage& image, qint64 budget);

// Peak signal-to-noise ratio of `b` against `a` over RGB (same size), in dB.
double psnrDb(const QImage& a, const QImage& b);

}  // namespace adstudio
