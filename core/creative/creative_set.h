// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "creative/brand_kit.h"
#include "creative/composer.h"
#include "creative/creative.h"
#include "data/movielens.h"
#include "segments/segmentation.h"
#include "train/gan.h"
#include "train/recommender.h"

#include <QImage>
#include <QJsonObject>

#include <optional>

namespace adstudio {

// A product as the composer needs it (from the items table's roles).
struct CatalogueItem {
    QString id, category, name, brand;
    double price = 0;    // 0: none known (never shown)
    QString currency;    // ISO 4217 from the price column's name; empty: the set's currency
    QString imagePath;   // absolute; empty when the table has none
    QString landingUrl;  // the product's page; empty when the table has none
};
// The catalogue from the items table's roles (item, item_name, price, brand, category,
// image_path, landing_url); without roles, columns named category, name, brand and price.
std::vector<CatalogueItem> catalogueFrom(const InteractionData& data);

struct CreativeSetOptions {
    int variants = 3;    // kept per segment and size
    int candidates = 6;  // composed per segment and size before ranking
    // Kept variants of a segment and size differ at least this much (perceptualDistance): below
    // it two creatives look the same. Variants that differ by their copy alone measure about
    // 0.006-0.015 on the demo world's 728x90; a different layout or visual, more.
    double minVariantDistance = 0.004;
    QStringList sizes;  // empty: every template
    int discount = 20;  // percent, for copy that mentions one
    QString brand;      // the advertiser, for items without a brand; empty: no logo line
    // Logo, colours, typeface, tone and legal line for every creative; unset: AdStudio's
    // colours per segment, the item's brand as the logo line, neutral copy.
    std::optional<BrandKit> brandKit;
    QString currency = QStringLiteral("EUR");  // for prices whose column names none
    std::uint64_t seed = 42;
};

struct CreativeSetReport {
    std::vector<Creative> creatives;  // passed checks, ranked, top `variants` per segment/size
    int composed = 0;
    int dropped = 0;             // failed a check even after repair
    QStringList droppedReasons;  // one line per reason, with how many it dropped
};

// Whether a product photo, fitted into the layout's visual slot, is shown at or below its own
// size (a colour photo smaller than the slot would be blown up); grey product pictures are
// traced as vectors at any size, so they always do.
bool photoCoversSlot(const QImage& photo, const CreativeTemplate& layout);

// For every segment and size: candidates from the segment's top items, the phrase bank and
// visuals (GAN draws of the item's category, else the item's own image); checked, scored with
// the recommender's predicted CTR of the item for the segment's users, and ranked.
Result<CreativeSetReport> composeCreativeSet(const Segmentation& segments,
                                             const std::vector<CatalogueItem>& catalogue,
                                             const GanModel* gan, const CreativeSetOptions& options,
                                             const JobContext& job = {});

}  // namespace adstudio
