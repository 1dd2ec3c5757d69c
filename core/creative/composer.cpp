// SPDX-License-Identifier: MIT
#include "creative/composer.h"

#include "common/image_convert.h"
#include "creative/product_illustration.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace adstudio {
namespace {

constexpr double kMinimumContrast = 4.5;  // WCAG 2 AA for body text
constexpr int kSmallestFontPx = 8;

double channel(double c) {
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor bestTextOn(const QColor& background) {
    return contrastRatio(Qt::black, background) >= contrastRatio(Qt::white, background)
               ? QColor(Qt::black)
               : QColor(Qt::white);
}

// The 5th-percentile contrast of `ink` against the pixels of `area` (the rendered background
// behind a text), so a few dark pixels in a light area count but do not dominate.
double measuredContrast(const QImage& canvas, const QRect& area, const QColor& ink) {
    std::vector<double> ratios;
    const QRect r = area.intersected(canvas.rect());
    const int step = std::max(1, std::min(r.width(), r.height()) / 24);
    for (int y = r.top(); y <= r.bottom(); y += step)
        for (int x = r.left(); x <= r.right(); x += step)
            ratios.push_back(contrastRatio(canvas.pixelColor(x, y), ink));
    if (ratios.empty()) return 21;
    const auto nth = ratios.begin() + std::ptrdiff_t(ratios.size() / 20);
    std::nth_element(ratios.begin(), nth, ratios.end());
    return *nth;
}

struct FittedText {
    QFont font;
    QRectF bounds;  // the area the wrapped text needs, inside the box
    bool fits = false;
};

// Largest font (from `maxPx` down) at which the wrapped text fits the box; words never split.
FittedText fitText(const QString& text, const QRectF& box, bool bold, int maxPx, int flags) {
    FittedText out;
    for (int px = maxPx; px >= kSmallestFontPx; --px) {
        QFont font(creativeFontFamily());
        font.setPixelSize(px);
        font.setBold(bold);
        const QFontMetricsF metrics(font);
        bool wordsFit = true;
        for (const QString& word : text.split(' ', Qt::SkipEmptyParts))
            wordsFit = wordsFit && metrics.horizontalAdvance(word) <= box.width();
        const QRectF needed = metrics.boundingRect(box, flags | Qt::TextWordWrap, text);
        out.font = font;
        out.bounds = needed.intersected(box);
        if (wordsFit && needed.height() <= box.height() && needed.width() <= box.width() + 0.5) {
            out.fits = true;
            out.bounds = needed;
            return out;
        }
    }
    return out;
}

void fillRounded(QPainter& painter, const QRectF& rect, const QColor& colour, double radius) {
    QPainterPath path;
    path.addRoundedRect(rect, radius, radius);
    painter.fillPath(path, colour);
}

}  // namespace

double relativeLuminance(const QColor& c) {
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QJsonObject Palette::toJson() const {
    return {{"background", background.name()},
            {"panel", panel.name()},
            {"accent", accent.name()},
            {"text", text.name()},
            {"cta_text", ctaText.name()}};
}

QJsonObject CreativeChecks::toJson() const {
    return {{"text_fits", textFits},
            {"no_overlap", noOverlap},
            {"min_contrast", std::round(minContrast * 100) / 100},
            {"repaired", repaired},
            {"copy_problem", copyProblem},
            {"passed", passed()}};
}

Palette derivePalette(const QImage& visual, const QColor& brand, std::uint64_t seed) {
    // Dominant colours of the visual: k-means on its pixels in CIE Lab.
    cv::Mat bgr = qimageToMat(visual.convertToFormat(QImage::Format_RGB888));
    cv::Mat small;
    cv::resize(bgr, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    cv::Mat lab;
    small.convertTo(lab, CV_32F, 1.0 / 255);
    cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
    cv::Mat samples = lab.reshape(1, int(lab.total()));
    cv::Mat labels, centers;
    cv::theRNG().state = seed;
    cv::kmeans(samples, 3, labels, cv::TermCriteria(cv::TermCriteria::COUNT, 20, 1.0), 2,
               cv::KMEANS_PP_CENTERS, centers);
    std::vector<int> counts(3, 0);
    for (int i = 0; i < labels.rows; ++i) ++counts[std::size_t(labels.at<int>(i))];
    const int top = int(std::max_element(counts.begin(), counts.end()) - counts.begin());
    cv::Mat centre(1, 1, CV_32FC3, centers.ptr<float>(top));
    cv::Mat rgb;
    cv::cvtColor(centre, rgb, cv::COLOR_Lab2RGB);
    const cv::Vec3f c = rgb.at<cv::Vec3f>(0, 0);
    const QColor dominant = QColor::fromRgbF(std::clamp(c[0], 0.f, 1.f), std::clamp(c[1], 0.f, 1.f),
                                             std::clamp(c[2], 0.f, 1.f));

    Palette p;
    p.accent = brand;
    p.background = mix(mix(brand, Qt::white, 0.88), dominant, 0.12);
    p.panel = mix(p.background, Qt::white, 0.6);
    p.text = bestTextOn(p.background);
    // A deep brand shade for the text when it still reads; otherwise black or white.
    const QColor deep = mix(brand, Qt::black, 0.55);
    if (contrastRatio(deep, p.background) >= 7) p.text = deep;
    p.ctaText = bestTextOn(p.accent);
    return p;
}

QImage prepareVisual(const QImage& source, const QSize& size, const QColor& paper,
                     const QColor& ink) {
    // A generated product (grey on black) is drawn as vectors at the slot's size.
    if (source.isGrayscale()) return illustrateProduct(source, size, paper, ink);
    cv::Mat mat = qimageToMat(source);
    const double scale =
        std::min(double(size.width()) / mat.cols, double(size.height()) / mat.rows);
    const cv::Size target(std::max(1, int(mat.cols * scale)), std::max(1, int(mat.rows * scale)));
    cv::Mat fitted;
    cv::resize(mat, fitted, target, 0, 0, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    QImage out(size, QImage::Format_RGB888);
    out.fill(paper);
    QPainter painter(&out);
    const QImage drawn = matToQImage(fitted);
    painter.drawImage((size.width() - drawn.width()) / 2, (size.height() - drawn.height()) / 2,
                      drawn);
    return out;
}

RenderedCreative renderCreative(const CreativeSpec& spec) {
    const CreativeTemplate& t = spec.layout;
    const Palette& p = spec.palette;
    RenderedCreative out;
    out.image = QImage(t.size, QImage::Format_RGB888);
    out.image.fill(p.background);
    QPainter painter(&out.image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    const bool typographic = t.has("visual") && spec.visual.isNull() && !spec.visualText.isEmpty();
    if (t.has("visual") && !spec.visual.isNull()) {
        const QRect r = t.rect("visual").toAlignedRect();
        fillRounded(painter, r, p.panel, std::min(r.width(), r.height()) * 0.06);
        painter.drawImage(r.topLeft(), prepareVisual(spec.visual, r.size(), p.panel, p.accent));
    } else if (typographic) {
        // No picture of the product: the panel carries its name in large type instead.
        const QRect r = t.rect("visual").toAlignedRect();
        fillRounded(painter, r, p.accent, std::min(r.width(), r.height()) * 0.06);
    }
    const QRectF ctaRect = t.rect("cta");
    fillRounded(painter, ctaRect, p.accent, ctaRect.height() * t.cornerRadius);
    QRectF badgeRect;
    if (t.has("badge") && !spec.badge.isEmpty()) {
        badgeRect = t.rect("badge");
        fillRounded(painter, badgeRect, mix(p.accent, Qt::black, 0.25), badgeRect.height() * 0.3);
    }

    struct TextJob {
        QString slot, text;
        QRectF box;
        bool bold;
        int flags;
        QColor colour;
        bool onFill;  // drawn on the CTA or badge fill
    };
    std::vector<TextJob> jobs;
    auto inset = [](const QRectF& r, double f) {
        return r.adjusted(r.width() * f, r.height() * f, -r.width() * f, -r.height() * f);
    };
    jobs.push_back({"headline", spec.headline, t.rect("headline"), true,
                    Qt::AlignLeft | Qt::AlignVCenter, p.text, false});
    if (t.has("subline") && !spec.subline.isEmpty())
        jobs.push_back({"subline", spec.subline, t.rect("subline"), false,
                        Qt::AlignLeft | Qt::AlignTop, p.text, false});
    jobs.push_back({"cta", spec.cta, inset(ctaRect, 0.08), true, Qt::AlignCenter, p.ctaText, true});
    if (!badgeRect.isNull())
        jobs.push_back({"badge", spec.badge, inset(badgeRect, 0.1), true, Qt::AlignCenter,
                        bestTextOn(mix(p.accent, Qt::black, 0.25)), true});
    if (t.has("logo") && !spec.logo.isEmpty())
        jobs.push_back({"logo", spec.logo, t.rect("logo"), true, Qt::AlignCenter, p.text, false});
    if (typographic)
        jobs.push_back({"visual", spec.visualText, inset(t.rect("visual"), 0.1), true,
                        Qt::AlignCenter, bestTextOn(p.accent), true});

    for (TextJob& job : jobs) {
        const int maxPx = int(std::clamp(job.box.height() * (job.slot == "headline" ? 0.42 : 0.6),
                                         double(kSmallestFontPx), 72.0));
        const FittedText fitted = fitText(job.text, job.box, job.bold, maxPx, job.flags);
        out.checks.textFits = out.checks.textFits && fitted.fits;
        const QRect area = fitted.bounds.toAlignedRect();
        double contrast = measuredContrast(out.image, area, job.colour);
        if (contrast < kMinimumContrast) {
            // Repair 1: the better of black and white on what is actually there.
            const QColor alternative =
                job.colour == QColor(Qt::black) ? QColor(Qt::white) : QColor(Qt::black);
            const double other = measuredContrast(out.image, area, alternative);
            if (other > contrast) {
                job.colour = alternative;
                contrast = other;
            }
            out.checks.repaired = true;
        }
        if (contrast < kMinimumContrast && !job.onFill) {
            // Repair 2: an underlay in the background colour behind the text.
            painter.fillRect(area.adjusted(-3, -2, 3, 2), p.background);
            job.colour = bestTextOn(p.background);
            contrast = measuredContrast(out.image, area, job.colour);
        }
        painter.setFont(fitted.font);
        painter.setPen(job.colour);
        painter.drawText(job.box, job.flags | Qt::TextWordWrap, job.text);
        out.checks.minContrast = std::min(out.checks.minContrast, contrast);
        out.textBoxes.insert(job.slot, area);
        out.textColours.insert(job.slot, job.colour);
    }
    // Text must not run into the CTA or the logo.
    const QRect cta = ctaRect.toAlignedRect();
    const QRect logo = t.has("logo") ? t.rect("logo").toAlignedRect() : QRect();
    for (const QString slot : {"headline", "subline", "badge"}) {
        if (!out.textBoxes.contains(slot)) continue;
        const QRect box = out.textBoxes.value(slot);
        if (box.intersects(cta) || (!logo.isNull() && box.intersects(logo)))
            out.checks.noOverlap = false;
    }
    return out;
}

}  // namespace adstudio
