// SPDX-License-Identifier: MIT
#include "project/project_segments.h"

#include <QJsonArray>

namespace adstudio {

ProjectSegments ProjectSegments::from(const Segmentation& segmentation,
                                      const QStringList& userIds) {
    ProjectSegments out;
    out.k = segmentation.k;
    out.silhouette = segmentation.silhouette;
    out.profiles = segmentation.profiles;
    out.silhouetteByK = segmentation.silhouetteByK;
    out.users.reserve(segmentation.assignment.size());
    for (std::size_t i = 0; i < segmentation.assignment.size(); ++i)
        out.users.push_back({userIds.value(int(i)), segmentation.assignment[i],
                             segmentation.map[2 * i], segmentation.map[2 * i + 1]});
    return out;
}

QJsonObject ProjectSegments::toJson() const {
    QJsonArray profileArray, tried, userArray;
    for (const auto& p : profiles) profileArray.append(p.toJson());
    for (const auto& [kk, s] : silhouetteByK)
        tried.append(QJsonObject{{"k", kk}, {"silhouette", s}});
    for (const auto& u : users)
        userArray.append(
            QJsonObject{{"user", u.userId}, {"segment", u.segment}, {"x", u.x}, {"y", u.y}});
    return {{"k", k},
            {"silhouette", silhouette},
            {"segments", profileArray},
            {"silhouette_by_k", tried},
            {"users", userArray}};
}

Result<ProjectSegments> ProjectSegments::fromJson(const QJsonObject& json, const QString& file) {
    ProjectSegments out;
    out.silhouette = json.value("silhouette").toDouble();
    for (const auto& v : json.value("segments").toArray())
        out.profiles.push_back(SegmentProfile::fromJson(v.toObject()));
    out.k = json.value("k").toInt(int(out.profiles.size()));
    for (const auto& v : json.value("silhouette_by_k").toArray())
        out.silhouetteByK.emplace_back(v.toObject().value("k").toInt(),
                                       v.toObject().value("silhouette").toDouble());
    const QJsonArray users = json.value("users").toArray();
    out.users.reserve(std::size_t(users.size()));
    for (const auto& v : users) {
        const QJsonObject u = v.toObject();
        UserPlacement placement{u.value("user").toString(), u.value("segment").toInt(-1),
                                float(u.value("x").toDouble()), float(u.value("y").toDouble())};
        if (placement.segment < 0 || placement.segment >= out.k)
            return makeError(file, 0, 0,
                             QStringLiteral("user '%1' is in segment %2, which does not exist")
                                 .arg(placement.userId)
                                 .arg(placement.segment),
                             QStringLiteral("segment the users again"));
        out.users.push_back(std::move(placement));
    }
    return out;
}

}  // namespace adstudio
