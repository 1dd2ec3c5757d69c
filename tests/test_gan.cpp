// SPDX-License-Identifier: MIT
// The conditional GAN on a Fashion-MNIST subset: seeded, CPU, well under a minute.
#include "data/demo_world.h"
#include "train/compute_device.h"
#include "train/gan.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace adstudio;

namespace {

const ImageSet& fashion() {
    static const ImageSet set = [] {
        auto read = embeddedProductImages();  // the bundled t10k set: runs on every clone
        if (!read) qFatal("%s", qPrintable(read.error().toString()));
        return *read;
    }();
    return set;
}

GanConfig smallConfig() {
    GanConfig config;
    config.maxImages = 4000;
    config.epochs = 4;
    config.width = 16;
    config.batchSize = 32;
    config.evalSamples = 500;
    config.classifierEpochs = 2;
    config.threads = 2;
    config.seed = 5;
    return config;
}

}  // namespace

class TestGan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The bar: the Fréchet distance falls well below the untrained generator's and
    // class consistency rises far above chance (0.1).
    void learnsClassConditionalImages() {
        QTemporaryDir out;
        auto report = trainGan(fashion(), smallConfig(), out.path(), false);
        QVERIFY2(report, report ? "" : qPrintable(report.error().toString()));
        const auto& m = report->metrics;
        qInfo(
            "consistency %.3f, Frechet %.2f (untrained %.2f, floor %.2f), diversity %.3f, "
            "scorer accuracy %.3f",
            m.value("class_consistency").toDouble(), m.value("frechet").toDouble(),
            m.value("frechet_untrained").toDouble(), m.value("frechet_real_floor").toDouble(),
            m.value("diversity").toDouble(), m.value("classifier_accuracy").toDouble());
        QVERIFY(m.value("classifier_accuracy").toDouble() > 0.7);  // a scorer worth trusting
        QVERIFY(m.value("frechet").toDouble() < 0.5 * m.value("frechet_untrained").toDouble());
        QVERIFY(m.value("frechet_real_floor").toDouble() < m.value("frechet").toDouble());
        QVERIFY(m.value("class_consistency").toDouble() > 0.5);  // chance is 0.1; 0.78 here
        QVERIFY(m.value("diversity").toDouble() > 0.2);
        // Per class, named; equal draws per class, so their mean is the overall figure.
        const QJsonObject byClass = m.value("class_consistency_by_class").toObject();
        QCOMPARE(byClass.size(), 10);
        double sum = 0;
        for (const QString& name : fashion().classNames) {
            QVERIFY2(byClass.contains(name), qPrintable(name));
            sum += byClass.value(name).toDouble();
        }
        QVERIFY(std::abs(sum / 10 - m.value("class_consistency").toDouble()) < 1e-9);
        for (const char* file : {"gan.json", "generator.pt", "checkpoint.pt", "classifier.pt",
                                 "history.csv", "metrics.json", "samples/epoch_003.png"})
            QVERIFY2(QFile::exists(out.filePath(file)), file);

        auto model = GanModel::load(out.path());
        QVERIFY2(model, model ? "" : qPrintable(model.error().toString()));
        QCOMPARE(model->classIndex("Sneaker"), 7);
        const auto a = model->sample(7, 4, 99), b = model->sample(7, 4, 99);
        QCOMPARE(int(a.size()), 4);
        QCOMPARE(a[0].size(), QSize(32, 32));
        QCOMPARE(a[2], b[2]);
        QVERIFY(a[0] != a[1]);

        // Visuals for creatives: draws the scorer recognises as the class asked for. Where the
        // generator draws the class at all, the filtered draws are (nearly) all recognised.
        int filtered = 0, unfiltered = 0, drawable = 0;
        for (int c = 0; c < 10; ++c) {
            const auto kept = model->sample(c, 5, 1000 + c);
            const auto plain = model->sample(c, 5, 1000 + c, false);
            int keptHits = 0, plainHits = 0;
            for (int i = 0; i < 5; ++i) {
                keptHits += model->recognise(kept[std::size_t(i)]) == c;
                plainHits += model->recognise(plain[std::size_t(i)]) == c;
            }
            filtered += keptHits;
            unfiltered += plainHits;
            if (plainHits > 0) {
                ++drawable;
                QVERIFY2(keptHits >= 4, qPrintable(QString("class %1: %2/5").arg(c).arg(keptHits)));
            }
        }
        qInfo("recognised as their class: %d/50 filtered, %d/50 unfiltered (%d classes drawn)",
              filtered, unfiltered, drawable);
        QVERIFY(drawable >= 3);
        QVERIFY(filtered > unfiltered);
    }

    // Cancel after the first epoch, resume: the history continues and sampling matches an
    // uninterrupted run with the same seed.
    void cancelledRunResumes() {
        GanConfig config = smallConfig();
        config.maxImages = 1000;
        config.epochs = 2;
        config.evalSamples = 200;
        config.classifierEpochs = 1;
        QTemporaryDir straight, interrupted;
        QVERIFY(trainGan(fashion(), config, straight.path(), false));
        JobContext job;
        auto cancelled =
            trainGan(fashion(), config, interrupted.path(), false, job, [&](const TrainEvent& e) {
                if (e.epochEnd && e.epoch == 1) job.cancel.cancel();
            });
        QVERIFY(!cancelled && cancelled.error().cancelled);
        auto resumed = trainGan(fashion(), config, interrupted.path(), true);
        QVERIFY2(resumed, resumed ? "" : qPrintable(resumed.error().toString()));
        QCOMPARE(resumed->resumedFrom, 1);
        QCOMPARE(int(resumed->history.size()), 2);
        auto a = GanModel::load(straight.path()), b = GanModel::load(interrupted.path());
        QVERIFY(a && b);
        // Bitwise on the CPU, where the same seed promises the same model. Some CUDA kernels sum
        // with atomics in a varying order (an H200 run differed even with cuDNN's deterministic
        // algorithms), so on a GPU the run only has to resume where it stopped (above).
        if (activeDeviceName() == "cpu") QCOMPARE(a->sample(3, 2, 1)[1], b->sample(3, 2, 1)[1]);
    }

    void unlabelledImagesAreAClearError() {
        ImageSet set = fashion();
        set.labels.clear();
        QTemporaryDir out;
        auto report = trainGan(set, smallConfig(), out.path(), false);
        QVERIFY(!report);
        QVERIFY(report.error().fix.contains("labels"));
    }
};

QTEST_GUILESS_MAIN(TestGan)
#include "test_gan.moc"
