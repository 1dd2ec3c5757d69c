// SPDX-License-Identifier: MIT
#include "creative/creative.h"

#include <QColor>

namespace adstudio {

QJsonObject Creative::toJson() const {
    return {{"id", id},
            {"segment", segment},
            {"segment_name", segmentName},
            {"size", size},
            {"template", templateId},
            {"copy", copyId},
            {"visual", visualId},
            {"item", itemId},
            {"landing_url", landingUrl},
            {"headline", headline},
            {"subline", subline},
            {"cta", cta},
            {"brand", brand},
            {"badge", badge},
            {"predicted_ctr", predictedCtr},
            {"checks", checks.toJson()},
            {"palette", palette.toJson()},
            {"review", review},
            {"note", note}};
}

Creative Creative::fromJson(const QJsonObject& o) {
    Creative c;
    c.id = o.value("id").toString();
    c.segment = o.value("segment").toInt();
    c.segmentName = o.value("segment_name").toString();
    c.size = o.value("size").toString();
    c.templateId = o.value("template").toString();
    c.copyId = o.value("copy").toString();
    c.visualId = o.value("visual").toString();
    c.itemId = o.value("item").toString();
    c.landingUrl = o.value("landing_url").toString();
    c.headline = o.value("headline").toString();
    c.subline = o.value("subline").toString();
    c.cta = o.value("cta").toString();
    c.brand = o.value("brand").toString();
    c.badge = o.value("badge").toString();
    c.predictedCtr = o.value("predicted_ctr").toDouble();
    const QJsonObject checks = o.value("checks").toObject();
    c.checks.textFits = checks.value("text_fits").toBool();
    c.checks.noOverlap = checks.value("no_overlap").toBool();
    c.checks.minContrast = checks.value("min_contrast").toDouble();
    c.checks.repaired = checks.value("repaired").toBool();
    c.checks.copyProblem = checks.value("copy_problem").toString();
    c.checks.brandProblem = checks.value("brand_problem").toString();
    c.checks.brandDeltaE = checks.value("brand_delta_e").toDouble();
    c.checks.logoHeightPx = checks.value("logo_height_px").toInt();
    const QJsonObject palette = o.value("palette").toObject();
    c.palette.background = QColor(palette.value("background").toString());
    c.palette.panel = QColor(palette.value("panel").toString());
    c.palette.accent = QColor(palette.value("accent").toString());
    c.palette.text = QColor(palette.value("text").toString());
    c.palette.ctaText = QColor(palette.value("cta_text").toString());
    c.review = o.value("review").toString("pending");
    c.note = o.value("note").toString();
    return c;
}

}  // namespace adstudio
