// SPDX-License-Identifier: MIT
#pragma once

#include "creative/composer.h"

#include <QImage>
#include <QJsonObject>
#include <QString>

namespace adstudio {

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
    QString landingUrl;  // the item's page from the catalogue; empty when it has none
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

}  // namespace adstudio
