// SPDX-License-Identifier: MIT
#include "creative/brand_kit.h"

#include "common/atomic_file.h"
#include "creative/colour_difference.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QPainter>
#include <QSvgRenderer>

#include <algorithm>

namespace adstudio {
namespace {

const QString kColourFix = QStringLiteral("write colours as \"#rrggbb\", e.g. \"#00798c\"");

Result<QColor> colourField(const QJsonObject& colours, const QString& key, const QString& file) {
    const QJsonValue v = colours.value(key);
    if (v.isUndefined() || v.isNull()) return QColor();
    const QColor c(v.toString());
    if (!v.isString() || !c.isValid()) {
        const QString shown =
            v.isString() ? "\"" + v.toString() + "\"" : QString("a non-text value");
        return makeError(file, 0, 0, QString("\"colours.%1\": %2 is not a colour").arg(key, shown),
                         kColourFix);
    }
    // Kept as 8 bits per channel, as it is written back ("#rgb" and "#rrrgggbbb" read too).
    return QColor(c.name());
}

Result<QString> existingFile(const QJsonObject& o, const QString& key, const QString& folder,
                             const QString& file, const QStringList& suffixes) {
    const QString value = o.value(key).toString().trimmed();
    if (value.isEmpty()) return QString();
    const QString path = QDir(folder).absoluteFilePath(value);
    if (!QFileInfo(path).isFile())
        return makeError(file, 0, 0, QString("\"%1\": %2 does not exist").arg(key, path),
                         QString("put the file next to %1 or give its absolute path")
                             .arg(QFileInfo(file).fileName()));
    if (!suffixes.contains(QFileInfo(path).suffix().toLower()))
        return makeError(file, 0, 0,
                         QString("\"%1\": %2 is not a %3 file")
                             .arg(key, QFileInfo(path).fileName(), suffixes.join("/").toUpper()),
                         QString("give a %1 file").arg(suffixes.join(" or ").toUpper()));
    return QDir::cleanPath(path);
}

QString relativeIfInside(const QString& path, const QString& folder) {
    if (path.isEmpty()) return path;
    const QString rel = QDir(folder).relativeFilePath(path);
    return rel.startsWith("..") ? path : rel;
}

}  // namespace

std::vector<QColor> BrandKit::colours() const {
    std::vector<QColor> out;
    for (const QColor& c : {primary, secondary, accent})
        if (c.isValid()) out.push_back(c);
    return out;
}

QJsonObject BrandKit::toJson(const QString& folder) const {
    QJsonObject colours;
    if (primary.isValid()) colours["primary"] = primary.name();
    if (secondary.isValid()) colours["secondary"] = secondary.name();
    if (accent.isValid()) colours["accent"] = accent.name();
    QJsonObject o{{"name", name},
                  {"colours", colours},
                  {"tone", QJsonArray::fromStringList(toneWords)},
                  {"legal", legalLine},
                  {"legal_short", legalShort},
                  {"logo_min_height_px", logoMinHeightPx},
                  {"logo_clear_space", logoClearSpace}};
    if (!logoFile.isEmpty()) o["logo"] = relativeIfInside(logoFile, folder);
    if (!compactLogoFile.isEmpty()) o["logo_compact"] = relativeIfInside(compactLogoFile, folder);
    if (!fontFile.isEmpty()) o["font"] = relativeIfInside(fontFile, folder);
    return o;
}

Result<BrandKit> BrandKit::fromJson(const QByteArray& json, const QString& file,
                                    const QString& folder) {
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(file, 0, 0,
                         QString("not a brand kit: %1 at byte %2")
                             .arg(doc.isObject() || parseError.error != QJsonParseError::NoError
                                      ? parseError.errorString()
                                      : QStringLiteral("expected a JSON object"))
                             .arg(parseError.offset),
                         "write a JSON object with name, logo, colours, font, tone and legal");
    const QJsonObject o = doc.object();
    BrandKit kit;
    kit.name = o.value("name").toString().trimmed();
    const QJsonObject colours =
        o.contains("colours") ? o.value("colours").toObject() : o.value("colors").toObject();
    for (auto [key, target] :
         {std::pair{"primary", &kit.primary}, std::pair{"secondary", &kit.secondary},
          std::pair{"accent", &kit.accent}}) {
        auto colour = colourField(colours, key, file);
        if (!colour) return colour.error();
        *target = *colour;
    }
    if (!kit.primary.isValid() && (kit.secondary.isValid() || kit.accent.isValid()))
        return makeError(file, 0, 0, "\"colours.primary\" is missing",
                         "set the primary colour; secondary and accent are optional");
    auto logo = existingFile(o, "logo", folder, file, {"png", "svg", "jpg", "jpeg"});
    if (!logo) return logo.error();
    kit.logoFile = *logo;
    auto compact = existingFile(o, "logo_compact", folder, file, {"png", "svg", "jpg", "jpeg"});
    if (!compact) return compact.error();
    kit.compactLogoFile = *compact;
    auto font = existingFile(o, "font", folder, file, {"ttf", "otf"});
    if (!font) return font.error();
    kit.fontFile = *font;
    for (const QJsonValue& word : o.value("tone").toArray())
        if (!word.toString().trimmed().isEmpty())
            kit.toneWords << word.toString().trimmed().toLower();
    kit.legalLine = o.value("legal").toString().simplified();
    kit.legalShort = o.value("legal_short").toString().simplified();
    kit.logoMinHeightPx = o.value("logo_min_height_px").toInt(kit.logoMinHeightPx);
    kit.logoClearSpace = o.value("logo_clear_space").toDouble(kit.logoClearSpace);
    if (kit.logoMinHeightPx < 4 || kit.logoMinHeightPx > 400)
        return makeError(
            file, 0, 0,
            QString("\"logo_min_height_px\": %1 is out of range").arg(kit.logoMinHeightPx),
            "give a height between 4 and 400 pixels");
    if (kit.logoClearSpace < 0 || kit.logoClearSpace > 2)
        return makeError(
            file, 0, 0, QString("\"logo_clear_space\": %1 is out of range").arg(kit.logoClearSpace),
            "give the free margin as a fraction of the logo's height, 0 to 2");
    if (kit.name.isEmpty() && kit.logoFile.isEmpty())
        return makeError(file, 0, 0, "neither \"name\" nor \"logo\" is set",
                         "name the advertiser or give a logo file");
    return kit;
}

Result<BrandKit> readBrandKit(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path, 0, 0, "cannot open the brand kit: " + file.errorString(),
                         "check the path and that the file is readable");
    return BrandKit::fromJson(file.readAll(), path, QFileInfo(path).absolutePath());
}

Status writeBrandKit(const BrandKit& kit, const QString& path) {
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return makeError(folder, 0, 0, "cannot create the folder", "check the permissions");
    BrandKit stored = kit;
    for (QString* asset : {&stored.logoFile, &stored.compactLogoFile, &stored.fontFile}) {
        if (asset->isEmpty()) continue;
        const QString target = QDir(folder).filePath(QFileInfo(*asset).fileName());
        if (QFileInfo(*asset).absoluteFilePath() != QFileInfo(target).absoluteFilePath()) {
            QFile source(*asset);
            if (!source.open(QIODevice::ReadOnly))
                return makeError(*asset, 0, 0, "cannot read: " + source.errorString(),
                                 "check that the file exists and is readable");
            if (Status s = writeFileAtomically(target, source.readAll()); !s) return s;
        }
        *asset = target;
    }
    return writeJsonFile(path, stored.toJson(folder));
}

Result<BrandAssets::Logo> BrandAssets::loadLogo(const QString& file) {
    Logo logo;
    if (file.isEmpty()) return logo;
    if (file.endsWith(".svg", Qt::CaseInsensitive)) {
        auto svg = std::make_shared<QSvgRenderer>(file);
        if (!svg->isValid() || svg->defaultSize().isEmpty())
            return makeError(file, 0, 0, "the SVG logo does not render",
                             "export the logo again as plain SVG 1.1 (or give a PNG)");
        logo.svg = std::move(svg);
    } else if (!logo.image.load(file)) {
        return makeError(file, 0, 0, "the logo image does not read",
                         "give a PNG, JPEG or SVG file");
    }
    return logo;
}

Result<BrandAssets> BrandAssets::load(const BrandKit& kit) {
    BrandAssets assets;
    auto logo = loadLogo(kit.logoFile);
    if (!logo) return logo.error();
    assets.m_logo = *logo;
    auto compact = loadLogo(kit.compactLogoFile);
    if (!compact) return compact.error();
    assets.m_compact = *compact;
    if (!kit.fontFile.isEmpty()) {
        // Registered once per file: previews reload the kit on every edit.
        static QMutex mutex;
        static QHash<QString, QString> registered;
        const QMutexLocker lock(&mutex);
        if (!registered.contains(kit.fontFile)) {
            const int id = QFontDatabase::addApplicationFont(kit.fontFile);
            const QStringList families =
                id >= 0 ? QFontDatabase::applicationFontFamilies(id) : QStringList();
            if (families.isEmpty())
                return makeError(
                    kit.fontFile, 0, 0, "not a TrueType or OpenType font",
                    "give a .ttf or .otf file, or leave the font unset for DejaVu Sans");
            registered.insert(kit.fontFile, families.front());
        }
        assets.m_fontFamily = registered.value(kit.fontFile);
    }
    return assets;
}

QSizeF BrandAssets::logoAspect(bool compact) const {
    const Logo& l = logo(compact);
    if (l.svg)
        return l.svg->viewBoxF().isEmpty() ? QSizeF(l.svg->defaultSize())
                                           : l.svg->viewBoxF().size();
    return l.image.size();
}

QImage BrandAssets::logoAt(const QSize& box, bool compact) const {
    const QSizeF aspect = logoAspect(compact);
    if (aspect.isEmpty() || box.isEmpty()) return {};
    const QSize size = aspect.scaled(QSizeF(box), Qt::KeepAspectRatio).toSize().expandedTo({1, 1});
    QImage out(size, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const Logo& l = logo(compact);
    if (l.svg)
        l.svg->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    else
        painter.drawImage(QRect(QPoint(0, 0), size), l.image);
    return out;
}

double brandDeltaE(const QColor& colour, const BrandKit& kit) {
    const LabColour lab = toLab(colour);
    // A neutral grey of the same lightness is always on brand (text, rules, shadows).
    double best = deltaE2000(lab, LabColour{lab.l, 0, 0});
    constexpr int kSteps = 40;
    for (const QColor& brand : kit.colours())
        for (int s = 0; s <= kSteps; ++s) {
            const double t = double(s) / kSteps;
            best = std::min({best, deltaE2000(lab, toLab(mixColours(brand, Qt::white, t))),
                             deltaE2000(lab, toLab(mixColours(brand, Qt::black, t)))});
        }
    return best;
}

}  // namespace adstudio
