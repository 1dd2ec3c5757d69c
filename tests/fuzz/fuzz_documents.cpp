// SPDX-License-Identifier: MIT
// libFuzzer target: the JSON documents a user may edit or bring besides the project — a
// creative template, a model's or GAN's training settings (model.json / config.json), the
// optimizer settings inside them and a brand kit (brand.json). The first byte picks the
// document. A template that reads must have a size and its boxes inside the canvas; settings
// always read to something usable; a brand kit that reads writes back to one that reads the
// same, with colour differences that are numbers.
#include "creative/brand_kit.h"
#include "creative/template.h"
#include "train/gan.h"
#include "train/optimizer_settings.h"
#include "train/recommender.h"

#include <QJsonDocument>

#include <cmath>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), int(size - 1));
    switch (data[0] % 4) {
        case 0: {
            auto parsed = adstudio::CreativeTemplate::fromJson(bytes, QStringLiteral("t.json"));
            if (parsed) {
                if (parsed->size.isEmpty()) std::abort();
                const QRectF canvas(0, 0, 1, 1);
                for (const QRectF& slot : parsed->slots)
                    if (!canvas.contains(slot)) std::abort();
            }
            if (!parsed) (void)parsed.error().toString();
            break;
        }
        case 1: {
            const QJsonObject json = QJsonDocument::fromJson(bytes).object();
            auto config = adstudio::RecommenderConfig::fromJson(json);
            if (config) (void)adstudio::RecommenderConfig::fromJson(config->toJson()).value();
            break;
        }
        case 3: {
            // Relative paths resolve in a folder that does not exist: no file is ever found.
            const QString folder = QStringLiteral("/nonexistent-adstudio-fuzz");
            auto kit = adstudio::BrandKit::fromJson(bytes, QStringLiteral("brand.json"), folder);
            if (!kit) {
                (void)kit.error().toString();
                break;
            }
            const QByteArray written = QJsonDocument(kit->toJson(folder)).toJson();
            auto again =
                adstudio::BrandKit::fromJson(written, QStringLiteral("brand.json"), folder);
            if (!again || again->primary != kit->primary || again->name != kit->name ||
                again->legalLine != kit->legalLine)
                std::abort();
            for (const QColor& colour : kit->colours())
                if (!std::isfinite(adstudio::brandDeltaE(colour, *kit))) std::abort();
            break;
        }
        case 2: {
            const QJsonObject json = QJsonDocument::fromJson(bytes).object();
            const auto gan = adstudio::GanConfig::fromJson(json);
            (void)adstudio::GanConfig::fromJson(gan.toJson());
            (void)adstudio::OptimizerSettings::fromJson(json);
            break;
        }
    }
    return 0;
}
