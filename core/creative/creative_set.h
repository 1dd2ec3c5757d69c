// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "creative/composer.h"
#include "data/movielens.h"
#include "segments/segmentation.h"
#include "train/gan.h"
#include "train/recommender.h"

#include <QImage>
#include <QJsonObject>

namespace adstudio {

// A product as the composer needs it (from the items table's roles).
struct CatalogueItem {
    QString id, category, name, brand;
    double price = 0;   // 0: none known (never shown)
    QString currency;   // ISO 4217 from the price column's name; empty: the set's currency
    QString imagePath;  // absolute; empty when the table has none
};
// The catalogue from the items table's roles (item, item_name, price, brand, category,
// image_path); without roles, columns named category, name, brand and price.
std::vector<CatalogueItem> catalogueFrom(const InteractionData& data);

struct CreativeSetOptions {
    int variants = 3;    // kept per segment and size
    int candidates = 6;  // composed per segment and size before ranking
    QStringList sizes;   // empty: every template
    int discount = 20;   // percent, for copy that mentions one
    QString brand;       // the advertiser, for items without a brand; empty: no logo line
    QString currency = QStringLiteral("EUR");  // for prices whose column names none
    std::uint64_t seed = 42;
};

// One composed, checked and scored creative.
struct Creative {
    QString id;  // "s1-300x250-v2"
    int segment = 0;
    QString segmentName;
    QString size;        // "300x250"
    QString templateId;  // "split-300x250"
    QString copyId;      // "h2+s1+c1"
    QString visualId;    // "gan:Sneaker#1234" or "image:images/item_0007.png"
    QString itemId;
    QString headline, subline, cta;
    QString brand;  // the logo line: the item's brand or the advertiser's; empty: none
    QString badge;  // the price as shown ("€12.99"); empty: no price
    double predictedCtr = 0;
    CreativeChecks checks;
    Palette palette;
    QString review = "pending";  // pending | approved | rejected
    QString note;
    QImage image;

    QJsonObject toJson() const;  // everything but the pixels
    static Creative fromJson(const QJsonObject& json);
    // Whether serving shows it: it passed its checks and is not rejected (and is approved when
    // only approved creatives are served).
    bool servable(bool approvedOnly) const {
        if (!checks.passed() || review == QLatin1String("rejected")) return false;
        return !approvedOnly || review == QLatin1String("approved");
    }
};

struct CreativeSetReport {
    std::vector<Creative> creatives;  // passed checks, ranked, top `variants` per segment/size
    int composed = 0;
    int dropped = 0;             // failed a check even after repair
    QStringList droppedReasons;  // one line per reason, with how many it dropped
};

// For every segment and size: candidates from the segment's top items, the phrase bank and
// visuals (GAN draws of the item's category, else the item's own image); checked, scored with
// the recommender's predicted CTR of the item for the segment's users, and ranked.
Result<CreativeSetReport> composeCreativeSet(const Segmentation& segments,
                                             const std::vector<CatalogueItem>& catalogue,
                                             const GanModel* gan, const CreativeSetOptions& options,
                                             const JobContext& job = {});

}  // namespace adstudio
