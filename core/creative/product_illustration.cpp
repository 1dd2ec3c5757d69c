// SPDX-License-Identifier: MIT
#include "creative/product_illustration.h"

#include "common/image_convert.h"
#include "creative/colour_difference.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace adstudio {
namespace {

constexpr int kWorkingSize = 448;     // the silhouette is traced at this resolution
constexpr double kNoiseFloor = 0.12;  // faint grey in a GAN sample is noise, not product
constexpr double kMargin = 0.92;      // share of the slot the product may fill

double luminance(QRgb c) {
    return 0.2126 * qRed(c) + 0.7152 * qGreen(c) + 0.0722 * qBlue(c);
}

// A closed contour smoothed (circular moving average) and thinned to about one point per
// `step` pixels, so the curve through it is calm without losing the shape.
std::vector<cv::Point2f> smoothContour(const std::vector<cv::Point>& contour, int window,
                                       int step) {
    const int n = int(contour.size());
    std::vector<cv::Point2f> out;
    for (int i = 0; i < n; i += step) {
        cv::Point2f sum(0, 0);
        for (int j = -window; j <= window; ++j) {
            const cv::Point& p = contour[std::size_t(((i + j) % n + n) % n)];
            sum += cv::Point2f(float(p.x), float(p.y));
        }
        out.push_back(sum * (1.f / float(2 * window + 1)));
    }
    return out;
}

// Catmull-Rom through the points as cubic Bézier segments (closed).
void addClosedCurve(QPainterPath& path, const std::vector<cv::Point2f>& points,
                    const QTransform& map) {
    const int n = int(points.size());
    if (n < 3) return;
    auto at = [&](int i) {
        const cv::Point2f& p = points[std::size_t((i % n + n) % n)];
        return map.map(QPointF(p.x, p.y));
    };
    path.moveTo(at(0));
    for (int i = 0; i < n; ++i) {
        const QPointF p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
        path.cubicTo(p1 + (p2 - p0) / 6.0, p2 - (p3 - p1) / 6.0, p2);
    }
    path.closeSubpath();
}

struct Silhouette {
    QPainterPath path;  // in working coordinates
    cv::Mat intensity;  // the sample at working resolution, 0..1 (CV_32F)
    cv::Mat inside;     // 0 at the outline rising to 1 a few pixels in (CV_32F)
};

Silhouette traceSilhouette(const QImage& sample) {
    Silhouette out;
    cv::Mat grey = qimageToMat(sample, true);
    const double scale = double(kWorkingSize) / std::max(grey.cols, grey.rows);
    cv::Mat big;
    cv::resize(grey, big, cv::Size(int(grey.cols * scale), int(grey.rows * scale)), 0, 0,
               cv::INTER_CUBIC);
    cv::GaussianBlur(big, big, cv::Size(0, 0), scale * 0.45);
    big.convertTo(out.intensity, CV_32F, 1.0 / 255);
    cv::Mat mask;
    const double otsu = cv::threshold(big, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    // Otsu splits product from background; it never goes below the noise floor.
    cv::threshold(big, mask, std::max(otsu * 0.6, 255 * kNoiseFloor * 1.5), 255, cv::THRESH_BINARY);
    // The blurred sample darkens towards its edge; the shading fades out there so the outline
    // reads as a clean line, not a smudged rim.
    cv::distanceTransform(mask, out.inside, cv::DIST_L2, 3);
    out.inside = cv::min(out.inside / (scale * 0.9), 1.0);
    std::vector<std::vector<cv::Point>> contours;
    std::vector<cv::Vec4i> hierarchy;
    cv::findContours(mask, contours, hierarchy, cv::RETR_CCOMP, cv::CHAIN_APPROX_NONE);
    double largest = 0;
    for (const auto& c : contours) largest = std::max(largest, std::abs(cv::contourArea(c)));
    const int window = std::max(2, int(scale * 0.9));
    const int step = std::max(1, int(scale / 3));
    out.path.setFillRule(Qt::OddEvenFill);  // holes (a bag's handle) stay open
    for (std::size_t i = 0; i < contours.size(); ++i) {
        // Specks and pinholes under 5% of the product are noise (a detached crumb of a shoe).
        if (std::abs(cv::contourArea(contours[i])) < largest * 0.05) continue;
        addClosedCurve(out.path, smoothContour(contours[i], window, step), QTransform());
    }
    return out;
}

// A shadow: the silhouette at a quarter of the size, blurred, as a translucent dark image.
QImage softShadow(const QPainterPath& path, const QSize& size, const QColor& colour) {
    const QSize small(std::max(1, size.width() / 4), std::max(1, size.height() / 4));
    QImage mask(small, QImage::Format_Grayscale8);
    mask.fill(0);
    {
        QPainter p(&mask);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(0.25, 0.25);
        p.fillPath(path, Qt::white);
    }
    cv::Mat m(mask.height(), mask.width(), CV_8U, mask.bits(), std::size_t(mask.bytesPerLine()));
    cv::GaussianBlur(m, m, cv::Size(0, 0), std::max(1.0, small.width() / 60.0));
    QImage shadow(small, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < small.height(); ++y) {
        const auto* a = mask.constScanLine(y);
        auto* row = reinterpret_cast<QRgb*>(shadow.scanLine(y));
        for (int x = 0; x < small.width(); ++x) {
            const int alpha = a[x] * colour.alpha() / 255;
            row[x] = qPremultiply(qRgba(colour.red(), colour.green(), colour.blue(), alpha));
        }
    }
    return shadow.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

// The sample's light and shade as a translucent white/black layer (drawn inside the outline),
// faded out towards the outline.
QImage shadingLayer(const cv::Mat& intensity, const cv::Mat& inside) {
    double mean = 0;
    int count = 0;
    for (int y = 0; y < intensity.rows; ++y)
        for (int x = 0; x < intensity.cols; ++x)
            if (const float v = intensity.at<float>(y, x); v > kNoiseFloor * 1.5) {
                mean += v;
                ++count;
            }
    mean = count ? mean / count : 0.5;
    QImage layer(intensity.cols, intensity.rows, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < intensity.rows; ++y) {
        auto* row = reinterpret_cast<QRgb*>(layer.scanLine(y));
        for (int x = 0; x < intensity.cols; ++x) {
            const double d = intensity.at<float>(y, x) - mean;
            const double strength = d > 0 ? 0.9 : 0.6;  // highlights carry the folds and seams
            const int alpha =
                int(std::min(0.4, std::abs(d) * strength) * inside.at<float>(y, x) * 255);
            const int c = d > 0 ? 255 : 0;
            row[x] = qPremultiply(qRgba(c, c, c, alpha));
        }
    }
    return layer;
}

}  // namespace

QImage illustrateProduct(const QImage& sample, const QSize& size, const QColor& paper,
                         const QColor& ink) {
    if (sample.isNull() || size.isEmpty()) return upscaleProduct(sample, size, paper, ink);
    Silhouette silhouette = traceSilhouette(sample);
    const QRectF bounds = silhouette.path.boundingRect();
    if (silhouette.path.isEmpty() || bounds.width() < 2 || bounds.height() < 2)
        return upscaleProduct(sample, size, paper, ink);

    // Working coordinates to the slot: the product's own bounds fill the slot, centred.
    const double scale =
        kMargin * std::min(size.width() / bounds.width(), size.height() / bounds.height());
    QTransform map;
    map.translate(size.width() / 2.0, size.height() / 2.0);
    map.scale(scale, scale);
    map.translate(-bounds.center().x(), -bounds.center().y());
    const QPainterPath path = map.map(silhouette.path);

    QImage out(size, QImage::Format_RGB888);
    out.fill(paper);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const double unit = std::min(size.width(), size.height());
    QColor shadowColour = mixColours(paper, Qt::black, 0.6);
    shadowColour.setAlpha(90);
    painter.drawImage(QPointF(unit * 0.012, unit * 0.025), softShadow(path, size, shadowColour));

    QLinearGradient body(path.boundingRect().topLeft(), path.boundingRect().bottomRight());
    body.setColorAt(0, mixColours(ink, Qt::white, 0.22));
    body.setColorAt(0.55, ink);
    body.setColorAt(1, mixColours(ink, Qt::black, 0.28));
    painter.fillPath(path, body);
    painter.save();
    painter.setClipPath(path);
    painter.setTransform(QTransform::fromScale(1, 1) * map, false);
    painter.drawImage(QPointF(0, 0), shadingLayer(silhouette.intensity, silhouette.inside));
    painter.restore();
    QPen outline(mixColours(ink, Qt::black, 0.45), std::max(1.0, unit / 320));
    outline.setJoinStyle(Qt::RoundJoin);
    painter.strokePath(path, outline);
    return out;
}

QImage upscaleProduct(const QImage& sample, const QSize& size, const QColor& paper,
                      const QColor& ink) {
    QImage out(size, QImage::Format_RGB888);
    out.fill(paper);
    if (sample.isNull() || size.isEmpty()) return out;
    cv::Mat mat = qimageToMat(sample, true);
    const double scale =
        std::min(double(size.width()) / mat.cols, double(size.height()) / mat.rows);
    const cv::Size target(std::max(1, int(mat.cols * scale)), std::max(1, int(mat.rows * scale)));
    cv::Mat up;
    cv::resize(mat, up, target, 0, 0, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    if (scale > 1.5) {
        // Unsharp mask: cubic upscaling of a 32 px drawing is soft.
        cv::Mat blurred;
        cv::GaussianBlur(up, blurred, cv::Size(0, 0), std::max(1.0, scale / 3));
        cv::addWeighted(up, 1.6, blurred, -0.6, 0, up);
    }
    // Bright product on black, tinted: product in ink on paper.
    QImage drawn(up.cols, up.rows, QImage::Format_RGB888);
    for (int y = 0; y < up.rows; ++y) {
        const auto* row = up.ptr<std::uint8_t>(y);
        for (int x = 0; x < up.cols; ++x) {
            const double v =
                std::clamp((row[x] / 255.0 - kNoiseFloor) / (1 - kNoiseFloor), 0.0, 1.0);
            drawn.setPixelColor(x, y, mixColours(paper, ink, v));
        }
    }
    QPainter painter(&out);
    painter.drawImage((size.width() - drawn.width()) / 2, (size.height() - drawn.height()) / 2,
                      drawn);
    return out;
}

double edgeRiseWidth(const QImage& visual, const QColor& paper) {
    const QImage image = visual.convertToFormat(QImage::Format_RGB32);
    const double background = luminance(paper.rgb());
    const int w = image.width();
    const int reach = std::max(3, w / 40);  // how far the plateaus on either side are looked for
    double total = 0;
    int rows = 0;
    std::vector<double> d(std::size_t(std::max(0, w)));
    for (int y = 0; y < image.height(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < w; ++x) d[std::size_t(x)] = std::abs(luminance(row[x]) - background);
        // The first clear departure from the paper: the product's left outline in this row.
        int edge = -1;
        for (int x = 0; x < w; ++x)
            if (d[std::size_t(x)] > 40) {
                edge = x;
                break;
            }
        if (edge < reach || edge + reach >= w) continue;
        const double low = d[std::size_t(edge - reach)];
        double high = 0;
        for (int x = edge; x < edge + reach; ++x) high = std::max(high, d[std::size_t(x)]);
        if (high - low < 40) continue;
        const double at10 = low + 0.1 * (high - low), at90 = low + 0.9 * (high - low);
        int x10 = edge - reach, x90 = edge + reach;
        for (int x = edge - reach; x < edge + reach; ++x)
            if (d[std::size_t(x)] <= at10) x10 = x;
        for (int x = x10; x < edge + reach; ++x)
            if (d[std::size_t(x)] >= at90) {
                x90 = x;
                break;
            }
        total += x90 - x10;
        ++rows;
    }
    return rows ? total / rows : -1;
}

}  // namespace adstudio
