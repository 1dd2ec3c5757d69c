// SPDX-License-Identifier: MIT
// kill -9 at the worst moments: during training (a resumed run ends with the metrics of an
// uninterrupted one), during the main job's saves (the project opens and completes), during an
// export (the previous export stays whole) and during demo-data (no half-written world).
#include "common/atomic_file.h"
#include "project/project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>

using namespace adstudio;

namespace {

const int kMinute = 60000;

QByteArray runCli(const QStringList& arguments, int* code = nullptr) {
    QProcess process;
    process.start(QStringLiteral(ADSTUDIO_CLI), arguments);
    process.waitForFinished(15 * kMinute);
    if (code) *code = process.exitCode();
    return process.readAllStandardOutput() + process.readAllStandardError();
}

// Starts the CLI and kills it (SIGKILL) as soon as `ready` holds. Returns false when the process
// ended on its own before that: then the moment was missed and the test says so.
bool killWhen(const QStringList& arguments, const std::function<bool()>& ready) {
    QProcess process;
    process.start(QStringLiteral(ADSTUDIO_CLI), arguments);
    if (!process.waitForStarted()) return false;
    QElapsedTimer clock;
    clock.start();
    while (process.state() == QProcess::Running && clock.elapsed() < 10 * kMinute) {
        if (ready()) {
            process.kill();  // SIGKILL: no handler, no clean-up
            process.waitForFinished();
            return true;
        }
        QThread::msleep(5);
    }
    process.waitForFinished();
    return false;
}

QJsonObject metricsOf(const QString& folder) {
    auto json = readJsonFile(QDir(folder).filePath("metrics.json"), {});
    return json ? *json : QJsonObject{};
}

int fileCount(const QString& folder) {
    return int(QDir(folder).entryList(QDir::Files).size());
}

}  // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_world;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_world = m_dir.filePath("world");
        int code = -1;
        const QByteArray out =
            runCli({"demo-data", "--out", m_world, "--users", "600", "--items", "60"}, &code);
        QVERIFY2(code == 0, out.constData());
    }

    void killedTrainingResumesToTheSameModel() {
        const QStringList common{"train",    "--data",    m_world,      "--model",       "deepfm",
                                 "--epochs", "6",         "--patience", "100",           "--seed",
                                 "3",        "--threads", "1",          "--no-baselines"};
        const QString whole = m_dir.filePath("whole"), killed = m_dir.filePath("killed");
        int code = -1;
        QByteArray out = runCli(QStringList(common) << "--out" << whole, &code);
        QVERIFY2(code == 0, out.constData());
        // Killed once the first epoch's checkpoint is on disk.
        const QString checkpoint = QDir(killed).filePath("checkpoint.pt");
        QVERIFY2(killWhen(QStringList(common) << "--out" << killed,
                          [&] { return QFile::exists(checkpoint); }),
                 "training ended before it could be killed");
        QVERIFY(!QFile::exists(QDir(killed).filePath("metrics.json")));
        out = runCli(QStringList(common) << "--out" << killed << "--resume", &code);
        QVERIFY2(code == 0, out.constData());
        const QJsonObject a = metricsOf(whole), b = metricsOf(killed);
        QVERIFY(a.contains("auc"));
        QCOMPARE(b.value("auc").toDouble(), a.value("auc").toDouble());
        QCOMPARE(b.value("logloss").toDouble(), a.value("logloss").toDouble());
        auto epochs = [](const QString& folder) {
            QFile history(QDir(folder).filePath("history.csv"));
            history.open(QIODevice::ReadOnly);
            return history.readAll().count('\n');
        };
        QVERIFY(epochs(whole) > 1);
        QCOMPARE(epochs(killed), epochs(whole));  // one row per epoch, none lost or repeated
    }

    // Killed while composing creatives, after the model, segments and GAN were saved: the
    // project opens as it was, and `run --project` completes it without training again.
    void killedMainJobLeavesAProjectThatCompletes() {
        const QString project = m_dir.filePath("project");
        const QString creatives = QDir(project).filePath("creatives");
        QVERIFY2(killWhen({"run", "--data", m_world, "--out", project, "--fast", "--threads", "2"},
                          [&] { return fileCount(creatives) >= 3; }),
                 "the main job ended before it could be killed");
        auto opened = Project::open(project);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
        QVERIFY(!opened->modelFolder().isEmpty());
        const int runsBefore = int(opened->manifest().runs.size());
        int code = -1;
        const QByteArray out =
            runCli({"run", "--project", project, "--fast", "--threads", "2"}, &code);
        QVERIFY2(code == 0, out.constData());
        auto done = Project::open(project);
        QVERIFY(done);
        QVERIFY(!done->creatives().empty());
        QCOMPARE(int(done->manifest().runs.size()), runsBefore);  // nothing trained twice
    }

    void killedExportKeepsThePreviousOne() {
        const QString project = m_dir.filePath("project");
        QVERIFY2(QFile::exists(QDir(project).filePath("creatives/creatives.json")),
                 "needs the project of the previous test function");
        const QString target = m_dir.filePath("export");
        int code = -1;
        QByteArray out = runCli({"export", "--project", project, "--out", target}, &code);
        QVERIFY2(code == 0, out.constData());
        const QByteArray manifest = [&] {
            QFile f(QDir(target).filePath("manifest.json"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QVERIFY(!manifest.isEmpty());
        // Killed while the new set is being written beside the old one.
        QVERIFY2(killWhen({"export", "--project", project, "--out", target},
                          [&] { return QFileInfo::exists(target + ".partial"); }),
                 "the export ended before it could be killed");
        QFile after(QDir(target).filePath("manifest.json"));
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), manifest);
        // The next export cleans up and completes.
        out = runCli({"export", "--project", project, "--out", target}, &code);
        QVERIFY2(code == 0, out.constData());
        QVERIFY(!QFileInfo::exists(target + ".partial"));
    }

    void killedDemoDataLeavesNoHalfWorld() {
        const QString world = m_dir.filePath("big-world");
        QVERIFY2(killWhen({"demo-data", "--out", world, "--users", "20000"},
                          [&] {
                              // as soon as it has started writing anything at all
                              return !QDir(m_dir.path())
                                          .entryList({".adstudio-demo-*"},
                                                     QDir::AllEntries | QDir::Hidden)
                                          .isEmpty() ||
                                     QFileInfo::exists(world);
                          }),
                 "demo-data ended before it could be killed");
        // Either no world at all or a whole one.
        if (QFileInfo::exists(world)) QVERIFY(QFile::exists(QDir(world).filePath("truth.json")));
        int code = -1;
        const QByteArray out =
            runCli({"demo-data", "--out", world, "--users", "300", "--items", "30"}, &code);
        QVERIFY2(code == 0, out.constData());
        QVERIFY(QFile::exists(QDir(world).filePath("truth.json")));
    }
};

QTEST_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
