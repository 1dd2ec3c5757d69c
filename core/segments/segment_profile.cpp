// SPDX-License-Identifier: MIT
// A segment's profile as segments.json stores it.
#include "segments/segmentation.h"

#include <QJsonArray>

namespace adstudio {

QJsonObject SegmentProfile::toJson() const {
    QJsonArray items;
    for (int i = 0; i < topItems.size(); ++i)
        items.append(
            QJsonObject{{"item", topItems[i]}, {"predicted_ctr", topItemCtr[std::size_t(i)]}});
    return {{"id", id},
            {"name", name},
            {"size", size},
            {"share", share},
            {"top_categories", QJsonArray::fromStringList(topCategories)},
            {"top_items", items},
            {"mean_predicted_ctr", meanPredictedCtr},
            {"demographics", demographics}};
}

SegmentProfile SegmentProfile::fromJson(const QJsonObject& o) {
    SegmentProfile p;
    p.id = o.value("id").toInt();
    p.name = o.value("name").toString();
    p.size = o.value("size").toInt();
    p.share = o.value("share").toDouble();
    for (const auto& c : o.value("top_categories").toArray()) p.topCategories << c.toString();
    for (const auto& i : o.value("top_items").toArray()) {
        p.topItems << i.toObject().value("item").toString();
        p.topItemCtr.push_back(float(i.toObject().value("predicted_ctr").toDouble()));
    }
    p.meanPredictedCtr = o.value("mean_predicted_ctr").toDouble();
    p.demographics = o.value("demographics").toObject();
    return p;
}

}  // namespace adstudio
