// SPDX-License-Identifier: MIT
// Creatives end to end: the main job's --fast run, the composer's checks on rendered pixels,
// and the export's contents.
#include "common/atomic_file.h"
#include "common/image_convert.h"
#include "creative/composer.h"
#include "creative/creative_set.h"
#include "creative/product_illustration.h"
#include "creative/variant_distance.h"
#include "data/demo_world.h"
#include "export/exporter.h"
#include "export/file_weight.h"
#include "export/zip_archive.h"
#include "pipeline/pipeline.h"

#include <QBuffer>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include <map>

using namespace adstudio;

namespace {

QString readText(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll());
}

// Every key at any depth, to prove no per-user field leaves in an export.
void collectKeys(const QJsonValue& value, QStringList* keys) {
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            keys->append(it.key());
            collectKeys(*it, keys);
        }
    } else if (value.isArray()) {
        for (const auto& v : value.toArray()) collectKeys(v, keys);
    }
}

CreativeSpec longTextSpec(const CreativeTemplate& layout) {
    CreativeSpec spec;
    spec.layout = layout;
    QImage visual(32, 32, QImage::Format_Grayscale8);
    visual.fill(40);
    spec.visual = visual;
    spec.headline = "Extraordinarily comfortable sneakers made for marathon weekends";
    spec.subline = "Only €89.99 — free returns for thirty days, no questions asked";
    spec.cta = "Shop now";
    spec.badge = "€89";
    spec.logo = "Solenne";
    spec.palette = derivePalette(visual, QColor("#d1495b"), 1);
    return spec;
}

// Each creative's HTML5 banner unzipped: index.html at the banner's fixed size with the
// clickTag link and nothing loaded from elsewhere, the image it loads, a backup image; initial
// load within the IAB's 150 KB; and the page lays out at its size (Qt's HTML engine).
void checkHtml5Banners(const QDir& exportDir, const QJsonArray& creatives) {
    qint64 largest = 0;
    for (const auto& value : creatives) {
        const QJsonObject c = value.toObject();
        const QJsonObject html5 = c.value("html5").toObject();
        QVERIFY2(!html5.isEmpty(), qPrintable(c.value("id").toString()));
        auto entries = readZip(exportDir.filePath(html5.value("path").toString()));
        QVERIFY2(entries, entries ? "" : qPrintable(entries.error().toString()));
        QCOMPARE(QStringList(entries->keys()),
                 (QStringList{"backup.jpg", "banner.jpg", "index.html"}));
        const QString page = QString::fromUtf8(entries->value("index.html"));
        const QStringList wh = c.value("size").toString().split('x');
        const int w = wh.value(0).toInt(), h = wh.value(1).toInt();
        QVERIFY(page.contains(QString("content=\"width=%1,height=%2\"").arg(w).arg(h)));
        QVERIFY(page.contains("var clickTag = ") &&
                page.contains("href=\"javascript:window.open(window.clickTag)\""));
        static const QRegularExpression external("(src|href)=\"(https?:)?//");
        QVERIFY2(!page.contains(external), qPrintable(page));
        const qint64 initial =
            entries->value("index.html").size() + entries->value("banner.jpg").size();
        QCOMPARE(html5.value("initial_load_bytes").toInteger(), initial);
        QVERIFY2(initial <= 150 * 1024 && html5.value("fits_budget").toBool(),
                 qPrintable(QString("%1: %2 bytes").arg(c.value("id").toString()).arg(initial)));
        largest = std::max(largest, initial);
        QImage banner;
        QVERIFY(banner.loadFromData(entries->value("banner.jpg")));
        QCOMPARE(banner.size(), QSize(w, h));
        QTextDocument document;
        document.setDocumentMargin(0);
        document.addResource(QTextDocument::ImageResource, QUrl("banner.jpg"), banner);
        document.setHtml(page);
        // Qt lays the one image out at its width (plus the few pixels of the text line it sits on).
        QVERIFY2(document.idealWidth() >= w && document.idealWidth() <= w + 6,
                 qPrintable(QString("%1 vs %2").arg(document.idealWidth()).arg(w)));
    }
    qInfo("HTML5 banners: %d, largest initial load %lld KiB", int(creatives.size()),
          largest / 1024);
}

}  // namespace

class TestCreatives : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Golden-free: text boxes inside the canvas, and the contrast measured on the rendered
    // pixels (text colour against the median of the other pixels in its box) is at least 4.5.
    void renderedTextFitsAndReads() {
        auto templates = builtInTemplates();
        QVERIFY(templates);
        QCOMPARE(int(templates->size()), 6);
        for (const auto& layout : *templates) {
            const RenderedCreative r = renderCreative(longTextSpec(layout));
            QCOMPARE(r.image.size(), layout.size);
            for (auto it = r.textBoxes.begin(); it != r.textBoxes.end(); ++it) {
                QVERIFY2(r.image.rect().contains(*it), qPrintable(layout.id + " " + it.key()));
                const QColor ink = r.textColours.value(it.key());
                std::vector<double> background;
                for (int y = it->top(); y <= it->bottom(); ++y)
                    for (int x = it->left(); x <= it->right(); ++x) {
                        const QColor c = r.image.pixelColor(x, y);
                        if (contrastRatio(c, ink) > 1.5) background.push_back(relativeLuminance(c));
                    }
                if (background.empty()) continue;
                std::nth_element(background.begin(), background.begin() + background.size() / 2,
                                 background.end());
                const double bg = background[background.size() / 2];
                const double li = relativeLuminance(ink);
                const double contrast = (std::max(bg, li) + 0.05) / (std::min(bg, li) + 0.05);
                QVERIFY2(contrast >= 4.5,
                         qPrintable(QString("%1 %2: %3").arg(layout.id, it.key()).arg(contrast)));
            }
            if (layout.sizeName() != "320x50") QVERIFY2(r.checks.passed(), qPrintable(layout.id));
        }
    }

    // A palette whose text colour vanishes into the background is repaired, not exported as is.
    void unreadableTextIsRepaired() {
        auto templates = builtInTemplates();
        CreativeSpec spec = longTextSpec(templates->front());
        spec.headline = "Sale";
        spec.subline = "Today";
        spec.palette.text = spec.palette.background.darker(105);
        const RenderedCreative r = renderCreative(spec);
        QVERIFY(r.checks.repaired);
        QVERIFY(r.checks.minContrast >= 4.5);
    }

    // The main job end to end (--fast): at least 3 segments x 6 sizes x 3 variants, all checks
    // passed, manifest and images agree, the contact sheet shows every image, no user data.
    // Near-duplicates: the same creative re-rendered measures 0; one with other copy clearly
    // more than the composer's threshold; a black and a white canvas 1.
    // A generated product drawn as vectors at the slot's size: its outline rises from paper to
    // product within a few pixels at every size, where the cubic upscale of the 28-px sample
    // smears it over tens. ADSTUDIO_DUMP_VISUALS=DIR writes both for a look.
    // One creative at all six sizes with the product drawn as vectors (after) and as the cubic
    // upscale of its 28-px sample (before): inside the composed creative the vector outline is
    // sharper wherever the slot enlarges the sample. ADSTUDIO_DUMP_VISUALS=DIR writes both sheets
    // (creative-before.png, creative-after.png; the README shows them).
    void wholeCreativeBeforeAndAfter() {
        auto products = embeddedProductImages();
        QVERIFY(products);
        int index = 0;
        while (products->labels[std::size_t(index)] != 7) ++index;  // a sneaker
        const QImage sample =
            pixelsToQImage(products->image(index), products->width, products->height, 1);
        auto templates = builtInTemplates();
        QVERIFY(templates);
        const QString dump = qEnvironmentVariable("ADSTUDIO_DUMP_VISUALS");
        const std::map<QString, QPoint> at{{"1080x1080", {0, 0}},   {"300x600", {1100, 0}},
                                           {"160x600", {1420, 0}},  {"300x250", {1100, 620}},
                                           {"320x50", {1100, 890}}, {"728x90", {0, 1100}}};
        QImage before(1600, 1210, QImage::Format_RGB888), after(before.size(), before.format());
        before.fill(Qt::white);
        after.fill(Qt::white);
        QPainter beforePainter(&before), afterPainter(&after);
        for (const CreativeTemplate& layout : *templates) {
            CreativeSpec spec;
            spec.layout = layout;
            spec.headline = "Sneakers, picked for you";
            spec.subline = "From Kestrel, for fans of t-shirts";
            spec.cta = "Shop now";
            spec.badge = "€76.99";
            spec.logo = "Kestrel";
            spec.palette = stylePalette(sample, {QColor("#d1495b")}, PaletteStyle::Light, true, 1);
            spec.visual = sample;
            const RenderedCreative drawn = renderCreative(spec);
            const QRect slot = layout.rect("visual").toAlignedRect();
            spec.visual =
                upscaleProduct(sample, slot.size(), spec.palette.panel, spec.palette.accent)
                    .convertToFormat(QImage::Format_RGB888);
            const RenderedCreative blown = renderCreative(spec);
            QVERIFY(drawn.checks.passed() || layout.sizeName() == "320x50");
            const double sharp = edgeRiseWidth(drawn.image.copy(slot), spec.palette.panel);
            const double soft = edgeRiseWidth(blown.image.copy(slot), spec.palette.panel);
            qInfo("%s: visual slot %dx%d, outline rise %.2f px drawn as vectors, %.2f px upscaled",
                  qPrintable(layout.sizeName()), slot.width(), slot.height(), sharp, soft);
            // The more the slot enlarges the sample, the wider the gap.
            const int enlarged = std::min(slot.width(), slot.height()) / products->width;
            if (enlarged >= 3) QVERIFY2(sharp * 1.5 < soft, qPrintable(layout.sizeName()));
            if (enlarged >= 15) QVERIFY2(sharp * 4 < soft, qPrintable(layout.sizeName()));
            afterPainter.drawImage(at.at(layout.sizeName()), drawn.image);
            beforePainter.drawImage(at.at(layout.sizeName()), blown.image);
        }
        if (!dump.isEmpty()) {
            before.save(dump + "/creative-before.png");
            after.save(dump + "/creative-after.png");
        }
    }

    void productVisualsAreCrispAtEverySize() {
        auto products = embeddedProductImages();
        QVERIFY2(products, products ? "" : qPrintable(products.error().toString()));
        const QColor paper("#f4efe9"), ink("#2a6f97");
        const QString dump = qEnvironmentVariable("ADSTUDIO_DUMP_VISUALS");
        for (const QSize size : {QSize(1080, 1080), QSize(300, 250), QSize(160, 600)}) {
            double illustrated = 0, upscaled = 0;
            int measured = 0;
            for (int cls = 0; cls < 10; ++cls) {
                int index = 0;
                while (products->labels[std::size_t(index)] != cls) ++index;
                const QImage sample =
                    pixelsToQImage(products->image(index), products->width, products->height, 1);
                const QImage vector = illustrateProduct(sample, size, paper, ink);
                const QImage bitmap = upscaleProduct(sample, size, paper, ink);
                QCOMPARE(vector.size(), size);
                const double a = edgeRiseWidth(vector, paper), b = edgeRiseWidth(bitmap, paper);
                QVERIFY2(a > 0 && b > 0,
                         qPrintable(QString("class %1: %2 %3").arg(cls).arg(a).arg(b)));
                illustrated += a;
                upscaled += b;
                ++measured;
                if (!dump.isEmpty()) {
                    vector.save(QString("%1/%2x%3-%4-vector.png")
                                    .arg(dump)
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(cls));
                    bitmap.save(QString("%1/%2x%3-%4-upscale.png")
                                    .arg(dump)
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(cls));
                }
            }
            illustrated /= measured;
            upscaled /= measured;
            qInfo("%dx%d: outline 10-90%% rise %.2f px drawn as vectors, %.2f px upscaled",
                  size.width(), size.height(), illustrated, upscaled);
            QVERIFY2(illustrated < 3.5, qPrintable(QString::number(illustrated)));
            // The larger the slot, the blurrier the blow-up; the vector outline stays a line.
            QVERIFY(illustrated * (size.width() >= 1000 ? 8 : 2.5) < upscaled);
        }
    }

    void variantsThatLookTheSameAreTold() {
        auto layouts = builtInTemplates();
        QVERIFY(layouts);
        const CreativeTemplate& layout = layouts->front();
        const CreativeSpec spec = longTextSpec(layout);
        const QImage first = renderCreative(spec).image;
        QCOMPARE(perceptualDistance(first, renderCreative(spec).image), 0.0);
        CreativeSpec otherCopy = spec;
        otherCopy.headline = "New: Canvas sneaker";
        otherCopy.subline = "Limited stock, ships in 24 hours";
        const double copyOnly = perceptualDistance(first, renderCreative(otherCopy).image);
        qInfo("copy-only variant distance %.4f", copyOnly);
        QVERIFY(copyOnly > CreativeSetOptions{}.minVariantDistance);
        QImage black(300, 250, QImage::Format_RGB32), white(300, 250, QImage::Format_RGB32);
        black.fill(Qt::black);
        white.fill(Qt::white);
        QCOMPARE(perceptualDistance(black, white), 1.0);
    }

    // The encoders keep each image within its placement's budget at the best quality they can.
    void imagesAreEncodedWithinTheirBudget() {
        QCOMPARE(fileWeightBudget({300, 250}), 150 * 1024);
        QCOMPARE(fileWeightBudget({1080, 1080}), 500 * 1024);
        // A photo-like square: a gradient with grain, too heavy for a lossless PNG.
        QImage photo(1080, 1080, QImage::Format_RGB32);
        std::uint32_t state = 7;
        for (int y = 0; y < photo.height(); ++y) {
            auto* line = reinterpret_cast<QRgb*>(photo.scanLine(y));
            for (int x = 0; x < photo.width(); ++x) {
                state = state * 1664525u + 1013904223u;
                const int grain = int(state >> 28) - 8;
                line[x] = qRgb(std::clamp(x * 255 / 1080 + grain, 0, 255),
                               std::clamp(y * 255 / 1080 + grain, 0, 255), 128);
            }
        }
        const qint64 budget = fileWeightBudget(photo.size());
        const EncodedImage jpeg = encodeJpegWithin(photo, budget);
        QVERIFY(jpeg.fits);
        QVERIFY(jpeg.bytes.size() <= budget);
        QVERIFY2(jpeg.psnr > 30, qPrintable(QString::number(jpeg.psnr)));
        if (jpeg.quality < 95) {  // the best quality that fits: one more would not
            QByteArray next;
            QBuffer buffer(&next);
            buffer.open(QIODevice::WriteOnly);
            photo.save(&buffer, "JPEG", jpeg.quality + 1);
            QVERIFY(next.size() > budget);
        }
        const EncodedImage png = encodePngWithin(photo, budget);
        QVERIFY2(!png.fits || png.bytes.size() <= budget, "a PNG that fits is within budget");
        QVERIFY(png.encoding == QLatin1String("png8") || !png.fits);

        // A flat banner: lossless, compressed far under the budget (it used to be stored raw).
        QImage banner(300, 250, QImage::Format_RGB32);
        banner.fill(QColor("#f4efe6"));
        QPainter painter(&banner);
        painter.fillRect(QRect(20, 180, 120, 40), QColor("#d1495b"));
        painter.end();
        const EncodedImage flat = encodePngWithin(banner, fileWeightBudget(banner.size()));
        QCOMPARE(flat.encoding, QStringLiteral("png"));
        QVERIFY(flat.fits);
        QVERIFY2(flat.bytes.size() < 300 * 250 * 3 / 20,
                 qPrintable(QString::number(flat.bytes.size())));
        QImage decoded;
        QVERIFY(decoded.loadFromData(flat.bytes));
        QCOMPARE(decoded.convertToFormat(QImage::Format_RGB32), banner);
    }

    void mainJobExportsACheckedCreativeSet() {
        QTemporaryDir dir;
        PipelineOptions options;
        options.demo = true;
        options.fast = true;
        options.projectDir = dir.filePath("project");
        auto summary = runPipeline(options);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        qInfo("%s", qPrintable(summary->table()));
        QVERIFY(summary->segments >= 3);
        QCOMPARE(summary->sizes, 6);

        const QDir exportDir(summary->exportFolder);
        auto manifest = readJsonFile(exportDir.filePath("manifest.json"), {});
        QVERIFY(manifest);
        const QJsonArray creatives = manifest->value("creatives").toArray();
        QVERIFY(creatives.size() >= 3 * 6 * 3);
        QMap<QString, int> perSegmentSize;
        const QString index = readText(exportDir.filePath("index.html"));
        for (const auto& value : creatives) {
            const QJsonObject c = value.toObject();
            QVERIFY(c.value("checks").toObject().value("passed").toBool());
            const QString file = c.value("file").toString();
            QImage image(exportDir.filePath(file));
            QVERIFY2(!image.isNull(), qPrintable(file));
            QCOMPARE(QString("%1x%2").arg(image.width()).arg(image.height()),
                     c.value("size").toString());
            QVERIFY2(index.contains("src=\"" + file + "\""), qPrintable(file));
            // The copy never echoes the segment's label and states the price at most once.
            const QString label = c.value("segment_name").toString().section(',', 0, 0);
            QVERIFY2(!c.value("headline").toString().contains(label, Qt::CaseInsensitive),
                     qPrintable(c.value("headline").toString()));
            ++perSegmentSize
                [QString("%1/%2").arg(c.value("segment").toInt()).arg(c.value("size").toString())];
        }
        QCOMPARE(perSegmentSize.size(), summary->segments * 6);
        // Every file weighs what the manifest says and fits its placement's budget; PNGs are
        // lossless (pixel-identical to the composed creative).
        qint64 exportedImageBytes = 0;
        for (const auto& value : creatives) {
            const QJsonObject c = value.toObject();
            QVERIFY2(c.value("within_budget").toBool(), qPrintable(c.value("id").toString()));
            for (const auto& f : c.value("files").toArray()) {
                const QJsonObject file = f.toObject();
                const QString path = exportDir.filePath(file.value("path").toString());
                QCOMPARE(QFileInfo(path).size(), file.value("bytes").toInteger());
                QVERIFY2(file.value("fits_budget").toBool(), qPrintable(path));
                QVERIFY(file.value("bytes").toInteger() <= file.value("budget").toInteger());
                exportedImageBytes += file.value("bytes").toInteger();
                if (file.value("encoding").toString() == QLatin1String("png")) {
                    const QImage composed(
                        dir.filePath("project/creatives/" + c.value("id").toString() + ".png"));
                    QCOMPARE(QImage(path).convertToFormat(QImage::Format_RGB32),
                             composed.convertToFormat(QImage::Format_RGB32));
                }
            }
        }
        qInfo("export: %d creatives, %lld KiB of images, zip %lld KiB", int(creatives.size()),
              exportedImageBytes / 1024,
              QFileInfo(exportDir.filePath("creatives.zip")).size() / 1024);
        for (const int n : perSegmentSize) QCOMPARE(n, 3);
        checkHtml5Banners(exportDir, creatives);
        QCOMPARE(readText(exportDir.filePath("manifest.csv")).count('\n'), creatives.size() + 1);
        QVERIFY(QFile::exists(exportDir.filePath("creatives.zip")));
        QVERIFY(QFile::exists(dir.filePath("project/project.json")));

        // Segment-level data only: no key about users and no user-level file in the export.
        QStringList keys;
        collectKeys(*manifest, &keys);
        for (const QString& key : keys) QVERIFY2(!key.contains("user"), qPrintable(key));
        QDirIterator files(exportDir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString name = files.next();
            QVERIFY2(!name.contains("segments.json") && !name.contains("embedding"),
                     qPrintable(name));
        }
        QVERIFY(!QFile::exists(summary->exportFolder + ".partial"));

        // A cancelled re-export leaves the previous set untouched and no staging folder.
        std::vector<Creative> none;
        JobContext job;
        job.cancel.cancel();
        auto loaded = readJsonFile(dir.filePath("project/creatives/creatives.json"), {});
        QVERIFY(loaded);
        std::vector<Creative> set;
        for (const auto& v : loaded->value("creatives").toArray()) {
            Creative c = Creative::fromJson(v.toObject());
            c.image = QImage(dir.filePath("project/creatives/" + c.id + ".png"));
            set.push_back(c);
        }
        auto cancelled = exportCreatives(set, {}, summary->exportFolder, {}, job);
        QVERIFY(!cancelled && cancelled.error().cancelled);
        QVERIFY(!QFile::exists(summary->exportFolder + ".partial"));
        QVERIFY(QFile::exists(exportDir.filePath("manifest.json")));
    }
};

QTEST_MAIN(TestCreatives)
#include "test_creatives.moc"
