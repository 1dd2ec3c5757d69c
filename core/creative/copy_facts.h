// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace adstudio {

// "€12.99", "$5", "£3.50", "12.90 CHF"; whole prices without decimals. Empty for no price
// (zero, negative or NaN: a catalogue's missing price is never shown as 0.00).
QString formatPrice(double price, const QString& currency);

// What an ad may say about its product, from the catalogue.
struct CopyFacts {
    QString itemId, name, brand;
    double price = 0;
    QString currency;
    QString segmentName;  // the audience's label: for marketers, never for the audience
};

// Why the texts (headline, subline, call to action, badge) slip: a placeholder left in, a price
// other than the item's (or any price when it has none), the price stated twice, the item id
// shown where a name belongs, the segment's label echoed back at its users, the same text in
// two places, a text starting in lower case. Empty when the copy is clean.
QString copyProblem(const QStringList& texts, const CopyFacts& facts);

}  // namespace adstudio
