// SPDX-License-Identifier: MIT
#include "creative/composer.h"

#include "common/image_convert.h"
#include "creative/colour_difference.h"
#include "creative/product_illustration.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace adstudio {
namespace {

constexpr double kMinimumContrast = 4.5;  // WCAG 2 AA for body text
constexpr int kSmallestFontPx = 8;

double channel(double c) {
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
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
FittedText fitText(const QString& text, const QRectF& box, bool bold, int maxPx, int flags,
                   const QString& family) {
    FittedText out;
    for (int px = maxPx; px >= kSmallestFontPx; --px) {
        QFont font(family);
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

// Text in a deep brand shade where it still reads (and `deepText` allows), else black or white;
// the call to action's text whichever reads best on it.
void setTextColours(Palette& p, const QColor& brand, bool deepText) {
    p.text = bestTextOn(p.background);
    const QColor deep = mixColours(brand, Qt::black, 0.55);
    if (deepText && contrastRatio(deep, p.background) >= 7) p.text = deep;
    p.ctaText = bestTextOn(p.accent);
}

void addProblem(CreativeChecks& checks, const QString& problem) {
    if (checks.brandProblem.isEmpty()) checks.brandProblem = problem;
}

// The mean colour of the logo's opaque pixels.
QColor inkOf(const QImage& logo) {
    double r = 0, g = 0, b = 0, weight = 0;
    const QImage argb = logo.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x) {
            const QColor c = argb.pixelColor(x, y);
            r += c.redF() * c.alphaF(), g += c.greenF() * c.alphaF(), b += c.blueF() * c.alphaF();
            weight += c.alphaF();
        }
    if (weight <= 0) return Qt::black;
    return QColor::fromRgbF(float(r / weight), float(g / weight), float(b / weight));
}

// The kit's logo, as large as the slot allows with its clear space inside the slot; returns
// where it was drawn.
QRectF drawLogo(QPainter& painter, const CreativeSpec& spec, const CreativeTemplate& t,
                CreativeChecks& checks) {
    const QRectF slot = t.rect("logo");
    const double clear = spec.brandKit ? spec.brandKit->logoClearSpace : 0.25;
    const int minimum = spec.brandKit ? spec.brandKit->logoMinHeightPx : 0;
    // The tallest the logo can be in the slot with its clear space around it.
    auto fittedHeight = [&](bool compact) {
        const QSizeF aspect = spec.brandAssets->logoAspect(compact);
        const double ratio = aspect.width() / std::max(1e-6, aspect.height());
        return std::pair{
            std::min(slot.height() / (1 + 2 * clear), slot.width() / (ratio + 2 * clear)), ratio};
    };
    auto [height, ratio] = fittedHeight(false);
    // Where the full logo would be too small, the compact mark stands in (as brand guides do).
    const bool compact = height < minimum && spec.brandAssets->hasCompactLogo();
    if (compact) std::tie(height, ratio) = fittedHeight(true);
    const QSize size(std::max(1, int(height * ratio)), std::max(1, int(height)));
    const QImage logo = spec.brandAssets->logoAt(size, compact);
    const QRectF drawn(slot.center() - QPointF(logo.width() / 2.0, logo.height() / 2.0),
                       QSizeF(logo.size()));
    // A logo that does not stand out from the ground (a dark logo on a dark variant) sits on a
    // light plate, as brand guides ask, within its clear space.
    const QColor logoInk = inkOf(logo);
    if (contrastRatio(logoInk, spec.palette.background) < 3) {
        const double pad = clear * height * 0.6;
        const QColor plate =
            contrastRatio(logoInk, Qt::white) >= 3 ? QColor(Qt::white) : QColor(Qt::black);
        fillRounded(painter, drawn.adjusted(-pad, -pad, pad, pad), plate, pad);
        checks.repaired = true;
    }
    painter.drawImage(drawn.topLeft(), logo);
    checks.logoHeightPx = logo.height();
    if (logo.height() < minimum)
        addProblem(checks, QString("logo %1 px high at %2, below the brand's %3 px minimum")
                               .arg(logo.height())
                               .arg(t.sizeName())
                               .arg(minimum));
    return drawn;
}

// Nothing else drawn within the clear space around the logo.
void checkLogoClearSpace(const QRectF& logo, const QRectF& cta, const CreativeTemplate& t,
                         const CreativeSpec& spec, RenderedCreative& out) {
    const double margin = (spec.brandKit ? spec.brandKit->logoClearSpace : 0.25) * logo.height();
    const QRectF guarded = logo.adjusted(-margin, -margin, margin, margin);
    QMap<QString, QRectF> others;
    for (auto it = out.textBoxes.cbegin(); it != out.textBoxes.cend(); ++it)
        others.insert(it.key(), QRectF(it.value()));
    others.insert("cta", cta);
    if (t.has("visual")) others.insert("visual", t.rect("visual"));
    for (auto it = others.cbegin(); it != others.cend(); ++it)
        if (guarded.intersects(it.value()))
            addProblem(out.checks, QString("the %1 is inside the logo's clear space at %2")
                                       .arg(it.key(), t.sizeName()));
}

// The legal line in the bottom strip: in full where it fits, else the short form.
void drawLegalLine(QPainter& painter, const CreativeSpec& spec, const QRectF& strip,
                   const QString& family, RenderedCreative& out) {
    const int maxPx = std::clamp(int(strip.height() * 0.7), kSmallestFontPx, 14);
    const int flags = Qt::AlignCenter;
    for (const QString& text : {spec.legal, spec.legalShort}) {
        if (text.isEmpty()) continue;
        const FittedText fitted = fitText(text, strip, false, maxPx, flags, family);
        if (!fitted.fits) continue;
        const QColor ink = bestTextOn(spec.palette.background);
        const QRect area = fitted.bounds.toAlignedRect();
        // Measured on what lies behind the text, before it is drawn.
        out.checks.minContrast =
            std::min(out.checks.minContrast, measuredContrast(out.image, area, ink));
        painter.setFont(fitted.font);
        painter.setPen(ink);
        painter.drawText(strip, flags | Qt::TextWordWrap, text);
        out.textBoxes.insert("legal", area);
        out.textColours.insert("legal", ink);
        return;
    }
    addProblem(out.checks, QString("the legal line does not fit at %1x%2; give a shorter "
                                   "legal_short in the brand kit")
                               .arg(spec.layout.size.width())
                               .arg(spec.layout.size.height()));
}

// Every fill is a brand colour, one of its tints or shades, or a neutral.
void checkBrandColours(const CreativeSpec& spec, CreativeChecks& checks) {
    const Palette& p = spec.palette;
    double worst = 0;
    QString which;
    for (auto [name, colour] : {std::pair{"background", p.background}, std::pair{"panel", p.panel},
                                std::pair{"accent", p.accent}}) {
        const double d = brandDeltaE(colour, *spec.brandKit);
        if (d > worst) worst = d, which = name;
    }
    checks.brandDeltaE = worst;
    if (worst > kMaxBrandDeltaE)
        addProblem(checks, QString("the %1 colour is %2 ΔE00 from the brand's colours (at most %3)")
                               .arg(which)
                               .arg(worst, 0, 'f', 1)
                               .arg(kMaxBrandDeltaE, 0, 'f', 0));
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
            {"brand_problem", brandProblem},
            {"brand_delta_e", std::round(brandDeltaE * 10) / 10},
            {"logo_height_px", logoHeightPx},
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
    p.background = mixColours(mixColours(brand, Qt::white, 0.88), dominant, 0.12);
    p.panel = mixColours(p.background, Qt::white, 0.6);
    setTextColours(p, brand, true);
    return p;
}

Palette stylePalette(const QImage& visual, const std::vector<QColor>& brandColours,
                     PaletteStyle style, bool strict, std::uint64_t seed) {
    const QColor primary = brandColours.empty() ? QColor("#00798c") : brandColours[0];
    const QColor secondary = brandColours.size() > 1 ? brandColours[1] : primary;
    const QColor accent = brandColours.size() > 2 ? brandColours[2] : secondary;
    Palette p;
    switch (style) {
        case PaletteStyle::Light:
            if (!strict) return derivePalette(visual, primary, seed);
            p.accent = primary;
            p.background = mixColours(primary, Qt::white, 0.88);
            p.panel = mixColours(p.background, Qt::white, 0.6);
            break;
        case PaletteStyle::Dark:
            // A deep shade dark enough for white text whatever the primary's lightness.
            p.background = mixColours(primary, Qt::black, 0.55);
            for (double t = 0.6; contrastRatio(Qt::white, p.background) < 7 && t <= 0.9; t += 0.1)
                p.background = mixColours(primary, Qt::black, t);
            p.panel = mixColours(p.background, Qt::white, 0.12);
            // The call to action must stand out from the dark ground: the accent, or a light tint.
            p.accent = contrastRatio(accent, p.background) >= 3
                           ? accent
                           : mixColours(accent, Qt::white, 0.6);
            break;
        case PaletteStyle::Tinted:
            p.accent = primary;
            p.background = mixColours(secondary, Qt::white, 0.82);
            p.panel = mixColours(accent, Qt::white, 0.9);
            break;
    }
    setTextColours(p, primary, style != PaletteStyle::Dark);
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
    // A legal line takes a strip along the bottom; the layout's slots share the rest.
    const int legalStripPx =
        spec.legal.isEmpty() ? 0 : std::clamp(int(spec.layout.size.height() * 0.05), 10, 24);
    const CreativeTemplate t =
        legalStripPx ? withBottomStrip(spec.layout, legalStripPx) : spec.layout;
    const Palette& p = spec.palette;
    const QString family = spec.brandAssets && !spec.brandAssets->fontFamily().isEmpty()
                               ? spec.brandAssets->fontFamily()
                               : creativeFontFamily();
    const bool logoImage = spec.brandAssets && spec.brandAssets->hasLogo() && t.has("logo");
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
        fillRounded(painter, badgeRect, mixColours(p.accent, Qt::black, 0.25),
                    badgeRect.height() * 0.3);
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
                        bestTextOn(mixColours(p.accent, Qt::black, 0.25)), true});
    if (t.has("logo") && !spec.logo.isEmpty() && !logoImage)
        jobs.push_back({"logo", spec.logo, t.rect("logo"), true, Qt::AlignCenter, p.text, false});
    if (typographic)
        jobs.push_back({"visual", spec.visualText, inset(t.rect("visual"), 0.1), true,
                        Qt::AlignCenter, bestTextOn(p.accent), true});

    for (TextJob& job : jobs) {
        const int maxPx = int(std::clamp(job.box.height() * (job.slot == "headline" ? 0.42 : 0.6),
                                         double(kSmallestFontPx), 72.0));
        const FittedText fitted = fitText(job.text, job.box, job.bold, maxPx, job.flags, family);
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
    QRectF logoDrawn;
    if (logoImage) logoDrawn = drawLogo(painter, spec, t, out.checks);
    if (legalStripPx) {
        const QRectF strip(t.size.width() * 0.03, t.size.height() - legalStripPx,
                           t.size.width() * 0.94, legalStripPx);
        drawLegalLine(painter, spec, strip, family, out);
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
    if (!logoDrawn.isNull()) checkLogoClearSpace(logoDrawn, ctaRect, t, spec, out);
    if (spec.brandKit && spec.brandKit->hasColours()) checkBrandColours(spec, out.checks);
    return out;
}

}  // namespace adstudio
