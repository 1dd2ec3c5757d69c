// SPDX-License-Identifier: MIT
// A marketer's own export: the demo world rewritten the way shops export it (their file and
// column names, SKU ids, ';' with decimal commas, Latin-1, date-time text) must load as the same
// tables and give creatives whose price, name and brand are the catalogue's.
#include "shop_export.h"

#include "creative/copy_facts.h"
#include "creative/creative_set.h"
#include "data/demo_world.h"
#include "data/source.h"
#include "pipeline/pipeline.h"
#include "project/project.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;
using namespace adstudio::testing;

class TestShopExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tablesAreRecognisedWhateverTheirNames_data() {
        QTest::addColumn<ExportStyle>("style");
        QTest::newRow("renamed, comma, UTF-8") << ExportStyle{};
        QTest::newRow("semicolon, Latin-1, decimal comma")
            << ExportStyle{';', true, true, "yyyy-MM-dd HH:mm:ss", {}};
        QTest::newRow("tab, ISO with zone")
            << ExportStyle{'\t', false, false, "yyyy-MM-ddTHH:mm:ss", "+01:00"};
        QTest::newRow("epoch seconds") << ExportStyle{',', false, false, {}, {}};
    }

    void tablesAreRecognisedWhateverTheirNames() {
        QFETCH(ExportStyle, style);
        QTemporaryDir dir;
        DemoWorldOptions world;
        world.users = 300;
        world.items = 40;
        QVERIFY(generateDemoWorld(dir.filePath("world"), world));
        QMap<QString, Expected> expected;
        QVERIFY(writeShopExport(dir.filePath("world"), dir.filePath("shop"), style, &expected));

        auto source = loadSource(dir.filePath("shop"), LoadOptions{});
        QVERIFY2(source, source ? "" : qPrintable(source.error().toString()));
        QVERIFY(source->tables && source->tables->items && source->tables->users);
        const InteractionData& tables = *source->tables;
        QVERIFY(tables.interactions.sourcePath().endsWith("events.csv"));
        QVERIFY(tables.items->sourcePath().endsWith("products.csv"));
        QVERIFY(tables.users->sourcePath().endsWith("customers.csv"));
        QCOMPARE(tables.interactions.findRole(ColumnRole::User)->name(), QString("customer_id"));
        QCOMPARE(tables.interactions.findRole(ColumnRole::Item)->name(), QString("product_sku"));
        QCOMPARE(tables.interactions.findRole(ColumnRole::Label)->name(), QString("clicked"));
        const Column* time = tables.interactions.findRole(ColumnRole::Timestamp);
        QVERIFY(time);
        // 2026-01-01 onwards, whatever the shape the time was written in
        const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        const qint64 first =
            QDateTime::fromString(readRows(dir.filePath("world/interactions.csv"))[1][2],
                                  Qt::ISODate)
                .toSecsSinceEpoch();
        QVERIFY2(time->intAt(0) == first && first >= start,
                 qPrintable(time->displayAt(0) + " " + columnTypeName(time->type()) + " " +
                            QString::number(time->intAt(0))));
        const Dataset& items = *tables.items;
        QCOMPARE(items.findRole(ColumnRole::ItemName)->name(), QString("product_name"));
        QCOMPARE(items.findRole(ColumnRole::Price)->name(), QString("price_eur"));
        QCOMPARE(items.findRole(ColumnRole::Brand)->name(), QString("brand"));
        QCOMPARE(items.findRole(ColumnRole::Category)->name(), QString("category"));
        QCOMPARE(items.findRole(ColumnRole::ImagePath)->name(), QString("image_file"));

        const auto catalogue = catalogueFrom(tables);
        QCOMPARE(int(catalogue.size()), world.items);
        for (const CatalogueItem& item : catalogue) {
            QVERIFY2(expected.contains(item.id), qPrintable(item.id));
            QCOMPARE(item.name, expected[item.id].name);
            QCOMPARE(item.brand, expected[item.id].brand);
            QCOMPARE(item.price, expected[item.id].price);
            QCOMPARE(item.currency, QString("EUR"));
            QVERIFY2(QFile::exists(item.imagePath), qPrintable(item.imagePath));
        }

        // Creatives from the shop's own pictures (no GAN): every claim backed.
        Segmentation segments;
        segments.k = 2;
        for (int s = 0; s < 2; ++s) {
            SegmentProfile profile;
            profile.id = s;
            profile.name = s == 0 ? "Sneaker fans, 18-24" : "Dress lovers, 35-44";
            for (int i = 0; i < 4; ++i) {
                profile.topItems << catalogue[std::size_t(s * 4 + i)].id;
                profile.topItemCtr.push_back(0.1f - 0.01f * i);
            }
            profile.topCategories << catalogue[std::size_t(s * 4)].category;
            segments.profiles.push_back(profile);
        }
        CreativeSetOptions options;
        options.sizes = QStringList{"300x250", "728x90"};
        auto set = composeCreativeSet(segments, catalogue, nullptr, options);
        QVERIFY2(set, set ? "" : qPrintable(set.error().toString()));
        checkCreativesAgainstCatalogue(set->creatives, expected);
    }

    void aFolderWithoutAnInteractionLogSaysWhatItFound() {
        QTemporaryDir dir;
        QFile products(dir.filePath("products.csv"));
        QVERIFY(products.open(QIODevice::WriteOnly));
        products.write("product_sku,product_name,price\nA-1,Red shoe,12.5\nA-2,Blue shoe,14\n");
        products.close();
        auto source = loadSource(dir.path(), LoadOptions{});
        QVERIFY(!source);
        const QString message = source.error().toString();
        QVERIFY2(message.contains("no table with a 0/1 label") &&
                     message.contains("products.csv (product_sku, product_name, price)"),
                 qPrintable(message));
        // A log whose label no name gives away is found once the user maps it.
        QFile log(dir.filePath("log.csv"));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write("customer_id,product_sku,flag\nC1,A-1,1\nC2,A-2,0\nC1,A-2,0\n");
        log.close();
        QVERIFY(!loadSource(dir.path(), LoadOptions{}));
        LoadOptions mapped;
        QVERIFY(mapped.csv.mapping.parseEntry("flag=label"));
        auto found = loadSource(dir.path(), mapped);
        QVERIFY2(found, found ? "" : qPrintable(found.error().toString()));
        QVERIFY(found->tables->interactions.sourcePath().endsWith("log.csv"));
        QCOMPARE(found->tables->interactions.findRole(ColumnRole::Label)->name(), QString("flag"));
        QVERIFY(found->tables->items &&
                found->tables->items->sourcePath().endsWith("products.csv"));
    }

    void missingPricesAreNeverShownAsZero() {
        CatalogueItem item;
        item.id = "SKU-00078";
        item.category = "Sneaker";
        item.brand = "Nordlys";
        SegmentProfile profile;
        profile.name = "Sneaker fans, 18-24";
        profile.topItems << item.id;
        profile.topItemCtr.push_back(0.1f);
        profile.topCategories << "Sneaker";
        Segmentation segments;
        segments.k = 1;
        segments.profiles.push_back(profile);
        CreativeSetOptions options;
        options.sizes = QStringList{"300x250"};
        options.candidates = 6;
        auto set = composeCreativeSet(segments, {item}, nullptr, options);
        QVERIFY2(set, set ? "" : qPrintable(set.error().toString()));
        QVERIFY(!set->creatives.empty());
        for (const Creative& c : set->creatives) {
            const QString text = c.headline + c.subline + c.cta;
            QVERIFY2(!text.contains(QString::fromUtf8("€")) && c.badge.isEmpty(), qPrintable(text));
            QVERIFY2(!text.contains("SKU-00078"), qPrintable(text));  // no name: no "New: <id>"
            QCOMPARE(c.visualId, QString("type:SKU-00078"));          // typographic panel
            QCOMPARE(c.brand, QString("Nordlys"));
        }
    }

    void copyClaimsAreCheckedAgainstTheCatalogue() {
        const CopyFacts facts{"SKU-00078", "Canvas sneaker", "Nordlys", 49.99, "EUR", {}};
        QVERIFY(copyProblem({QString::fromUtf8("Only €49.99 — free returns")}, facts).isEmpty());
        QVERIFY(!copyProblem({QString::fromUtf8("Only €0.00 — free returns")}, facts).isEmpty());
        QVERIFY(!copyProblem({"Only 39.99 EUR"}, facts).isEmpty());
        QVERIFY(!copyProblem({"New: SKU-00078"}, facts).isEmpty());
        QVERIFY(!copyProblem({"New: {item_name}"}, facts).isEmpty());
        // Slips a designer would catch: the segment's label echoed, the price twice (badge and
        // subline), the same text twice, lower-case starts.
        const CopyFacts sneakers{"SKU-00078", "Canvas sneaker",     "Nordlys", 49.99,
                                 "EUR",       "Sneaker fans, 18-24"};
        QVERIFY(!copyProblem({"Sneakers made for sneaker fans"}, sneakers).isEmpty());
        QVERIFY(
            copyProblem({"Sneakers, picked for you", "From Nordlys, for fans of bags"}, sneakers)
                .isEmpty());
        QVERIFY(!copyProblem({QString::fromUtf8("Only €49.99 — free returns"), "Shop now",
                              QString::fromUtf8("€49.99")},
                             sneakers)
                     .isEmpty());
        QVERIFY(!copyProblem({"Shop now", "Shop now"}, sneakers).isEmpty());
        QVERIFY(!copyProblem({"shop now"}, sneakers).isEmpty());
        const CopyFacts noPrice{"SKU-1", "Cap", "", 0, "EUR", {}};
        QVERIFY(!copyProblem({QString::fromUtf8("Only €0.00")}, noPrice).isEmpty());
        QCOMPARE(formatPrice(0, "EUR"), QString());
        QCOMPARE(formatPrice(12.5, "GBP"), QString::fromUtf8("£12.50"));
        QCOMPARE(formatPrice(30, "CHF"), QString("30 CHF"));
    }

    // The main job on the Latin-1, ';' and decimal-comma export: the GAN learns from the shop's
    // own pictures and every creative is backed by the catalogue.
    void mainJobOnAShopExport() {
        QTemporaryDir dir;
        DemoWorldOptions world;
        world.users = 500;
        world.items = 100;
        QVERIFY(generateDemoWorld(dir.filePath("world"), world));
        QMap<QString, Expected> expected;
        QVERIFY(writeShopExport(dir.filePath("world"), dir.filePath("shop"),
                                ExportStyle{';', true, true, "yyyy-MM-dd HH:mm:ss", {}},
                                &expected));
        PipelineOptions options;
        options.dataPath = dir.filePath("shop");
        options.projectDir = dir.filePath("project");
        options.fast = true;
        auto summary = runPipeline(options);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        qInfo("%s", qPrintable(summary->table()));
        QVERIFY2(summary->ganImages.contains("catalogue pictures"), qPrintable(summary->ganImages));
        auto project = Project::open(dir.filePath("project"));
        QVERIFY(project);
        checkCreativesAgainstCatalogue(project->creatives(), expected);
        QCOMPARE(summary->sizes, 6);
    }
};

QTEST_MAIN(TestShopExport)
#include "test_shop_export.moc"
