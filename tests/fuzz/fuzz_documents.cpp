// SPDX-License-Identifier: MIT
// libFuzzer target: the JSON documents a user may edit or bring besides the project — a
// creative template, a model's or GAN's training settings (model.json / config.json) and the
// optimizer settings inside them. The first byte picks the document. A template that reads
// must have a size and its boxes inside the canvas; settings always read to something usable.
#include "creative/template.h"
#include "train/gan.h"
#include "train/optimizer_settings.h"
#include "train/recommender.h"

#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), int(size - 1));
    switch (data[0] % 3) {
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
        default: {
            const QJsonObject json = QJsonDocument::fromJson(bytes).object();
            const auto gan = adstudio::GanConfig::fromJson(json);
            (void)adstudio::GanConfig::fromJson(gan.toJson());
            (void)adstudio::OptimizerSettings::fromJson(json);
            break;
        }
    }
    return 0;
}
