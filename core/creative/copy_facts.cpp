// SPDX-License-Identifier: MIT
#include "creative/copy_facts.h"

#include <QRegularExpression>

#include <cmath>

namespace adstudio {
namespace {

QString symbolOf(const QString& currency) {
    if (currency == QLatin1String("EUR")) return QString::fromUtf8("€");
    if (currency == QLatin1String("USD")) return QStringLiteral("$");
    if (currency == QLatin1String("GBP")) return QString::fromUtf8("£");
    if (currency == QLatin1String("JPY")) return QString::fromUtf8("¥");
    return {};
}

bool hasPrice(double price) {
    return std::isfinite(price) && price > 0;
}

}  // namespace

QString formatPrice(double price, const QString& currency) {
    if (!hasPrice(price)) return {};
    const bool whole = std::abs(price - std::round(price)) < 0.005;
    const QString amount = QString::number(price, 'f', whole ? 0 : 2);
    const QString symbol = symbolOf(currency);
    if (!symbol.isEmpty()) return symbol + amount;
    return currency.isEmpty() ? amount : amount + QLatin1Char(' ') + currency;
}

QString copyProblem(const QStringList& texts, const CopyFacts& facts) {
    static const QRegularExpression placeholder(QStringLiteral("\\{[A-Za-z_]+\\}"));
    // An amount with a currency sign or code on either side.
    static const QRegularExpression money(
        QString::fromUtf8("([€$£¥]\\s?(\\d+(?:[.,]\\d{1,2})?))|((\\d+(?:[.,]\\d{1,2})?)\\s?"
                          "(?:EUR|USD|GBP|CHF|JPY|SEK|NOK|DKK|PLN|CAD|AUD)\\b)"));
    int prices = 0;
    // "Sneaker fans" from "Sneaker fans, 18-24": the part of a label a headline could echo.
    const QString audience = facts.segmentName.section(QLatin1Char(','), 0, 0).trimmed();
    QStringList seen;
    for (const QString& text : texts) {
        if (text.isEmpty()) continue;
        if (seen.contains(text, Qt::CaseInsensitive))
            return QStringLiteral("'%1' appears twice").arg(text);
        seen << text;
        if (text.at(0).isLower()) return QStringLiteral("'%1' starts in lower case").arg(text);
        if (audience.size() >= 3 && text.contains(audience, Qt::CaseInsensitive))
            return QStringLiteral("'%1' echoes the segment's label '%2' back at its users")
                .arg(text, audience);
        if (const auto m = placeholder.match(text); m.hasMatch())
            return QStringLiteral("'%1' still holds the placeholder %2").arg(text, m.captured(0));
        auto amounts = money.globalMatch(text);
        while (amounts.hasNext()) {
            const auto m = amounts.next();
            if (++prices > 1)
                return QStringLiteral("the price is stated twice ('%1' repeats it)").arg(text);
            QString amount = m.captured(2).isEmpty() ? m.captured(4) : m.captured(2);
            const double value = amount.replace(QLatin1Char(','), QLatin1Char('.')).toDouble();
            if (!hasPrice(facts.price))
                return QStringLiteral("'%1' names a price, but the catalogue has none for %2")
                    .arg(text, facts.itemId);
            if (std::abs(value - facts.price) >= 0.005)
                return QStringLiteral("'%1' says %2, but the catalogue's price of %3 is %4")
                    .arg(text, m.captured(0), facts.itemId,
                         formatPrice(facts.price, facts.currency));
        }
        // Only ids with letters (SKU-00078): a number in the copy may be anything.
        static const QRegularExpression letter(QStringLiteral("[A-Za-z]"));
        if (facts.itemId.contains(letter) && facts.itemId != facts.name &&
            text.contains(facts.itemId, Qt::CaseInsensitive))
            return QStringLiteral("'%1' shows the item id %2 where a product name belongs")
                .arg(text, facts.itemId);
    }
    return {};
}

}  // namespace adstudio
