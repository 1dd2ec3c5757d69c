// SPDX-License-Identifier: MIT
// The demo world rewritten the way shops export it (their file and column names, SKU ids, ';'
// with decimal commas, Latin-1, date-time text), and the check that creatives say only what the
// catalogue holds. Shared by the core and the GUI tests of a marketer's own export.
#pragma once

#include "creative/creative_set.h"

#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <vector>

namespace adstudio::testing {

struct ExportStyle {
    char delimiter = ',';
    bool latin1 = false;
    bool decimalComma = false;
    QString timeFormat = "yyyy-MM-dd HH:mm:ss";  // empty: epoch seconds
    QString zone;  // written in UTC+1 with this suffix (the instant stays the same)
    // The catalogue's header; empty: product_sku, category, product_name, brand, colour,
    // price_eur, image_file.
    QStringList itemHeader = {};
};

// What the catalogue says about an item, to check creatives against.
struct Expected {
    QString name, brand;
    double price = 0;
};

QStringList readLines(const QString& path);
// The demo world's simple CSV (no quoted field holds a comma) split into rows.
std::vector<QStringList> readRows(const QString& path);
// Rewrites the world at `world` into `out` as events / products / customers with shop names.
// Fills `expected` with each SKU's catalogue facts (one brand carries an accent).
bool writeShopExport(const QString& world, const QString& out, const ExportStyle& style,
                     QMap<QString, Expected>* expected);
// Every creative says only what the catalogue holds about its item and has a visual (QTest
// checks: call through QVERIFY-aware code and test QTest::currentTestFailed()).
void checkCreativesAgainstCatalogue(const std::vector<Creative>& creatives,
                                    const QMap<QString, Expected>& expected);

}  // namespace adstudio::testing

Q_DECLARE_METATYPE(adstudio::testing::ExportStyle)
