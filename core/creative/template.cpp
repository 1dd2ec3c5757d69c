// SPDX-License-Identifier: MIT
#include "creative/template.h"

#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace adstudio {

QRectF CreativeTemplate::rect(const QString& slot) const {
    const QRectF f = slots.value(slot);
    return {f.x() * size.width(), f.y() * size.height(), f.width() * size.width(),
            f.height() * size.height()};
}

Result<CreativeTemplate> CreativeTemplate::fromJson(const QByteArray& json, const QString& file) {
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    CreativeTemplate t;
    t.id = o.value("id").toString();
    t.name = o.value("name").toString(t.id);
    t.size = QSize(o.value("width").toInt(), o.value("height").toInt());
    t.cornerRadius = o.value("corner_radius").toDouble(0.18);
    const QJsonObject slots = o.value("slots").toObject();
    for (auto it = slots.begin(); it != slots.end(); ++it) {
        const QJsonObject r = it->toObject();
        const QRectF rect(r.value("x").toDouble(), r.value("y").toDouble(), r.value("w").toDouble(),
                          r.value("h").toDouble());
        if (rect.left() < 0 || rect.top() < 0 || rect.right() > 1.0001 || rect.bottom() > 1.0001 ||
            rect.isEmpty())
            return makeError(file, 0, 0, "slot '" + it.key() + "' lies outside the canvas",
                             "give x, y, w, h as fractions in [0, 1]");
        t.slots.insert(it.key(), rect);
    }
    if (t.id.isEmpty() || t.size.isEmpty() || !t.slots.contains("headline") ||
        !t.slots.contains("cta"))
        return makeError(file, 0, 0,
                         "a template needs id, width, height, a headline and a cta slot",
                         "compare with resources/templates/split-300x250.json");
    return t;
}

Result<std::vector<CreativeTemplate>> builtInTemplates() {
    std::vector<CreativeTemplate> out;
    const QDir dir(":/adstudio/templates");
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return makeError(file.fileName(), 0, 0, "cannot read", "rebuild AdStudio");
        auto t = CreativeTemplate::fromJson(file.readAll(), file.fileName());
        if (!t) return t.error();
        out.push_back(*t);
    }
    if (out.empty()) return makeError(dir.path(), 0, 0, "no templates", "rebuild AdStudio");
    return out;
}

CreativeTemplate mirroredTemplate(const CreativeTemplate& layout) {
    CreativeTemplate out = layout;
    out.id += "-mirrored";
    for (QRectF& slot : out.slots) slot.moveLeft(1.0 - slot.right());
    return out;
}

CreativeTemplate withBottomStrip(const CreativeTemplate& layout, int stripPx) {
    CreativeTemplate out = layout;
    const double keep = 1.0 - double(stripPx) / std::max(1, layout.size.height());
    for (QRectF& slot : out.slots)
        slot = QRectF(slot.x(), slot.y() * keep, slot.width(), slot.height() * keep);
    return out;
}

QString creativeFontFamily() {
    static const QString family = [] {
        QString f;
        for (const char* path :
             {":/adstudio/fonts/DejaVuSans.ttf", ":/adstudio/fonts/DejaVuSans-Bold.ttf"}) {
            const int id = QFontDatabase::addApplicationFont(path);
            if (id >= 0 && f.isEmpty()) f = QFontDatabase::applicationFontFamilies(id).value(0);
        }
        return f.isEmpty() ? QString("DejaVu Sans") : f;
    }();
    return family;
}

}  // namespace adstudio
