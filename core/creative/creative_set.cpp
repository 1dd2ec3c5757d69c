// SPDX-License-Identifier: MIT
#include "creative/creative_set.h"

#include "creative/copy_facts.h"
#include "creative/variant_distance.h"
#include "data/schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>
#include <optional>

namespace adstudio {
namespace {

// AdStudio's default brand palette: one accent per segment, readable with white or black text.
const QColor kBrandColours[] = {QColor("#d1495b"), QColor("#00798c"), QColor("#edae49"),
                                QColor("#3d5a80"), QColor("#66a182"), QColor("#8e6c8a"),
                                QColor("#e07a5f"), QColor("#30638e")};

struct Phrase {
    QString id, text;
    QStringList tones;  // empty: neutral
};
struct PhraseBank {
    std::vector<Phrase> headlines, sublines, ctas;
};

Result<PhraseBank> phraseBank() {
    QFile file(":/adstudio/copy/phrases.json");
    if (!file.open(QIODevice::ReadOnly))
        return makeError(file.fileName(), 0, 0, "cannot read the phrase bank", "rebuild AdStudio");
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    PhraseBank bank;
    auto read = [&](const char* key, std::vector<Phrase>& out) {
        for (const auto& v : o.value(key).toArray())
            out.push_back({v.toObject().value("id").toString(),
                           v.toObject().value("text").toString(),
                           v.toObject().value("tones").toVariant().toStringList()});
    };
    read("headlines", bank.headlines);
    read("sublines", bank.sublines);
    read("ctas", bank.ctas);
    if (bank.headlines.empty() || bank.ctas.empty())
        return makeError(file.fileName(), 0, 0, "the phrase bank needs headlines and ctas",
                         "rebuild AdStudio");
    return bank;
}

// The phrases that speak in the brand's tone: those tagged with one of its tone words when
// there are at least two, else the neutral ones (with any that match).
std::vector<Phrase> inTone(const std::vector<Phrase>& phrases, const QStringList& toneWords) {
    std::vector<Phrase> matching, neutral;
    for (const Phrase& phrase : phrases) {
        const bool matches = std::any_of(phrase.tones.begin(), phrase.tones.end(),
                                         [&](const QString& t) { return toneWords.contains(t); });
        if (matches) matching.push_back(phrase);
        if (phrase.tones.isEmpty() || matches) neutral.push_back(phrase);
    }
    return matching.size() >= 2 ? matching : neutral;
}

PhraseBank inTone(const PhraseBank& bank, const QStringList& toneWords) {
    return {inTone(bank.headlines, toneWords), inTone(bank.sublines, toneWords),
            inTone(bank.ctas, toneWords)};
}

QString plural(const QString& category) {
    const QString lead = category.section('/', 0, 0);
    if (lead.endsWith("ss")) return lead + "es";  // Dress -> Dresses
    if (lead.endsWith('s')) return lead;          // Sandals, Trousers
    return lead + "s";
}

// The segment's favourite category other than the item's own: what its users click most,
// named in copy instead of the segment's label (which is for marketers, not for the audience).
QString relatedCategory(const CatalogueItem& item, const SegmentProfile& segment) {
    for (const QString& top : segment.topCategories)
        if (!top.isEmpty() && top.compare(item.category, Qt::CaseInsensitive) != 0) return top;
    return {};
}

// The phrase with every placeholder filled, or nothing when the item lacks a value it needs
// (no price, no name): such a phrase is skipped, never printed with a blank or a 0.00.
std::optional<QString> fill(QString text, const CatalogueItem& item, const SegmentProfile& segment,
                            const CreativeSetOptions& options) {
    const QString category = item.category.section('/', 0, 0);
    const QString related = relatedCategory(item, segment);
    const QString price =
        formatPrice(item.price, item.currency.isEmpty() ? options.currency : item.currency);
    const QString brand = item.brand.isEmpty() ? options.brand : item.brand;
    const std::pair<const char*, QString> values[] = {
        {"{category_plural}", category.isEmpty() ? QString() : plural(item.category)},
        {"{category}", category.toLower()},
        {"{related_category_plural}", related.isEmpty() ? QString() : plural(related).toLower()},
        {"{brand}", brand},
        {"{item_name}", item.name},
        {"{price}", price},
        {"{discount}", QString::number(options.discount)}};
    for (const auto& [key, value] : values) {
        if (!text.contains(QLatin1String(key))) continue;
        if (value.isEmpty()) return std::nullopt;
        text.replace(QLatin1String(key), value);
    }
    return text;
}

// The first phrase from `start` on (cycling) that the item can fill; with `priceShown` (the
// badge states it), none that states the price again.
std::optional<std::pair<Phrase, QString>> firstFilled(const std::vector<Phrase>& phrases,
                                                      std::size_t start, const CatalogueItem& item,
                                                      const SegmentProfile& segment,
                                                      const CreativeSetOptions& options,
                                                      bool priceShown = false) {
    for (std::size_t k = 0; k < phrases.size(); ++k) {
        const Phrase& phrase = phrases[(start + k) % phrases.size()];
        if (priceShown && phrase.text.contains(QLatin1String("{price}"))) continue;
        if (auto text = fill(phrase.text, item, segment, options)) return std::pair{phrase, *text};
    }
    return std::nullopt;
}

QString failedCheck(const CreativeChecks& checks) {
    if (!checks.brandProblem.isEmpty()) return checks.brandProblem;
    if (!checks.copyProblem.isEmpty()) return QStringLiteral("copy the catalogue does not back");
    if (!checks.textFits) return QStringLiteral("text does not fit its box");
    if (!checks.noOverlap) return QStringLiteral("text runs into the call to action or logo");
    return QStringLiteral("text contrast below 4.5:1");
}

}  // namespace

std::vector<CatalogueItem> catalogueFrom(const InteractionData& data) {
    std::vector<CatalogueItem> out;
    if (!data.items) return out;
    const Dataset& t = *data.items;
    const Column* id = t.findRole(ColumnRole::Item);
    if (!id) {
        // Keyed by the interactions' item column name (the encoder joins the same way).
        const Column* logItem = data.interactions.findRole(ColumnRole::Item);
        id = logItem ? t.find(logItem->name()) : nullptr;
    }
    if (!id) return out;
    const QString base = QFileInfo(t.sourcePath()).absolutePath();
    auto column = [&](ColumnRole role, const char* fallbackName) {
        const Column* c = t.findRole(role);
        return c ? c : t.find(QString::fromLatin1(fallbackName));
    };
    const Column* category = column(ColumnRole::Category, "category");
    const Column* name = column(ColumnRole::ItemName, "name");
    const Column* brand = column(ColumnRole::Brand, "brand");
    const Column* price = column(ColumnRole::Price, "price");
    const Column* image = t.findRole(ColumnRole::ImagePath);
    const Column* landing = t.findRole(ColumnRole::LandingUrl);
    const QString currency = price ? currencyFromColumnName(price->name()) : QString();
    auto text = [](const Column* c, std::int64_t row) {
        return c && !c->isMissing(row) ? c->displayAt(row).trimmed() : QString();
    };
    for (std::int64_t row = 0; row < t.rowCount(); ++row) {
        CatalogueItem item;
        item.id = id->type() == ColumnType::Integer ? QString::number(id->intAt(row))
                                                    : id->displayAt(row);
        item.category = text(category, row);
        item.name = text(name, row);
        item.brand = text(brand, row);
        if (price && price->isNumeric() && !price->isMissing(row))
            item.price = price->numberAt(row);
        item.currency = currency;
        if (image && !image->isMissing(row))
            item.imagePath = QDir(base).filePath(image->displayAt(row));
        item.landingUrl = text(landing, row);
        out.push_back(item);
    }
    return out;
}

bool photoCoversSlot(const QImage& photo, const CreativeTemplate& layout) {
    if (photo.isGrayscale() || !layout.has("visual")) return true;
    const QSizeF slot = layout.rect("visual").size();
    return std::min(slot.width() / photo.width(), slot.height() / photo.height()) <= 1.0;
}

Result<CreativeSetReport> composeCreativeSet(const Segmentation& segments,
                                             const std::vector<CatalogueItem>& catalogue,
                                             const GanModel* gan,
                                             const CreativeSetOptions& requested,
                                             const JobContext& job) {
    CreativeSetOptions options = requested;
    // The kit's advertiser speaks for items whose catalogue row names no brand.
    if (options.brandKit && !options.brandKit->name.isEmpty())
        options.brand = options.brandKit->name;
    auto templates = builtInTemplates();
    if (!templates) return templates.error();
    auto fullBank = phraseBank();
    if (!fullBank) return fullBank.error();
    const BrandKit* kit = options.brandKit ? &*options.brandKit : nullptr;
    const PhraseBank bank = inTone(*fullBank, kit ? kit->toneWords : QStringList());
    BrandAssets assets;
    if (kit) {
        auto loaded = BrandAssets::load(*kit);
        if (!loaded) return loaded.error();
        assets = *loaded;
    }
    std::map<QString, const CatalogueItem*> byId;
    for (const auto& item : catalogue) byId[item.id] = &item;

    CreativeSetReport report;
    std::map<QString, int> dropReasons;
    const int total = int(segments.profiles.size()) * int(templates->size());
    int done = 0;
    for (const SegmentProfile& segment : segments.profiles) {
        // The kit's colours; without a kit, one of AdStudio's per segment and a companion.
        const int n = int(std::size(kBrandColours));
        const std::vector<QColor> brandColours =
            kit && kit->hasColours() ? kit->colours()
                                     : std::vector<QColor>{kBrandColours[segment.id % n],
                                                           kBrandColours[(segment.id + 3) % n]};
        for (const CreativeTemplate& baseLayout : *templates) {
            if (!options.sizes.isEmpty() && !options.sizes.contains(baseLayout.sizeName()))
                continue;
            if (job.cancelled()) return cancelledError({});
            job.report({"compose creatives", double(++done) / total, done, total});
            std::vector<Creative> candidates;
            for (int c = 0; c < options.candidates; ++c) {
                const int pick = c % std::max(1, int(segment.topItems.size()));
                // Variants differ in how they wear the colours and on which side the visual is;
                // a second round over the same items takes other styles.
                const int round = c / std::max(1, int(segment.topItems.size()));
                const auto style = PaletteStyle((pick + 2 * round) % kPaletteStyles);
                const CreativeTemplate layout =
                    c % 2 == 1 ? mirroredTemplate(baseLayout) : baseLayout;
                if (segment.topItems.isEmpty()) break;
                const QString itemId = segment.topItems[pick];
                // An item the catalogue lacks is advertised by its category only.
                CatalogueItem fallback;
                fallback.id = itemId;
                fallback.category = segment.topCategories.value(0);
                const CatalogueItem& item = byId.count(itemId) ? *byId[itemId] : fallback;
                const std::uint64_t drawSeed =
                    options.seed * 7919 + std::uint64_t(segment.id) * 131 + std::uint64_t(c) * 17 +
                    std::uint64_t(layout.size.width());
                Creative creative;
                creative.segment = segment.id;
                creative.segmentName = segment.name;
                creative.size = layout.sizeName();
                creative.templateId = layout.id;
                creative.itemId = item.id;
                creative.landingUrl = item.landingUrl;
                QImage visual;
                const int cls = gan ? gan->classIndex(item.category) : -1;
                // Every other candidate shows the product's own photo where it has one that
                // covers the slot: a smaller colour photo would be blown up into a blur (grey
                // product pictures are traced as vectors at any size).
                const bool photoTurn = c % 2 == 1 && !item.imagePath.isEmpty();
                if (photoTurn && visual.load(item.imagePath) && photoCoversSlot(visual, layout)) {
                    creative.visualId = "image:" + QFileInfo(item.imagePath).fileName();
                } else if (cls >= 0) {
                    visual = gan->sample(cls, 1, drawSeed).front();
                    creative.visualId = QString("gan:%1#%2").arg(item.category).arg(drawSeed);
                } else if (!item.imagePath.isEmpty() && visual.load(item.imagePath)) {
                    creative.visualId = "image:" + QFileInfo(item.imagePath).fileName();
                } else {
                    creative.visualId = "type:" + item.id;
                }
                const auto h = firstFilled(bank.headlines, std::size_t(c + segment.id), item,
                                           segment, options);
                const QString currency = item.currency.isEmpty() ? options.currency : item.currency;
                const bool badgeShowsPrice =
                    layout.has("badge") && !formatPrice(item.price, currency).isEmpty();
                const auto s = firstFilled(bank.sublines, std::size_t(c / 2 + segment.id), item,
                                           segment, options, badgeShowsPrice);
                const auto a =
                    firstFilled(bank.ctas, std::size_t(c + 2 * segment.id), item, segment, options);
                if (!h || !a) {
                    ++report.composed, ++report.dropped;
                    ++dropReasons[QStringLiteral(
                        "no headline or call to action fits what the "
                        "catalogue holds for the item")];
                    continue;
                }
                const QString subId = s ? s->first.id : QString();
                creative.copyId = h->first.id + "+" + subId + "+" + a->first.id;
                creative.headline = h->second;
                creative.subline = s ? s->second : QString();
                creative.cta = a->second;
                CreativeSpec spec;
                spec.layout = layout;
                spec.visual = visual;
                spec.visualText =
                    item.name.isEmpty() ? item.category.section('/', 0, 0) : item.name;
                spec.headline = creative.headline;
                spec.subline = creative.subline;
                spec.cta = creative.cta;
                // The badge as drawn: layouts without a badge slot show no price there.
                spec.badge = badgeShowsPrice ? formatPrice(item.price, currency) : QString();
                spec.logo = kit ? kit->name : item.brand.isEmpty() ? options.brand : item.brand;
                spec.brandKit = kit;
                spec.brandAssets = kit ? &assets : nullptr;
                if (kit) {
                    spec.legal = kit->legalLine;
                    spec.legalShort = kit->legalShort;
                }
                spec.palette =
                    stylePalette(visual.isNull() ? QImage(8, 8, QImage::Format_RGB888) : visual,
                                 brandColours, style, kit && kit->hasColours(), drawSeed);
                creative.palette = spec.palette;
                creative.brand = spec.logo;
                creative.badge = spec.badge;
                RenderedCreative rendered = renderCreative(spec);
                // Repair before dropping: shorter headlines from the bank until the text fits.
                if (!rendered.checks.textFits) {
                    std::vector<std::pair<Phrase, QString>> shorter;
                    for (const Phrase& phrase : bank.headlines)
                        if (auto text = fill(phrase.text, item, segment, options))
                            shorter.emplace_back(phrase, *text);
                    std::stable_sort(shorter.begin(), shorter.end(),
                                     [](const auto& x, const auto& y) {
                                         return x.second.size() < y.second.size();
                                     });
                    for (const auto& [alternative, text] : shorter) {
                        if (rendered.checks.textFits) break;
                        spec.headline = text;
                        rendered = renderCreative(spec);
                        if (rendered.checks.textFits) {
                            creative.headline = spec.headline;
                            creative.copyId = alternative.id + "+" + subId + "+" + a->first.id;
                            rendered.checks.repaired = true;
                        }
                    }
                }
                creative.checks = rendered.checks;
                creative.checks.copyProblem = copyProblem(
                    {creative.headline, creative.subline, creative.cta, spec.badge},
                    {item.id, item.name, spec.logo, item.price, currency, segment.name});
                creative.image = rendered.image;
                creative.predictedCtr = segment.topItemCtr[std::size_t(pick)];
                ++report.composed;
                if (!creative.checks.passed()) {
                    ++report.dropped;  // never exported silently
                    ++dropReasons[failedCheck(creative.checks)];
                    continue;
                }
                candidates.push_back(std::move(creative));
            }
            // Highest predicted CTR first; ties keep composition order (copy variety).
            std::stable_sort(candidates.begin(), candidates.end(),
                             [](const Creative& a, const Creative& b) {
                                 return a.predictedCtr > b.predictedCtr;
                             });
            // The best `variants` that look different: a candidate too close to one kept
            // before (a near-duplicate) is dropped.
            std::vector<Creative> kept;
            for (Creative& candidate : candidates) {
                if (int(kept.size()) >= options.variants) break;
                double nearest = 1.0;
                for (const Creative& other : kept)
                    nearest = std::min(nearest, perceptualDistance(candidate.image, other.image));
                if (nearest < options.minVariantDistance) {
                    ++dropReasons[QStringLiteral("looks like a better variant of its segment")];
                    ++report.dropped;
                    continue;
                }
                kept.push_back(std::move(candidate));
            }
            for (std::size_t v = 0; v < kept.size(); ++v) {
                kept[v].id = QString("s%1-%2-v%3").arg(segment.id + 1).arg(kept[v].size).arg(v + 1);
                report.creatives.push_back(std::move(kept[v]));
            }
        }
    }
    for (const auto& [reason, count] : dropReasons)
        report.droppedReasons << QStringLiteral("%1 dropped: %2").arg(count).arg(reason);
    return report;
}

}  // namespace adstudio
