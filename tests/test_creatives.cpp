// SPDX-License-Identifier: MIT
// Creatives end to end: the main job's --fast run, the composer's checks on rendered pixels,
// and the export's contents.
#include "common/atomic_file.h"
#include "creative/composer.h"
#include "export/exporter.h"
#include "pipeline/pipeline.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

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
            ++perSegmentSize
                [QString("%1/%2").arg(c.value("segment").toInt()).arg(c.value("size").toString())];
        }
        QCOMPARE(perSegmentSize.size(), summary->segments * 6);
        for (const int n : perSegmentSize) QCOMPARE(n, 3);
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
