// SPDX-License-Identifier: MIT
// Data-parallel training as a user starts it from the CLI: several processes (Gloo all-reduce
// over loopback) train the model one process would, a missing or killed rank fails the others
// in time, and --resume continues from the last checkpoint. Its own executable because these
// runs take minutes (longest under the sanitizers) where the rest of the CLI's take seconds.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "cli_run.h"

class TestDistributed : public QObject {
    Q_OBJECT
private:
    // A column of a run's history.csv by name, one entry per epoch.
    static QList<double> historyColumn(const QString& folder, const QString& name) {
        QFile file(folder + "/history.csv");
        if (!file.open(QIODevice::ReadOnly)) return {};
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        const int column = lines.value(0).split(',').indexOf(name);
        QList<double> out;
        for (int i = 1; i < lines.size(); ++i) out << lines[i].split(',').value(column).toDouble();
        return out;
    }
    static QList<double> lossCurve(const QString& folder) { return historyColumn(folder, "loss"); }

    // A small labelled IDX image set drawn here (no data set needed): 28x28 grey, class 0 a
    // vertical bar and class 1 a horizontal bar at seeded places, over faint noise.
    static QString writeBarImages(const QString& folder, int count) {
        QByteArray images, labels;
        auto be32 = [](QByteArray& to, quint32 v) {
            for (int shift = 24; shift >= 0; shift -= 8) to.append(char((v >> shift) & 0xff));
        };
        be32(images, 0x00000803), be32(images, quint32(count)), be32(images, 28), be32(images, 28);
        be32(labels, 0x00000801), be32(labels, quint32(count));
        quint32 state = 12345;
        auto next = [&state] { return (state = state * 1664525u + 1013904223u) >> 24; };
        for (int i = 0; i < count; ++i) {
            const int cls = i % 2, at = 4 + int(next() % 20);
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x) {
                    const int onBar = cls == 0 ? std::abs(x - at) <= 2 : std::abs(y - at) <= 2;
                    images.append(char(onBar ? 200 + int(next() % 56) : int(next() % 40)));
                }
            labels.append(char(cls));
        }
        const QString path = folder + "/bars-images-idx3-ubyte";
        QFile imageFile(path), labelFile(folder + "/bars-labels-idx1-ubyte");
        if (!imageFile.open(QIODevice::WriteOnly) || !labelFile.open(QIODevice::WriteOnly))
            return {};
        imageFile.write(images);
        labelFile.write(labels);
        return path;
    }

    static QJsonObject metrics(const QString& folder) {
        QFile file(folder + "/metrics.json");
        file.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    // The training arguments for `model` on a small demo world written into `dir` (empty when
    // the world could not be written), shared by the equivalence tests: 3 epochs, batch 128.
    static QStringList smallWorldTraining(const QTemporaryDir& dir, const QString& model) {
        if (runCli({"demo-data", "--out", dir.filePath("world"), "--users", "400", "--items", "40",
                    "--seed", "3"})
                .code != 0)
            return {};
        return {"train",        "--data", dir.filePath("world"), "--model", model, "--epochs", "3",
                "--batch-size", "128",    "--no-baselines",      "--seed",  "9"};
    }

    // Empty when each run in `others` has run `one`'s 3-epoch loss curve to 1e-5 and its AUC
    // to 1e-4 (1e-3 on CUDA); else what differs.
    static QString differenceFrom(const QTemporaryDir& dir, const QString& one,
                                  const QStringList& others) {
        const QList<double> a = lossCurve(dir.filePath(one));
        if (a.size() != 3) return one + ": " + QString::number(a.size()) + " epochs";
        for (const QString& other : others) {
            const QList<double> b = lossCurve(dir.filePath(other));
            if (b.size() != 3) return other + ": " + QString::number(b.size()) + " epochs";
            for (int e = 0; e < 3; ++e) {
                if (std::abs(a[e] - b[e]) >= 1e-5)
                    return QString("%1, epoch %2: loss %3 vs %4")
                        .arg(other)
                        .arg(e + 1)
                        .arg(a[e], 0, 'g', 9)
                        .arg(b[e], 0, 'g', 9);
            }
            const QJsonObject otherMetrics = metrics(dir.filePath(other));
            const double aucA = metrics(dir.filePath(one)).value("auc").toDouble();
            const double aucB = otherMetrics.value("auc").toDouble();
            // CUDA's gradient kernels sum in a varying order: on an H200 the loss curves still
            // agreed to 1e-5, the AUC to 2.1e-4.
            const bool cuda = otherMetrics.value("device").toString() == "cuda";
            if (std::abs(aucA - aucB) >= (cuda ? 1e-3 : 1e-4))
                return QString("%1: AUC %2 vs %3").arg(other).arg(aucA).arg(aucB);
        }
        return {};
    }

private Q_SLOTS:
    // Data-parallel training: two processes (Gloo all-reduce over loopback) with the global
    // batch of one process give its loss curve and its metrics, and so do three. Dense tables here
    // (DeepFM's are row-sparse by default: rowSparseTablesTrainAlikeInTwoRanks covers that path).
    void twoRanksTrainLikeOneProcess() {
        QTemporaryDir dir;
        const QStringList common = smallWorldTraining(dir, "deepfm");
        QVERIFY(!common.isEmpty());
        QProcessEnvironment dense = QProcessEnvironment::systemEnvironment();
        dense.insert("ADSTUDIO_ROW_SPARSE_FLOATS", "1000000000");
        const CliRun one =
            runCli(common + QStringList{"--threads", "1", "--out", dir.filePath("one")}, dense);
        QVERIFY2(one.code == 0, one.err.constData());
        const CliRun two =
            runCli(common + QStringList{"--workers", "2", "--out", dir.filePath("two")}, dense);
        QVERIFY2(two.code == 0, two.err.constData());
        // These tables are small enough to travel whole; the same with them sent by rows touched.
        QProcessEnvironment byRows = dense;
        byRows.insert("ADSTUDIO_DENSE_TABLE_BYTES", "0");
        const CliRun rows =
            runCli(common + QStringList{"--workers", "2", "--out", dir.filePath("rows")}, byRows);
        QVERIFY2(rows.code == 0, rows.err.constData());
        // Three ranks (shares of 42, 43 and 43 rows) sum on Gloo's chunked ring.
        const CliRun three =
            runCli(common + QStringList{"--workers", "3", "--out", dir.filePath("three")}, dense);
        QVERIFY2(three.code == 0, three.err.constData());
        const QString difference = differenceFrom(dir, "one", {"two", "rows", "three"});
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        const QJsonObject m2 = metrics(dir.filePath("two"));
        QVERIFY(metrics(dir.filePath("rows")).value("allreduce_bytes_per_step").toDouble() !=
                m2.value("allreduce_bytes_per_step").toDouble());
        QCOMPARE(m2.value("world_size").toInt(), 2);
        QVERIFY(m2.value("allreduce_bytes_per_step").toDouble() > 0);
        QVERIFY(!QFile::exists(dir.filePath("two/.rendezvous")));
    }

    // Row-sparse tables (the large ones by default; here every table): a step updates the rows
    // some rank looked up, which the ranks agree on (their lookups ride along with the
    // gradients, or go first when tables travel by rows), so two ranks still train one
    // process's model — and one that is not the dense optimizer's.
    void rowSparseTablesTrainAlikeInTwoRanks() {
        QTemporaryDir dir;
        const QStringList common = smallWorldTraining(dir, "neumf");
        QVERIFY(!common.isEmpty());
        QProcessEnvironment sparse = QProcessEnvironment::systemEnvironment();
        sparse.insert("ADSTUDIO_ROW_SPARSE_FLOATS", "1");
        QProcessEnvironment sparseByRows = sparse;
        sparseByRows.insert("ADSTUDIO_DENSE_TABLE_BYTES", "0");
        // No headroom in the slots: each step with more rows than any before overflows them and
        // takes the three-collective way.
        QProcessEnvironment tightSlots = sparseByRows;
        tightSlots.insert("ADSTUDIO_SLOT_HEADROOM_ROWS", "0");
        const QList<std::pair<QString, QStringList>> runs{{"dense", {"--threads", "1"}},
                                                          {"one", {"--threads", "1"}},
                                                          {"two", {"--workers", "2"}},
                                                          {"rows", {"--workers", "2"}},
                                                          {"tight", {"--workers", "2"}}};
        for (const auto& [name, args] : runs) {
            const CliRun run = runCli(common + args + QStringList{"--out", dir.filePath(name)},
                                      name == "dense"   ? QProcessEnvironment::systemEnvironment()
                                      : name == "rows"  ? sparseByRows
                                      : name == "tight" ? tightSlots
                                                        : sparse);
            QVERIFY2(run.code == 0, qPrintable(name + ": " + QString::fromUtf8(run.err)));
        }
        const QList<double> dense = lossCurve(dir.filePath("dense"));
        const QList<double> one = lossCurve(dir.filePath("one"));
        QCOMPARE(one.size(), 3);
        QVERIFY2(std::abs(dense.last() - one.last()) > 1e-6, "the row-sparse path was not taken");
        const QString difference = differenceFrom(dir, "one", {"two", "rows", "tight"});
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // The slots (one collective with room for every rank's rows) are the host's path; a GPU's
        // gradients agree on rows first.
        const QJsonObject tight = metrics(dir.filePath("tight"));
        if (tight.value("device").toString() == "cpu")
            QVERIFY2(tight.value("slot_overflows").toDouble() > 0, "the slots never overflowed");
        QCOMPARE(metrics(dir.filePath("rows")).value("slot_overflows").toDouble(), 0.0);
        qInfo("AUC dense %.4f, row-sparse %.4f; loss %.6f vs %.6f",
              metrics(dir.filePath("dense")).value("auc").toDouble(),
              metrics(dir.filePath("one")).value("auc").toDouble(), dense.last(), one.last());
    }

    // Held-out sets are scored in shares (each rank its part of the validation and test splits,
    // the scores gathered): the metrics rank 0 writes are those one process computes for the
    // same saved model (`evaluate`), for ranking lists with full-ranking recall and for clicks.
    void heldOutSetsAreScoredInShares() {
        QTemporaryDir dir;
        const QStringList common = smallWorldTraining(dir, "neumf");
        QVERIFY(!common.isEmpty());
        // Batches of 90 rows: these small sets come in many, so that every rank scores some.
        QProcessEnvironment smallBatches = QProcessEnvironment::systemEnvironment();
        smallBatches.insert("ADSTUDIO_SCORE_BATCH", "90");
        const QList<std::pair<QString, QStringList>> runs{{"ranking", {"--task", "implicit"}},
                                                          {"clicks", {"--model", "deepfm"}}};
        for (const auto& [name, args] : runs) {
            const CliRun two =
                runCli(common + args + QStringList{"--workers", "3", "--out", dir.filePath(name)},
                       smallBatches);
            QVERIFY2(two.code == 0, qPrintable(name + ": " + QString::fromUtf8(two.err)));
            const CliRun again =
                runCli({"evaluate", "--model", dir.filePath(name), "--json"}, smallBatches);
            QVERIFY2(again.code == 0, again.err.constData());
            const QJsonObject alone = QJsonDocument::fromJson(again.out).object();
            const QJsonObject shared = metrics(dir.filePath(name));
            const QStringList keys = name == "ranking"
                                         ? QStringList{"hr@10", "ndcg@10", "recall@10"}
                                         : QStringList{"auc", "logloss", "ece", "accuracy"};
            for (const QString& key : keys) {
                QVERIFY2(alone.contains(key) && shared.contains(key), qPrintable(key));
                QVERIFY2(
                    std::abs(alone.value(key).toDouble() - shared.value(key).toDouble()) < 1e-12,
                    qPrintable(QString("%1 %2: one process %3, shared %4")
                                   .arg(name, key)
                                   .arg(alone.value(key).toDouble(), 0, 'g', 12)
                                   .arg(shared.value(key).toDouble(), 0, 'g', 12)));
            }
            QVERIFY2(historyColumn(dir.filePath(name), name == "ranking" ? "val_hr@10" : "val_auc")
                             .size() == 3,
                     "validation ran every epoch");
        }
    }

    // The GAN in two processes: batch norm's statistics and mode seeking's mean span both
    // ranks' shares (synced), so the run is one process's with the same global batch. The
    // dynamics of a GAN amplify float rounding, so a short run is compared closely: per-share
    // statistics would be off by about 1e-2 from the first step.
    void twoRanksTrainTheGanLikeOneProcess() {
        QTemporaryDir dir;
        const QString images = writeBarImages(dir.path(), 128);
        QVERIFY(!images.isEmpty());
        const QStringList common{
            "train-gan", "--images", images, "--epochs",       "1",  "--width", "8", "--batch-size",
            "16",        "--seed",   "3",    "--mode-seeking", "0.2"};
        // Side by side: most of each run is training its quality scorer (300 steps at least).
        QProcess one, two;
        one.start(QStringLiteral(ADSTUDIO_CLI),
                  common + QStringList{"--threads", "1", "--out", dir.filePath("one")});
        two.start(QStringLiteral(ADSTUDIO_CLI),
                  common + QStringList{"--workers", "2", "--out", dir.filePath("two")});
        QVERIFY(one.waitForFinished(600000) && two.waitForFinished(600000));
        QVERIFY2(one.exitCode() == 0, one.readAllStandardError().constData());
        QVERIFY2(two.exitCode() == 0, two.readAllStandardError().constData());
        for (const QString column : {"d_loss", "g_loss", "d_real", "d_fake", "frechet"}) {
            const QList<double> a = historyColumn(dir.filePath("one"), column),
                                b = historyColumn(dir.filePath("two"), column);
            QCOMPARE(a.size(), 1);
            QCOMPARE(b.size(), 1);
            QVERIFY2(
                std::abs(a[0] - b[0]) <= 1e-3 * std::max(1.0, std::abs(a[0])),
                qPrintable(
                    QString("%1: %2 vs %3").arg(column).arg(a[0], 0, 'g', 9).arg(b[0], 0, 'g', 9)));
        }
        const QJsonObject m = metrics(dir.filePath("two"));
        QCOMPARE(m.value("world_size").toInt(), 2);
        QVERIFY(m.value("allreduce_bytes_per_step").toDouble() > 0);
        QVERIFY(QFile::exists(dir.filePath("two/generator.pt")));
        QVERIFY(!QFile::exists(dir.filePath("two/.rendezvous")));
        // An odd batch cannot keep mode seeking's pairs on one rank: refused before training.
        const CliRun odd = runCli(common + QStringList{"--workers", "2", "--batch-size", "15",
                                                       "--out", dir.filePath("odd")});
        QCOMPARE(odd.code, 1);
        QVERIFY2(odd.err.contains("cannot be shared by 2 ranks"), odd.err.constData());
    }

    // A rank that never comes (or dies) fails the others within the timeout, exit code 1, with
    // a message naming what happened; nothing hangs.
    void aMissingRankFailsTheOthersInTime() {
        QTemporaryDir dir;
        QCOMPARE(
            runCli({"demo-data", "--out", dir.filePath("world"), "--users", "200", "--items", "30"})
                .code,
            0);
        QElapsedTimer clock;
        clock.start();
        const CliRun alone =
            runCli({"train", "--data", dir.filePath("world"), "--model", "deepfm", "--epochs", "2",
                    "--world-size", "2", "--rank", "0", "--store", dir.filePath("store"),
                    "--rank-timeout", "3", "--out", dir.filePath("model")});
        QCOMPARE(alone.code, 1);
        QVERIFY2(alone.err.contains("rank 0 of 2"), alone.err.constData());
        QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
    }

    // A rank killed mid-run: rank 0 stops with a clear error (no hang, exit 1); --resume with
    // two workers continues from rank 0's last checkpoint and ends where an uninterrupted run
    // ends.
    void aKilledRankIsResumedFromTheLastCheckpoint() {
        QTemporaryDir dir;
        QCOMPARE(runCli({"demo-data", "--out", dir.filePath("world"), "--seed", "4"}).code, 0);
        const QStringList common{"train",
                                 "--data",
                                 dir.filePath("world"),
                                 "--model",
                                 "deepfm",
                                 "--epochs",
                                 "4",
                                 "--batch-size",
                                 "32",
                                 "--no-baselines",
                                 "--patience",
                                 "0",
                                 "--seed",
                                 "5"};
        const QString model = dir.filePath("model");
        const QStringList rankArgs =
            common + QStringList{"--world-size",   "2",  "--store",   dir.filePath("store"),
                                 "--rank-timeout", "10", "--threads", "1",
                                 "--out",          model};
        QProcess rank0, rank1;
        rank0.start(QStringLiteral(ADSTUDIO_CLI), rankArgs + QStringList{"--rank", "0"});
        rank1.start(QStringLiteral(ADSTUDIO_CLI), rankArgs + QStringList{"--rank", "1"});
        QVERIFY(rank0.waitForStarted() && rank1.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (lossCurve(model).isEmpty() && waited.elapsed() < 120000) QTest::qWait(100);
        QVERIFY2(!lossCurve(model).isEmpty(), "epoch 1 never ended");
        rank1.kill();
        QElapsedTimer clock;
        clock.start();
        QVERIFY(rank0.waitForFinished(60000));
        qInfo("rank 0 stopped %lld ms after rank 1 was killed", clock.elapsed());
        QCOMPARE(rank0.exitCode(), 1);
        const QByteArray said = rank0.readAllStandardError();
        QVERIFY2(said.contains("rank 0: another rank stopped answering") ||
                     said.contains("could not join"),
                 said.constData());
        QVERIFY(lossCurve(model).size() < 4);

        const CliRun resumed = runCli({"train", "--resume", "--workers", "2", "--out", model});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        // The uninterrupted reference: the same two ranks, so the same order of float sums.
        const CliRun straight =
            runCli(common + QStringList{"--workers", "2", "--out", dir.filePath("straight")});
        QVERIFY2(straight.code == 0, straight.err.constData());
        const QList<double> a = lossCurve(model), b = lossCurve(dir.filePath("straight"));
        QCOMPARE(a.size(), 4);
        for (int e = 0; e < 4; ++e)
            QVERIFY2(std::abs(a[e] - b[e]) < 1e-6, qPrintable(QString("epoch %1: %2 vs %3")
                                                                  .arg(e + 1)
                                                                  .arg(a[e], 0, 'g', 9)
                                                                  .arg(b[e], 0, 'g', 9)));
        QVERIFY(std::abs(metrics(model).value("auc").toDouble() -
                         metrics(dir.filePath("straight")).value("auc").toDouble()) < 1e-6);
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
