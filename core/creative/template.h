// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QColor>
#include <QMap>
#include <QRectF>
#include <QSize>
#include <QString>

#include <vector>

namespace adstudio {

// A creative layout as data (resources/templates/*.json): a canvas size and named slots
// (visual, headline, subline, cta, badge, logo) as fractions of the canvas.
struct CreativeTemplate {
    QString id;    // "split-300x250"
    QString name;  // "Medium rectangle (IAB 300x250)"
    QSize size;
    QMap<QString, QRectF> slots;  // fractions in [0, 1]
    double cornerRadius = 0.18;   // of the CTA button's height

    QString sizeName() const { return QString("%1x%2").arg(size.width()).arg(size.height()); }
    bool has(const QString& slot) const { return slots.contains(slot); }
    QRectF rect(const QString& slot) const;  // in pixels

    static Result<CreativeTemplate> fromJson(const QByteArray& json, const QString& file);
};

// The layout with its slots mirrored left to right (the visual on the other side).
CreativeTemplate mirroredTemplate(const CreativeTemplate& layout);
// The layout with its slots squeezed into the top, leaving `stripPx` at the bottom free.
CreativeTemplate withBottomStrip(const CreativeTemplate& layout, int stripPx);

// The bundled templates, one per size: 300x250, 728x90, 160x600, 300x600, 320x50, 1080x1080.
Result<std::vector<CreativeTemplate>> builtInTemplates();

// The bundled font family ("DejaVu Sans"), registered with QFontDatabase once.
QString creativeFontFamily();

}  // namespace adstudio
