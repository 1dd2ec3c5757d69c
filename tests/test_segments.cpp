// SPDX-License-Identifier: MIT
// Segments on the demo world: the planted segments must come back.
#include "common/atomic_file.h"
#include "data/demo_world.h"
#include "data/source.h"
#include "segments/segmentation.h"
#include "train/recommender.h"

#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;

class TestSegments : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void adjustedRandIndexOfKnownLabelings() {
        QCOMPARE(adjustedRandIndex({0, 0, 1, 1}, {1, 1, 0, 0}), 1.0);
        QVERIFY(adjustedRandIndex({0, 0, 1, 1, 2, 2}, {0, 1, 0, 1, 0, 1}) < 0.0);
    }

    // The bar: on the demo world the planted segments are recovered with an adjusted
    // Rand index of at least 0.8, with k chosen by silhouette.
    void recoversPlantedSegments() {
        QTemporaryDir dir;
        QVERIFY(generateDemoWorld(dir.filePath("demo"), {}));
        auto source = loadSource(dir.filePath("demo"), {});
        QVERIFY(source);
        RecommenderConfig config;
        config.model = RecommenderKind::DeepFM;
        config.layers = {64, 32};
        config.epochs = 6;
        config.threads = 2;
        config.baselines = false;
        QVERIFY(trainRecommender(*source->tables, config, dir.filePath("model"), false));
        auto model = RecommenderModel::load(dir.filePath("model"));
        QVERIFY(model);
        auto segments = segmentUsers(*model, {});
        QVERIFY2(segments, segments ? "" : qPrintable(segments.error().toString()));

        auto truth = readJsonFile(dir.filePath("demo/truth.json"), {});
        QVERIFY(truth);
        const QJsonObject planted = truth->value("users").toObject();
        std::vector<int> expected;
        for (const QString& id : model->userIds()) expected.push_back(planted.value(id).toInt());
        const double ari = adjustedRandIndex(segments->assignment, expected);
        QStringList names;
        for (const auto& p : segments->profiles)
            names << QString("%1 (%2)").arg(p.name).arg(p.size);
        qInfo("k=%d silhouette %.3f ARI %.3f: %s", segments->k, segments->silhouette, ari,
              qPrintable(names.join("; ")));
        QCOMPARE(segments->k, 5);
        QVERIFY2(ari >= 0.8, qPrintable(QString::number(ari)));
        QCOMPARE(int(segments->map.size()), 2 * model->userIds().size());
        // The sneaker segment is named after sneakers.
        QVERIFY(std::any_of(segments->profiles.begin(), segments->profiles.end(),
                            [](const SegmentProfile& p) { return p.name.startsWith("Sneaker"); }));
        // Same seed, same segments.
        auto again = segmentUsers(*model, {});
        QVERIFY(again && again->assignment == segments->assignment);
    }
};

QTEST_GUILESS_MAIN(TestSegments)
#include "test_segments.moc"
