// SPDX-License-Identifier: MIT
#include "shop_export.h"

#include "creative/copy_facts.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace adstudio::testing {

QStringList readLines(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

std::vector<QStringList> readRows(const QString& path) {
    std::vector<QStringList> rows;
    for (const QString& line : readLines(path)) rows.push_back(line.split(','));
    return rows;
}

bool writeTable(const QString& path, const std::vector<QStringList>& rows,
                const ExportStyle& style) {
    QString text;
    for (QStringList row : rows) {
        if (style.delimiter == ';') row.replaceInStrings(";", "|");  // tag lists
        text += row.join(QLatin1Char(style.delimiter)) + "\r\n";
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    return file.write(style.latin1 ? text.toLatin1() : text.toUtf8()) > 0;
}

QString sku(const QString& id) {
    return QStringLiteral("SKU-%1").arg(id.toInt(), 5, 10, QChar('0'));
}

bool writeShopExport(const QString& world, const QString& out, const ExportStyle& style,
                     QMap<QString, Expected>* expected) {
    QDir().mkpath(out);
    QDir(world).rename("images", QDir(out).filePath("pictures"));
    auto items = readRows(QDir(world).filePath("items.csv"));
    items[0] = style.itemHeader.isEmpty()
                   ? QStringList{"product_sku", "category",  "product_name", "brand",
                                 "colour",      "price_eur", "image_file"}
                   : style.itemHeader;
    for (std::size_t r = 1; r < items.size(); ++r) {
        QStringList& row = items[r];
        row[0] = sku(row[0]);
        if (row[3] == row[3].split(' ').front() && r % 7 == 0) {  // a brand with an accent
            row[2].replace(row[3], QString::fromUtf8("Été"));
            row[3] = QString::fromUtf8("Été");
        }
        (*expected)[row[0]] = {row[2], row[3], row[5].toDouble()};
        if (style.decimalComma) row[5].replace('.', ',');
        row[6].replace("images/", "pictures/");
    }
    auto events = readRows(QDir(world).filePath("interactions.csv"));
    events[0] = {"customer_id", "product_sku", "event_time", "clicked"};
    for (std::size_t r = 1; r < events.size(); ++r) {
        events[r][0] = "C" + events[r][0];
        events[r][1] = sku(events[r][1]);
        // The demo world writes ISO 8601 in UTC.
        QDateTime time = QDateTime::fromString(events[r][2], Qt::ISODate);
        if (!style.zone.isEmpty()) time = time.toOffsetFromUtc(3600);
        events[r][2] = style.timeFormat.isEmpty() ? QString::number(time.toSecsSinceEpoch())
                                                  : time.toString(style.timeFormat) + style.zone;
    }
    auto customers = readRows(QDir(world).filePath("users.csv"));
    customers[0] = {"customer_id", "age_group", "gender", "region", "device_type", "interests"};
    for (std::size_t r = 1; r < customers.size(); ++r) customers[r][0] = "C" + customers[r][0];
    return writeTable(QDir(out).filePath("events.csv"), events, style) &&
           writeTable(QDir(out).filePath("products.csv"), items, style) &&
           writeTable(QDir(out).filePath("customers.csv"), customers, style);
}

void checkCreativesAgainstCatalogue(const std::vector<Creative>& creatives,
                                    const QMap<QString, Expected>& expected) {
    QVERIFY(!creatives.empty());
    static const QRegularExpression money(QString::fromUtf8("€\\s?(\\d+(?:\\.\\d+)?)"));
    for (const Creative& c : creatives) {
        QVERIFY2(expected.contains(c.itemId), qPrintable(c.itemId));
        const Expected& item = expected[c.itemId];
        const QString text = c.headline + " | " + c.subline + " | " + c.cta;
        QCOMPARE(c.brand, item.brand);
        // Layouts with a badge show the catalogue's price there; the others show none.
        if (!c.badge.isEmpty()) QCOMPARE(c.badge, formatPrice(item.price, "EUR"));
        QVERIFY2(!text.contains("0.00") && !text.contains("AdStudio") && !text.contains("SKU-"),
                 qPrintable(text));
        auto amounts = money.globalMatch(text);
        while (amounts.hasNext()) QCOMPARE(amounts.next().captured(1).toDouble(), item.price);
        if (c.headline.startsWith("New: ")) QCOMPARE(c.headline.mid(5), item.name);
        QVERIFY2(c.visualId.startsWith("image:") || c.visualId.startsWith("gan:"),
                 qPrintable(c.id + " has no visual: " + c.visualId));
        QVERIFY(c.checks.copyProblem.isEmpty());
    }
}

}  // namespace adstudio::testing
