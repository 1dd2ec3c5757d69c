// SPDX-License-Identifier: MIT
// The brand kit: reading brand.json (errors that name the field), CIEDE2000 against published
// pairs, and creatives that apply the kit (logo, colours, typeface, tone, legal line) with the
// checks that catch what breaks it.
#include "creative/brand_kit.h"
#include "creative/colour_difference.h"
#include "creative/composer.h"
#include "creative/creative_set.h"
#include "creative/variant_distance.h"

#include <QFile>
#include <QFontDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace adstudio;

namespace {

// A 3:1 wordmark: a dark bar and a disc, drawn by QSvgRenderer at any size.
const char* kLogoSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\" width=\"120\" height=\"40\">"
    "<rect x=\"0\" y=\"8\" width=\"80\" height=\"24\" rx=\"4\" fill=\"#1b3a4b\"/>"
    "<circle cx=\"100\" cy=\"20\" r=\"18\" fill=\"#e4572e\"/></svg>";

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

BrandKit readKit(const QDir& dir, const QByteArray& json) {
    writeFile(dir.filePath("brand.json"), json);
    auto kit = readBrandKit(dir.filePath("brand.json"));
    if (!kit) qWarning("%s", qPrintable(kit.error().toString()));
    return kit ? *kit : BrandKit{};
}

// The kit `json` read from `dir`, with the test's wordmark there as logo.svg.
BrandKit kitWithLogo(const QDir& dir, const QByteArray& json) {
    writeFile(dir.filePath("logo.svg"), kLogoSvg);
    return readKit(dir, json);
}

QString kitError(const QDir& dir, const QByteArray& json) {
    writeFile(dir.filePath("brand.json"), json);
    auto kit = readBrandKit(dir.filePath("brand.json"));
    return kit ? QString() : kit.error().toString();
}

// Two segments, three items each with prices, names and categories.
Segmentation twoSegments() {
    Segmentation s;
    s.k = 2;
    for (int id = 0; id < 2; ++id) {
        SegmentProfile p;
        p.id = id;
        p.name = id ? "Runners" : "Weekenders";
        p.topCategories = id ? QStringList{"Sneaker", "Shirt"} : QStringList{"Bag", "Coat"};
        p.topItems = id ? QStringList{"i3", "i4", "i5"} : QStringList{"i0", "i1", "i2"};
        p.topItemCtr = {0.12f, 0.10f, 0.08f};
        s.profiles.push_back(p);
    }
    return s;
}

std::vector<CatalogueItem> catalogue() {
    const char* categories[] = {"Bag", "Coat", "Bag", "Sneaker", "Sneaker", "Shirt"};
    std::vector<CatalogueItem> items;
    for (int i = 0; i < 6; ++i) {
        CatalogueItem item;
        item.id = QString("i%1").arg(i);
        item.category = categories[i];
        item.name = QString("Kestrel %1").arg(i);
        item.price = 49.99 + 10 * i;
        item.currency = "EUR";
        items.push_back(item);
    }
    return items;
}

}  // namespace

class TestBrandKit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Sharma, Wu & Dalal (2005), table 1: pairs chosen to exercise the hue rotation, the mean hue
    // across 0/360 and near-neutral colours.
    void deltaE2000MatchesThePublishedPairs_data() {
        QTest::addColumn<double>("l1");
        QTest::addColumn<double>("a1");
        QTest::addColumn<double>("b1");
        QTest::addColumn<double>("l2");
        QTest::addColumn<double>("a2");
        QTest::addColumn<double>("b2");
        QTest::addColumn<double>("expected");
        QTest::newRow("1") << 50.0 << 2.6772 << -79.7751 << 50.0 << 0.0 << -82.7485 << 2.0425;
        QTest::newRow("2") << 50.0 << 3.1571 << -77.2803 << 50.0 << 0.0 << -82.7485 << 2.8615;
        QTest::newRow("4") << 50.0 << -1.3802 << -84.2814 << 50.0 << 0.0 << -82.7485 << 1.0000;
        QTest::newRow("7") << 50.0 << 0.0 << 0.0 << 50.0 << -1.0 << 2.0 << 2.3669;
        QTest::newRow("13") << 50.0 << 2.49 << -0.001 << 50.0 << -2.49 << 0.0009 << 7.1792;
        QTest::newRow("26") << 60.2574 << -34.0099 << 36.2677 << 60.4626 << -34.1751 << 39.4387
                            << 1.2644;
        QTest::newRow("28") << 35.0831 << -44.1164 << 3.7933 << 35.0232 << -40.0716 << 1.5901
                            << 1.8645;
        QTest::newRow("34") << 2.0776 << 0.0795 << -1.1350 << 0.9033 << -0.0636 << -0.5514
                            << 0.9082;
    }
    void deltaE2000MatchesThePublishedPairs() {
        QFETCH(double, l1);
        QFETCH(double, a1);
        QFETCH(double, b1);
        QFETCH(double, l2);
        QFETCH(double, a2);
        QFETCH(double, b2);
        QFETCH(double, expected);
        QVERIFY2(
            std::abs(deltaE2000(LabColour{l1, a1, b1}, LabColour{l2, a2, b2}) - expected) < 1e-4,
            qPrintable(QString::number(deltaE2000(LabColour{l1, a1, b1}, LabColour{l2, a2, b2}))));
        // Symmetric.
        QVERIFY(std::abs(deltaE2000(LabColour{l2, a2, b2}, LabColour{l1, a1, b1}) - expected) <
                1e-4);
    }

    void srgbToLab() {
        const LabColour white = toLab(Qt::white), red = toLab(QColor(255, 0, 0));
        QVERIFY(std::abs(white.l - 100) < 0.01 && std::abs(white.a) < 0.01 &&
                std::abs(white.b) < 0.01);
        QVERIFY(std::abs(red.l - 53.24) < 0.05 && std::abs(red.a - 80.09) < 0.05 &&
                std::abs(red.b - 67.20) < 0.05);
    }

    // A tint or shade of a brand colour is on brand; another hue is not.
    void brandDistanceAcceptsTintsAndRefusesOtherHues() {
        BrandKit kit;
        kit.primary = QColor("#00798c");
        QCOMPARE(brandDeltaE(kit.primary, kit), 0.0);
        QVERIFY(brandDeltaE(QColor::fromRgbF(0.88f + 0.12f * kit.primary.redF(),
                                             0.88f + 0.12f * kit.primary.greenF(),
                                             0.88f + 0.12f * kit.primary.blueF()),
                            kit) < 1.0);
        QVERIFY(brandDeltaE(QColor("#777777"), kit) < 0.5);                  // neutral
        QVERIFY(brandDeltaE(QColor("#d1495b"), kit) > 2 * kMaxBrandDeltaE);  // a red
    }

    void kitErrorsNameTheFieldAndTheFix() {
        QTemporaryDir dir;
        const QDir d(dir.path());
        QString e = kitError(d, "{\"name\":\"Kestrel\",\"colours\":{\"primary\":\"teal-ish\"}}");
        QVERIFY2(e.contains("brand.json") && e.contains("colours.primary") && e.contains("#rrggbb"),
                 qPrintable(e));
        e = kitError(d, "{\"name\":\"Kestrel\",\"logo\":\"missing.svg\"}");
        QVERIFY2(e.contains("\"logo\"") && e.contains("missing.svg") && e.contains("next to"),
                 qPrintable(e));
        e = kitError(d, "{\"name\":\"Kestrel\",\"colours\":{\"accent\":\"#ff0000\"}}");
        QVERIFY2(e.contains("colours.primary"), qPrintable(e));
        e = kitError(d, "{\"name\": \"Kestrel\", ");
        QVERIFY2(e.contains("brand.json") && e.contains("not a brand kit"), qPrintable(e));
        e = kitError(d, "{\"colours\":{\"primary\":\"#102030\"}}");
        QVERIFY2(e.contains("name") && e.contains("logo"), qPrintable(e));
        // A file that is not a font reads as a kit but does not load.
        writeFile(d.filePath("fake.ttf"), "not a font");
        const BrandKit kit = readKit(d, "{\"name\":\"Kestrel\",\"font\":\"fake.ttf\"}");
        auto assets = BrandAssets::load(kit);
        QVERIFY(!assets);
        QVERIFY2(assets.error().toString().contains("fake.ttf") &&
                     assets.error().toString().contains("TrueType"),
                 qPrintable(assets.error().toString()));
    }

    // Saved into a project's folder, the kit takes its logo along and reads back the same.
    void kitRoundTripsWithItsFiles() {
        QTemporaryDir source, project;
        writeFile(QDir(source.path()).filePath("logo.svg"), kLogoSvg);
        const BrandKit kit =
            readKit(QDir(source.path()),
                    "{\"name\":\"Kestrel\",\"logo\":\"logo.svg\","
                    " \"colours\":{\"primary\":\"#1b3a4b\",\"secondary\":\"#e4572e\",\"accent\":\"#"
                    "f3a712\"},"
                    " \"tone\":[\"Premium\"],\"legal\":\"Offer ends 31 December. Terms apply.\","
                    " \"legal_short\":\"T&Cs apply\",\"logo_min_height_px\":12}");
        const QString target = QDir(project.path()).filePath("brand/brand.json");
        QVERIFY(writeBrandKit(kit, target));
        QVERIFY(QFileInfo::exists(QDir(project.path()).filePath("brand/logo.svg")));
        auto back = readBrandKit(target);
        QVERIFY(back);
        QCOMPARE(back->logoFile, QDir(project.path()).filePath("brand/logo.svg"));
        QCOMPARE(back->primary, kit.primary);
        QCOMPARE(back->accent, kit.accent);
        QCOMPARE(back->toneWords, QStringList{"premium"});
        QCOMPARE(back->legalShort, QString("T&Cs apply"));
        QCOMPARE(back->logoMinHeightPx, 12);
        // Found by fuzzing: a 12-bit colour ("#rrrgggbbb") is kept as the 8-bit colour that is
        // written back, so a saved kit reads as the same kit.
        const BrandKit deep = readKit(
            QDir(source.path()), "{\"name\":\"Kestrel\",\"colours\":{\"primary\":\"#122a3a712\"}}");
        QVERIFY(writeBrandKit(deep, target));
        QCOMPARE(readBrandKit(target)->primary, deep.primary);
    }

    // Every creative of a branded set: the logo drawn (never below its minimum), every fill a
    // tint or shade of the kit's colours, the legal line on it, copy in the kit's tone, and the
    // variants of a segment in different palettes.
    void creativesApplyTheKit() {
        QTemporaryDir dir;
        CreativeSetOptions options;
        options.brandKit = kitWithLogo(
            QDir(dir.path()),
            "{\"name\":\"Kestrel\",\"logo\":\"logo.svg\",\"colours\":{\"primary\":\"#1b3a4b\","
            "\"secondary\":\"#e4572e\",\"accent\":\"#f3a712\"},\"tone\":[\"premium\"],"
            "\"legal\":\"Offer ends 31 December. Terms apply.\",\"legal_short\":\"T&Cs apply\"}");
        QVERIFY(options.brandKit->hasColours());
        auto report = composeCreativeSet(twoSegments(), catalogue(), nullptr, options);
        QVERIFY2(report, report ? "" : qPrintable(report.error().toString()));
        QVERIFY2(report->dropped == 0, qPrintable(report->droppedReasons.join("; ")));
        QCOMPARE(int(report->creatives.size()), 2 * 6 * 3);
        std::map<QString, std::set<QString>> backgrounds;  // per segment and size
        double worstDeltaE = 0;
        const QStringList premiumHeadlines{"h5", "h6"};
        for (const Creative& c : report->creatives) {
            QVERIFY2(c.checks.passed(), qPrintable(c.id + ": " + c.checks.brandProblem));
            QVERIFY2(c.checks.logoHeightPx >= options.brandKit->logoMinHeightPx, qPrintable(c.id));
            worstDeltaE = std::max(worstDeltaE, c.checks.brandDeltaE);
            QVERIFY(premiumHeadlines.contains(c.copyId.section('+', 0, 0)));
            QCOMPARE(c.brand, QString("Kestrel"));
            backgrounds[QString("%1/%2").arg(c.segment).arg(c.size)].insert(
                c.palette.background.name());
            // The call to action is filled with one of the kit's colours or a tint of one.
            QVERIFY(brandDeltaE(c.palette.accent, *options.brandKit) < 1.0);
        }
        // ADSTUDIO_DUMP_VISUALS=DIR writes the set for a look.
        if (const QString dump = qEnvironmentVariable("ADSTUDIO_DUMP_VISUALS"); !dump.isEmpty())
            for (const Creative& c : report->creatives)
                c.image.save(QDir(dump).filePath("branded-" + c.id + ".png"));
        QVERIFY2(worstDeltaE <= kMaxBrandDeltaE, qPrintable(QString::number(worstDeltaE)));
        for (const auto& [key, colours] : backgrounds)
            QVERIFY2(colours.size() >= 2, qPrintable(key));
        qInfo("branded set: %d creatives, worst fill %.1f dE00 from the brand",
              int(report->creatives.size()), worstDeltaE);
    }

    // What breaks the kit is caught and named: a logo minimum the small sizes cannot meet, a
    // legal line that fits nowhere, an off-brand fill, text inside the logo's clear space.
    void brokenRulesAreCaught() {
        QTemporaryDir dir;
        CreativeSetOptions options;
        options.brandKit =
            kitWithLogo(QDir(dir.path()),
                        "{\"name\":\"Kestrel\",\"logo\":\"logo.svg\","
                        " \"colours\":{\"primary\":\"#1b3a4b\"},\"logo_min_height_px\":30}");
        auto report = composeCreativeSet(twoSegments(), catalogue(), nullptr, options);
        QVERIFY(report);
        QVERIFY(report->dropped > 0);
        QVERIFY2(report->droppedReasons.join(' ').contains("below the brand's 30 px minimum"),
                 qPrintable(report->droppedReasons.join("; ")));
        for (const Creative& c : report->creatives) QVERIFY(c.checks.logoHeightPx >= 30);

        options.brandKit->logoMinHeightPx = 8;
        options.brandKit->legalLine =
            "Offer valid on full-price items only until 31 December 2026, excluding gift cards, "
            "while stocks last; see the shop for the full terms and conditions of this offer";
        options.sizes = QStringList{"320x50"};
        report = composeCreativeSet(twoSegments(), catalogue(), nullptr, options);
        QVERIFY(report);
        QVERIFY(report->creatives.empty());
        QVERIFY2(report->droppedReasons.join(' ').contains("legal_short"),
                 qPrintable(report->droppedReasons.join("; ")));

        auto templates = builtInTemplates();
        QVERIFY(templates);
        auto assets = BrandAssets::load(*options.brandKit);
        QVERIFY(assets);
        CreativeSpec spec;
        spec.layout = templates->front();
        spec.headline = "Coats, picked for you";
        spec.cta = "Shop now";
        spec.brandKit = &*options.brandKit;
        spec.brandAssets = &*assets;
        spec.palette = stylePalette(QImage(8, 8, QImage::Format_RGB888),
                                    options.brandKit->colours(), PaletteStyle::Light, true, 1);
        RenderedCreative r = renderCreative(spec);
        QVERIFY2(r.checks.brandProblem.isEmpty(), qPrintable(r.checks.brandProblem));
        spec.palette.background = QColor("#2e8b57");  // a green the brand does not have
        r = renderCreative(spec);
        QVERIFY(r.checks.brandDeltaE > kMaxBrandDeltaE);
        QVERIFY2(r.checks.brandProblem.contains("background") && !r.checks.passed(),
                 qPrintable(r.checks.brandProblem));
        // A layout whose logo slot runs into the call to action.
        spec.palette = stylePalette(QImage(8, 8, QImage::Format_RGB888),
                                    options.brandKit->colours(), PaletteStyle::Light, true, 1);
        spec.layout.slots["logo"] = spec.layout.slots["cta"].adjusted(0, 0.05, 0, 0.05);
        r = renderCreative(spec);
        QVERIFY2(r.checks.brandProblem.contains("clear space"), qPrintable(r.checks.brandProblem));
    }

    // Where the wordmark would fall below its minimum, the compact mark stands in; without one
    // those creatives are dropped.
    void aCompactMarkStandsInWhereTheLogoIsTooSmall() {
        QTemporaryDir dir;
        writeFile(QDir(dir.path()).filePath("logo.svg"), kLogoSvg);
        writeFile(QDir(dir.path()).filePath("mark.svg"),
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\" width=\"40\" "
                  "height=\"40\"><circle cx=\"20\" cy=\"20\" r=\"18\" fill=\"#e4572e\"/></svg>");
        CreativeSetOptions options;
        options.sizes = QStringList{"320x50", "728x90"};
        options.brandKit = readKit(QDir(dir.path()),
                                   "{\"name\":\"Kestrel\",\"logo\":\"logo.svg\","
                                   "\"colours\":{\"primary\":\"#1b3a4b\"},"
                                   "\"logo_min_height_px\":20}");
        auto without = composeCreativeSet(twoSegments(), catalogue(), nullptr, options);
        QVERIFY(without);
        QVERIFY(without->dropped > 0);
        options.brandKit = readKit(QDir(dir.path()),
                                   "{\"name\":\"Kestrel\",\"logo\":\"logo.svg\",\"logo_compact\":"
                                   "\"mark.svg\",\"colours\":{\"primary\":\"#1b3a4b\"},"
                                   "\"logo_min_height_px\":20}");
        auto with = composeCreativeSet(twoSegments(), catalogue(), nullptr, options);
        QVERIFY(with);
        QVERIFY2(with->dropped == 0, qPrintable(with->droppedReasons.join("; ")));
        QCOMPARE(int(with->creatives.size()), 2 * 2 * 3);
        for (const Creative& c : with->creatives) QVERIFY(c.checks.logoHeightPx >= 20);
    }

    // A photo variant only where the catalogue's photo covers the slot: a small colour photo is
    // not blown up (the GAN's vector drawing stands in), a grey picture is traced at any size.
    void photosAreUsedOnlyWhereTheyCoverTheSlot() {
        auto templates = builtInTemplates();
        QVERIFY(templates);
        const CreativeTemplate& square = templates->front();  // 1080x1080: a 541x692 slot
        QCOMPARE(square.sizeName(), QString("1080x1080"));
        QImage small(200, 200, QImage::Format_RGB888), large(800, 800, QImage::Format_RGB888);
        small.fill(QColor("#c0392b"));
        large.fill(QColor("#c0392b"));
        QImage grey(28, 28, QImage::Format_Grayscale8);
        grey.fill(90);
        QVERIFY(!photoCoversSlot(small, square));
        QVERIFY(photoCoversSlot(large, square));
        QVERIFY(photoCoversSlot(grey, square));
        const CreativeTemplate& banner = (*templates)[4];  // 320x50: a 42x44 slot
        QCOMPARE(banner.sizeName(), QString("320x50"));
        QVERIFY(photoCoversSlot(small, banner));
    }

    // The kit's typeface is the one the text is set in.
    void theKitTypefaceIsUsed() {
        const QString serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
        if (!QFileInfo::exists(serif)) QSKIP("DejaVu Serif is not installed (fonts-dejavu-core)");
        BrandKit kit;
        kit.name = "Kestrel";
        kit.fontFile = serif;
        auto assets = BrandAssets::load(kit);
        QVERIFY2(assets, assets ? "" : qPrintable(assets.error().toString()));
        QCOMPARE(assets->fontFamily(), QString("DejaVu Serif"));
        auto templates = builtInTemplates();
        CreativeSpec spec;
        spec.layout = templates->front();
        spec.headline = "Coats, picked for you";
        spec.cta = "Shop now";
        spec.logo = "Kestrel";
        spec.palette = stylePalette(QImage(8, 8, QImage::Format_RGB888), {QColor("#1b3a4b")},
                                    PaletteStyle::Light, true, 1);
        const RenderedCreative plain = renderCreative(spec);
        spec.brandKit = &kit;
        spec.brandAssets = &*assets;
        const RenderedCreative branded = renderCreative(spec);
        QVERIFY(plain.checks.passed() && branded.checks.passed());
        const QRect headline = branded.textBoxes.value("headline");
        QVERIFY(plain.image.copy(headline) != branded.image.copy(headline));
    }
};

QTEST_MAIN(TestBrandKit)
#include "test_brand_kit.moc"
