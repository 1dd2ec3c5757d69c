// SPDX-License-Identifier: MIT
#include "data/demo_truth.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace adstudio {

double DemoTruth::clickProbability(const QString& user, const QString& item) const {
    const auto segment = userSegment.constFind(user);
    if (segment == userSegment.constEnd()) return -1;
    return clickProbability(user, item, *segment);
}

double DemoTruth::clickProbability(const QString& user, const QString& item, int segment) const {
    const auto category = itemCategory.constFind(item);
    if (category == itemCategory.constEnd() || segment < 0 || segment >= int(affinity.size()))
        return -1;
    const double logit = baseLogit + affinity[std::size_t(segment)][std::size_t(*category)] +
                         itemQuality.value(item) + userBias.value(user);
    return 1.0 / (1.0 + std::exp(-logit));
}

Result<DemoTruth> readDemoTruth(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(path, 0, 0, QStringLiteral("cannot read the demo world's truth"),
                         QStringLiteral("the simulator needs a project made from the demo world"));
    }
    QJsonParseError parseError{};
    const QJsonObject json = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError ||
        json.value("format").toString() != QLatin1String("adstudio-demo-truth")) {
        return makeError(path, 0, 0, QStringLiteral("not a demo world truth file"),
                         QStringLiteral("write the demo world again"));
    }
    if (json.value("version").toInt() < 2) {
        return makeError(path, 0, 0,
                         QStringLiteral("this demo world predates the simulator (truth version %1 "
                                        "has no item qualities or user biases)")
                             .arg(json.value("version").toInt()),
                         QStringLiteral("write the demo world again, or start a new project "
                                        "from the demo world"));
    }
    DemoTruth truth;
    truth.baseLogit = json.value("base_logit").toDouble();
    for (const auto& c : json.value("categories").toArray()) truth.categories << c.toString();
    for (const auto& value : json.value("segments").toArray()) {
        const QJsonObject segment = value.toObject();
        truth.segmentNames << segment.value("name").toString();
        const QJsonObject affinity = segment.value("affinity").toObject();
        std::vector<double> row;
        for (const auto& category : truth.categories)
            row.push_back(affinity.value(category).toDouble());
        truth.affinity.push_back(std::move(row));
    }
    const QJsonObject users = json.value("users").toObject();
    for (auto it = users.begin(); it != users.end(); ++it)
        truth.userSegment.insert(it.key(), it.value().toInt());
    const QJsonObject bias = json.value("user_bias").toObject();
    for (auto it = bias.begin(); it != bias.end(); ++it)
        truth.userBias.insert(it.key(), it.value().toDouble());
    const QJsonObject items = json.value("items").toObject();
    for (auto it = items.begin(); it != items.end(); ++it) {
        const QJsonObject item = it.value().toObject();
        truth.itemCategory.insert(it.key(), item.value("category").toInt());
        truth.itemQuality.insert(it.key(), item.value("quality").toDouble());
    }
    if (truth.affinity.empty() || truth.userSegment.isEmpty() || truth.itemCategory.isEmpty()) {
        return makeError(
            path, 0, 0, QStringLiteral("the truth file lists no segments, users or items"),
            QStringLiteral("write the demo world again with `adstudio-cli demo-data`"));
    }
    return truth;
}

}  // namespace adstudio
