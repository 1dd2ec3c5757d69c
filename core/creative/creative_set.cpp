// SPDX-License-Identifier: MIT
#include "creative/creative_set.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>

namespace adstudio {
namespace {

// AdStudio's default brand palette: one accent per segment, readable with white or black text.
const QColor kBrandColours[] = {QColor("#d1495b"), QColor("#00798c"), QColor("#edae49"),
                                QColor("#3d5a80"), QColor("#66a182"), QColor("#8e6c8a"),
                                QColor("#e07a5f"), QColor("#30638e")};

struct Phrase {
    QString id, text;
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
            out.push_back(
                {v.toObject().value("id").toString(), v.toObject().value("text").toString()});
    };
    read("headlines", bank.headlines);
    read("sublines", bank.sublines);
    read("ctas", bank.ctas);
    if (bank.headlines.empty() || bank.ctas.empty())
        return makeError(file.fileName(), 0, 0, "the phrase bank needs headlines and ctas",
                         "rebuild AdStudio");
    return bank;
}

QString plural(const QString& category) {
    const QString lead = category.section('/', 0, 0);
    if (lead.endsWith("ss")) return lead + "es";  // Dress -> Dresses
    if (lead.endsWith('s')) return lead;           // Sandals, Trousers
    return lead + "s";
}

QString fill(QString text, const CatalogueItem& item, const SegmentProfile& segment, int discount) {
    const QString lead = segment.name.section(',', 0, 0);
    text.replace("{category_plural}", plural(item.category));
    text.replace("{category}", item.category.section('/', 0, 0).toLower());
    text.replace("{segment_lead}", lead.isEmpty() ? lead : lead.left(1).toLower() + lead.mid(1));
    text.replace("{brand}", item.brand);
    text.replace("{item_name}", item.name);
    text.replace("{price}", QString::fromUtf8("€%1").arg(item.price, 0, 'f', 2));
    text.replace("{discount}", QString::number(discount));
    return text;
}

}  // namespace

std::vector<CatalogueItem> catalogueFrom(const InteractionData& data) {
    std::vector<CatalogueItem> out;
    if (!data.items) return out;
    const Dataset& t = *data.items;
    const Column* id = t.findRole(ColumnRole::Item);
    if (!id) return out;
    const QString base = QFileInfo(t.sourcePath()).absolutePath();
    auto text = [&](const char* name, std::int64_t row) {
        const Column* c = t.find(name);
        return c ? c->displayAt(row) : QString();
    };
    const Column* image = t.findRole(ColumnRole::ImagePath);
    for (std::int64_t row = 0; row < t.rowCount(); ++row) {
        CatalogueItem item;
        item.id = id->displayAt(row);
        item.category = text("category", row);
        item.name = text("name", row);
        item.brand = text("brand", row);
        if (const Column* price = t.find("price")) item.price = price->numberAt(row);
        if (image && !image->isMissing(row))
            item.imagePath = QDir(base).filePath(image->displayAt(row));
        out.push_back(item);
    }
    return out;
}

QJsonObject Creative::toJson() const {
    return {{"id", id},
            {"segment", segment},
            {"segment_name", segmentName},
            {"size", size},
            {"template", templateId},
            {"copy", copyId},
            {"visual", visualId},
            {"item", itemId},
            {"headline", headline},
            {"subline", subline},
            {"cta", cta},
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
    c.headline = o.value("headline").toString();
    c.subline = o.value("subline").toString();
    c.cta = o.value("cta").toString();
    c.predictedCtr = o.value("predicted_ctr").toDouble();
    const QJsonObject checks = o.value("checks").toObject();
    c.checks.textFits = checks.value("text_fits").toBool();
    c.checks.noOverlap = checks.value("no_overlap").toBool();
    c.checks.minContrast = checks.value("min_contrast").toDouble();
    c.checks.repaired = checks.value("repaired").toBool();
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

Result<CreativeSetReport> composeCreativeSet(const Segmentation& segments,
                                             const std::vector<CatalogueItem>& catalogue,
                                             const GanModel* gan, const CreativeSetOptions& options,
                                             const JobContext& job) {
    auto templates = builtInTemplates();
    if (!templates) return templates.error();
    auto bank = phraseBank();
    if (!bank) return bank.error();
    std::map<QString, const CatalogueItem*> byId;
    for (const auto& item : catalogue) byId[item.id] = &item;

    CreativeSetReport report;
    const int total = int(segments.profiles.size()) * int(templates->size());
    int done = 0;
    for (const SegmentProfile& segment : segments.profiles) {
        const QColor brand = kBrandColours[segment.id % int(std::size(kBrandColours))];
        for (const CreativeTemplate& layout : *templates) {
            if (!options.sizes.isEmpty() && !options.sizes.contains(layout.sizeName())) continue;
            if (job.cancelled()) return cancelledError({});
            job.report({"compose creatives", double(++done) / total, done, total});
            std::vector<Creative> candidates;
            for (int c = 0; c < options.candidates; ++c) {
                const int pick = c % std::max(1, int(segment.topItems.size()));
                if (segment.topItems.isEmpty()) break;
                const QString itemId = segment.topItems[pick];
                CatalogueItem fallback{
                    itemId, segment.topCategories.value(0), itemId, "AdStudio", 0, {}};
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
                QImage visual;
                const int cls = gan ? gan->classIndex(item.category) : -1;
                if (cls >= 0) {
                    visual = gan->sample(cls, 1, drawSeed).front();
                    creative.visualId = QString("gan:%1#%2").arg(item.category).arg(drawSeed);
                } else if (!item.imagePath.isEmpty() && visual.load(item.imagePath)) {
                    creative.visualId = "image:" + QFileInfo(item.imagePath).fileName();
                }
                const Phrase& h =
                    bank->headlines[std::size_t(c + segment.id) % bank->headlines.size()];
                const Phrase& s =
                    bank->sublines.empty()
                        ? Phrase{}
                        : bank->sublines[std::size_t(c / 2 + segment.id) % bank->sublines.size()];
                const Phrase& a = bank->ctas[std::size_t(c + 2 * segment.id) % bank->ctas.size()];
                creative.copyId = h.id + "+" + s.id + "+" + a.id;
                creative.headline = fill(h.text, item, segment, options.discount);
                creative.subline = fill(s.text, item, segment, options.discount);
                creative.cta = fill(a.text, item, segment, options.discount);
                CreativeSpec spec;
                spec.layout = layout;
                spec.visual = visual;
                spec.headline = creative.headline;
                spec.subline = creative.subline;
                spec.cta = creative.cta;
                spec.badge = item.price > 0 ? QString::fromUtf8("€%1").arg(item.price, 0, 'f', 0)
                                            : QString();
                spec.logo = item.brand;
                spec.palette =
                    derivePalette(visual.isNull() ? QImage(8, 8, QImage::Format_RGB888) : visual,
                                  brand, drawSeed);
                creative.palette = spec.palette;
                RenderedCreative rendered = renderCreative(spec);
                // Repair before dropping: shorter headlines from the bank until the text fits.
                if (!rendered.checks.textFits) {
                    std::vector<Phrase> shorter = bank->headlines;
                    std::sort(shorter.begin(), shorter.end(),
                              [&](const Phrase& x, const Phrase& y) {
                                  return fill(x.text, item, segment, options.discount).size() <
                                         fill(y.text, item, segment, options.discount).size();
                              });
                    for (const Phrase& alternative : shorter) {
                        if (rendered.checks.textFits) break;
                        spec.headline = fill(alternative.text, item, segment, options.discount);
                        rendered = renderCreative(spec);
                        if (rendered.checks.textFits) {
                            creative.headline = spec.headline;
                            creative.copyId = alternative.id + "+" + s.id + "+" + a.id;
                            rendered.checks.repaired = true;
                        }
                    }
                }
                creative.checks = rendered.checks;
                creative.image = rendered.image;
                creative.predictedCtr = segment.topItemCtr[std::size_t(pick)];
                ++report.composed;
                if (!creative.checks.passed()) {
                    ++report.dropped;  // never exported silently
                    continue;
                }
                candidates.push_back(std::move(creative));
            }
            // Highest predicted CTR first; ties keep composition order (copy variety).
            std::stable_sort(candidates.begin(), candidates.end(),
                             [](const Creative& a, const Creative& b) {
                                 return a.predictedCtr > b.predictedCtr;
                             });
            for (int v = 0; v < std::min(options.variants, int(candidates.size())); ++v) {
                Creative& kept = candidates[std::size_t(v)];
                kept.id = QString("s%1-%2-v%3").arg(segment.id + 1).arg(kept.size).arg(v + 1);
                report.creatives.push_back(std::move(kept));
            }
        }
    }
    return report;
}

}  // namespace adstudio
