// SPDX-License-Identifier: MIT
// The CLI as an analyst scripts it: exit codes, error lines, JSON.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "cli_run.h"

#include <unistd.h>

#include <algorithm>

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionNamesTheRuntime() {
        const CliRun run = runCli({"--version"});
        QCOMPARE(run.code, 0);
        for (const char* word : {"LibTorch 1.13", "Qt 6", "OpenCV 4", "BLAS:", "threads:", "CUDA:"})
            QVERIFY2(run.out.contains(word), run.out.constData());
    }

    // The CLI restarts itself so that OpenMP threads sleep when they wait (they share the CPUs
    // with other programs); a policy the user chose is kept.
    void threadsWaitPassivelyUnlessTheUserChose() {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("OMP_WAIT_POLICY");
        environment.remove("GOMP_SPINCOUNT");
        CliRun run = runCli({"version", "--json"}, environment);
        QCOMPARE(run.code, 0);
        QJsonObject o = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(o.value("openmp_wait_policy").toString(), QStringLiteral("PASSIVE"));
        QVERIFY(o.value("usable_cpus").toInt() >= 1);
        QVERIFY(o.value("threads").toInt() <= o.value("usable_cpus").toInt());
        environment.insert("OMP_WAIT_POLICY", "ACTIVE");
        run = runCli({"version", "--json"}, environment);
        o = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(o.value("openmp_wait_policy").toString(), QStringLiteral("ACTIVE"));
        // One CPU allowed by affinity: one compute thread.
        if (QFile::exists("/usr/bin/taskset")) {
            QProcess pinned;
            pinned.start("/usr/bin/taskset",
                         {"-c", "0", QStringLiteral(ADSTUDIO_CLI), "version", "--json"});
            QVERIFY(pinned.waitForFinished(60000));
            o = QJsonDocument::fromJson(pinned.readAllStandardOutput()).object();
            QCOMPARE(o.value("usable_cpus").toInt(), 1);
            QCOMPARE(o.value("threads").toInt(), 1);
        }
    }

    void usageErrorsExitTwo() {
        QCOMPARE(runCli({"no-such-command"}).code, 2);
        QCOMPARE(runCli({"inspect"}).code, 2);
        QCOMPARE(runCli({"run", "--demo", "--out", "unused", "--currency", "EURO"}).code, 2);
        QCOMPARE(runCli({"run", "--demo", "--out", "unused", "--column", "items.price"}).code, 2);
        QCOMPARE(runCli({"inspect", "x.csv", "--format", "parquet"}).code, 2);
        QCOMPARE(runCli({"inspect", "--help"}).code, 0);
    }

    void dataErrorsExitOneWithLocation() {
        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("a,b\n1,2\n3\n");
        bad.close();
        const CliRun run = runCli({"inspect", bad.fileName()});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.startsWith("error: " + bad.fileName().toUtf8() + ":3:"),
                 run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    // More local processes than idle cores: said before they start (they wait for each other
    // after every batch, so a busy core slows them all), and a data error still stops them all.
    void moreWorkersThanIdleCoresIsSaidSo() {
        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("user,item\n1,2\n3\n");
        bad.close();
        // One more than the CPUs online: fewer cores are idle, however idle the machine.
        const int workers = std::min(64, int(sysconf(_SC_NPROCESSORS_ONLN)) + 1);
        const CliRun run = runCli({"train", "--data", bad.fileName(), "--workers",
                                   QString::number(workers), "--out", dir.filePath("model")});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(QString("warning: %1 processes, but only").arg(workers).toUtf8()),
                 run.err.constData());
        QVERIFY2(run.err.contains("error: " + bad.fileName().toUtf8()), run.err.constData());
        QVERIFY2(!QFileInfo::exists(dir.filePath("model")), "the empty output folder stayed");
    }

    // A brand kit that does not read stops `run` before any data or training, naming the field.
    void aBadBrandKitStopsTheMainJobAtOnce() {
        QTemporaryDir dir;
        QFile kit(dir.filePath("brand.json"));
        QVERIFY(kit.open(QIODevice::WriteOnly));
        kit.write(R"({"name": "Kestrel", "colours": {"primary": "sea green-ish"}})");
        kit.close();
        const CliRun run =
            runCli({"run", "--demo", "--out", dir.filePath("project"), "--brand", kit.fileName()});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(kit.fileName().toUtf8()) && run.err.contains("colours.primary") &&
                     run.err.contains("#rrggbb"),
                 run.err.constData());
        // Stopped before anything was made: no demo world, no model.
        QVERIFY(!QFile::exists(dir.filePath("project/data/interactions.csv")));
        QVERIFY(!QFile::exists(dir.filePath("project/model/model.json")));
    }

    void inspectRowsShowsFieldsExactlyAsParsed() {
        const CliRun run =
            runCli({"inspect", QFINDTESTDATA("data/csv/rfc4180.csv"), "--rows", "3", "--json"});
        QCOMPARE(run.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(o.value("row_count").toInt(), 3);
        const QJsonArray rows = o.value("rows").toArray();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].toObject().value("comment").toString(), QStringLiteral("Hello, world"));
        QCOMPARE(rows[1].toObject().value("comment").toString(), QStringLiteral("She said \"hi\""));
        QCOMPARE(rows[2].toObject().value("comment").toString(), QStringLiteral("two\r\nlines"));
        QCOMPARE(rows[0].toObject().value("price").toString(), QStringLiteral("9.5"));
    }

    void demoDataThenInspect() {
        QTemporaryDir dir;
        const QString world = dir.filePath("world");
        const CliRun made = runCli({"demo-data", "--out", world, "--users", "200", "--items", "30",
                                    "--seed", "5", "--json"});
        QCOMPARE(made.code, 0);
        QVERIFY(made.err.isEmpty());  // not a TTY: no progress noise
        QCOMPARE(QJsonDocument::fromJson(made.out).object().value("users").toInt(), 200);
        const CliRun run = runCli({"inspect", world, "--json"});
        QCOMPARE(run.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(o.value("label_column").toString(), QStringLiteral("clicked"));
        QCOMPARE(
            o.value("side_tables").toObject().value("users").toObject().value("row_count").toInt(),
            200);
        QCOMPARE(
            o.value("side_tables").toObject().value("items").toObject().value("row_count").toInt(),
            30);
        QCOMPARE(QDir(world + "/images").entryList(QDir::Files).size(), 30);
    }

    // Criteo's layout trains with no column named or mapped; what needs users says so.
    void criteoLayoutTrainsWithoutMapping() {
        QTemporaryDir dir;
        const CliRun made = runCli(
            {"demo-data", "--layout", "criteo", "--rows", "3000", "--out", dir.path(), "--json"});
        QCOMPARE(made.code, 0);
        const QJsonObject log = QJsonDocument::fromJson(made.out).object();
        QCOMPARE(log.value("rows").toInt(), 3000);
        QVERIFY(log.value("oracle_auc").toDouble() > log.value("main_effects_auc").toDouble());
        const QString model = dir.filePath("model");
        const CliRun trained = runCli({"train", "--data", dir.filePath("criteo_log.csv"),
                                       "--epochs", "2", "--out", model, "--json"});
        QVERIFY2(trained.code == 0, trained.err.constData());
        const QJsonObject m = QJsonDocument::fromJson(trained.out).object();
        QCOMPARE(m.value("model").toString(), QStringLiteral("deepfm"));
        QVERIFY(m.value("feature_only").toBool());
        QVERIFY(m.contains("auc") && m.contains("lr_auc"));
        const CliRun recommended = runCli({"recommend", "--model", model, "--user", "(all)"});
        QCOMPARE(recommended.code, 1);
        QVERIFY2(recommended.err.contains("fields alone"), recommended.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
