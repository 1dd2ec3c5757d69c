// SPDX-License-Identifier: MIT
// The project document without any widget: golden version 1 folders open and upgrade, paths
// survive moving the folder, failed saves change nothing, newer formats are refused, and a GUI
// edit survives a CLI re-run of the project.
#include "common/atomic_file.h"
#include "common/folder_copy.h"
#include "data/demo_world.h"
#include "data/source.h"
#include "pipeline/pipeline.h"
#include "pipeline/project_creatives.h"
#include "project/project.h"
#include "segments/segmentation.h"
#include "train/gan.h"
#include "train/recommender.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace adstudio;

namespace {

// A writable copy of a golden folder from tests/data/projects.
QString copyGolden(const QTemporaryDir& dir, const QString& name, const QString& as) {
    const QString target = dir.filePath(as);
    const Status copied = copyFolder(QFINDTESTDATA("data/projects/" + name), target);
    if (!copied) qFatal("%s", qPrintable(copied.error().toString()));
    return target;
}

QJsonObject readJson(const QString& path) {
    auto json = readJsonFile(path, {});
    if (!json) qFatal("%s", qPrintable(json.error().toString()));
    return *json;
}

// Makes `path` impossible to replace, even for root: a directory where the file should be.
void blockFile(const QString& path) {
    QFile::remove(path);
    QDir().mkpath(path);
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // As `adstudio-cli run --demo --out demo-project` wrote it: the data path relative to the
    // working directory of that run, segments in two places, rounds only in the ids.
    void goldenVersion1FromTheCliOpensAndUpgrades() {
        QTemporaryDir dir;
        const QString folder = copyGolden(dir, "v1-cli", "moved-elsewhere");
        auto project = Project::open(folder);
        QVERIFY2(project, project ? "" : qPrintable(project.error().toString()));
        QCOMPARE(project->manifest().version, kProjectFormatVersion);
        QCOMPARE(project->dataPath(), QDir(folder).filePath("data"));
        QVERIFY(project->manifest().demo);
        QCOMPARE(project->modelFolder(), QDir(folder).filePath("model"));
        QCOMPARE(project->ganFolder(), QDir(folder).filePath("gan"));
        QCOMPARE(int(project->manifest().runs.size()), 2);
        QCOMPARE(project->manifest().runs[1].kind, ProjectRunKind::Gan);
        QCOMPARE(project->manifest().runs[0].metrics.value("auc").toDouble(), 0.7412);
        QVERIFY(project->manifest().dataSettings.mapping.typeFor("price").has_value());
        QCOMPARE(project->segments().k, 2);
        QCOMPARE(int(project->segments().users.size()), 3);
        QCOMPARE(project->segments().users[2].userId, QStringLiteral("u3"));
        QCOMPARE(project->segments().users[2].x, -2.0f);
        QCOMPARE(project->segments().profiles[1].name, QStringLiteral("Bag lovers, 35-44"));
        QCOMPARE(int(project->creatives().size()), 2);
        QCOMPARE(project->creatives()[0].review, QStringLiteral("approved"));
        QCOMPARE(project->creatives()[0].note, QStringLiteral("great contrast"));
        QVERIFY(!project->creatives()[0].image.isNull());
        QCOMPARE(project->nextRegenerationRound(), 4);  // "-r3" was the last round

        // The first save writes the current format, with the data path relative to the folder.
        QVERIFY(project->setReview(1, "approved", "ok"));
        const QJsonObject saved = readJson(QDir(folder).filePath("project.json"));
        QCOMPARE(saved.value("version").toInt(), kProjectFormatVersion);
        QCOMPARE(saved.value("data").toString(), QStringLiteral("data"));
        QVERIFY(!saved.contains("segments"));  // segments.json alone holds them now
        auto reopened = Project::open(folder);
        QVERIFY(reopened);
        QCOMPARE(reopened->creatives()[1].note, QStringLiteral("ok"));
        QCOMPARE(reopened->nextRegenerationRound(), 4);
    }

    // As the GUI wrote it: an absolute external data path, model and GAN runs under runs/.
    void goldenVersion1FromTheGuiOpens() {
        QTemporaryDir dir;
        const QString folder = copyGolden(dir, "v1-gui", "gui-project");
        auto project = Project::open(folder);
        QVERIFY2(project, project ? "" : qPrintable(project.error().toString()));
        QCOMPARE(project->dataPath(), QStringLiteral("/nonexistent/shop-export/events.csv"));
        QCOMPARE(project->modelFolder(), QDir(folder).filePath("runs/deepfm-20261130-101500"));
        QCOMPARE(project->ganFolder(), QDir(folder).filePath("runs/gan-20261130-103000"));
        QCOMPARE(project->manifest().modified, QStringLiteral("2026-11-30T10:45:00Z"));
        QVERIFY(project->segments().isEmpty());
        QCOMPARE(project->creatives()[0].review, QStringLiteral("rejected"));
        QCOMPARE(project->creatives()[0].note, QStringLiteral("logo too small"));
        QCOMPARE(project->nextRegenerationRound(), 1);
    }

    void movedOrCopiedProjectStillOpens() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("shop");
        QVERIFY(QDir().mkpath(folder + "/data"));
        QVERIFY(writeFileAtomically(folder + "/data/events.csv", "user,item,clicked\na,b,1\n"));
        auto created = Project::create(dir.filePath("project"), {}, {});
        QVERIFY2(created, created ? "" : qPrintable(created.error().toString()));
        // Data inside the folder is stored relative to it; outside it, absolute.
        const QString inside = created->filePath("data/events.csv");
        QVERIFY(QDir().mkpath(created->filePath("data")));
        QVERIFY(QFile::copy(folder + "/data/events.csv", inside));
        QVERIFY(created->setDataSource(inside, {}, false));
        QCOMPARE(created->manifest().data, QStringLiteral("data/events.csv"));
        const QString runFolder = created->newRunFolder("deepfm");
        QVERIFY(runFolder.startsWith(created->filePath("runs/deepfm-")));
        QVERIFY(QDir().mkpath(runFolder));
        QVERIFY(created->adoptRun(ProjectRunKind::Recommender, runFolder, {{"auc", 0.8}}));

        QVERIFY(QDir().rename(dir.filePath("project"), dir.filePath("moved")));
        auto moved = Project::open(dir.filePath("moved"));
        QVERIFY(moved);
        QCOMPARE(moved->dataPath(), dir.filePath("moved/data/events.csv"));
        QVERIFY(moved->modelFolder().startsWith(dir.filePath("moved/runs/deepfm-")));
        QVERIFY(QFileInfo::exists(moved->modelFolder()));

        QVERIFY(copyFolder(dir.filePath("moved"), dir.filePath("copy")));
        auto copy = Project::open(dir.filePath("copy"));
        QVERIFY(copy);
        QCOMPARE(copy->dataPath(), dir.filePath("copy/data/events.csv"));

        QVERIFY(copy->setDataSource(folder + "/data/events.csv", {}, false));
        QCOMPARE(copy->manifest().data, QDir::cleanPath(folder + "/data/events.csv"));
    }

    // A save that cannot be written is reported and leaves memory as it was.
    void failedSavesChangeNothing() {
        QTemporaryDir dir;
        const QString folder = copyGolden(dir, "v1-cli", "project");
        auto project = Project::open(folder);
        QVERIFY(project);

        blockFile(QDir(folder).filePath("creatives/creatives.json"));
        const Status review = project->setReview(0, "rejected", "changed my mind");
        QVERIFY(!review);
        QVERIFY(review.error().toString().contains("creatives.json"));
        QCOMPARE(project->creatives()[0].review, QStringLiteral("approved"));
        QCOMPARE(project->creatives()[0].note, QStringLiteral("great contrast"));
        const Status replaced = project->replacePending(-1, {}, {});
        QVERIFY(!replaced);
        QCOMPARE(int(project->creatives().size()), 2);

        blockFile(QDir(folder).filePath("project.json"));
        const DataSettings before = project->manifest().dataSettings;
        DataSettings changed;
        changed.mapping.setRole("clicked", ColumnRole::Ignore);
        QVERIFY(!project->setDataSettings(changed));
        QCOMPARE(project->manifest().dataSettings.toJson(), before.toJson());
        QVERIFY(!project->adoptRun(ProjectRunKind::Gan, folder + "/runs/gan-x", {}));
        QCOMPARE(project->ganFolder(), QDir(folder).filePath("gan"));

        blockFile(QDir(folder).filePath("segments.json"));
        QVERIFY(!project->setSegments({}));
        QCOMPARE(project->segments().k, 2);
    }

    void unreadableFormatsAreRefusedClearly_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newer") << QByteArray(R"({"format":"adstudio-project","version":3})")
                               << QString("newer AdStudio (format version 3");
        QTest::newRow("no version") << QByteArray(R"({"format":"adstudio-project"})")
                                    << QString("version is missing or unknown");
        QTest::newRow("text version")
            << QByteArray(R"({"format":"adstudio-project","version":"two"})")
            << QString("version is missing or unknown");
        QTest::newRow("not a project") << QByteArray(R"({"format":"something-else","version":1})")
                                       << QString("not an AdStudio project");
        QTest::newRow("unknown run")
            << QByteArray(R"({"format":"adstudio-project","version":2,"runs":[{"kind":"x"}]})")
            << QString("run of unknown kind 'x'");
    }
    void unreadableFormatsAreRefusedClearly() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(writeFileAtomically(dir.filePath("project.json"), json));
        auto project = Project::open(dir.path());
        QVERIFY(!project);
        QVERIFY2(project.error().toString().contains(expected),
                 qPrintable(project.error().toString()));
        QVERIFY(project.error().toString().contains("project.json"));
        QVERIFY(!project.error().fix.isEmpty());
        // The folder is left untouched.
        QFile file(dir.filePath("project.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), json);
    }

    // GUI edits (a model and a GAN trained as runs, a review with a note) -> the CLI's
    // `run --project` -> reopened as the GUI would: nothing of the GUI's is lost.
    void guiEditsSurviveACliRerun() {
        QTemporaryDir dir;
        DemoWorldOptions world;
        world.users = 300;
        world.items = 40;
        world.impressionsPerUser = 12;
        QVERIFY(generateDemoWorld(dir.filePath("world"), world));
        auto project = Project::create(dir.filePath("project"), dir.filePath("world"), {});
        QVERIFY2(project, project ? "" : qPrintable(project.error().toString()));
        auto source = loadSource(project->dataPath(), {});
        QVERIFY(source);

        RecommenderConfig rec = RecommenderConfig::defaultsFor(*source->tables);
        rec.epochs = 1;
        rec.threads = 1;
        rec.baselines = false;
        const QString modelRun = project->newRunFolder("deepfm");
        auto trained = trainRecommender(*source->tables, rec, modelRun, false);
        QVERIFY2(trained, trained ? "" : qPrintable(trained.error().toString()));
        QVERIFY(project->adoptRun(ProjectRunKind::Recommender, modelRun, trained->metrics));
        auto images = embeddedProductImages();
        QVERIFY(images);
        GanConfig gan = GanConfig::forCreatives(true);
        gan.maxImages = 200;
        gan.epochs = 1;
        gan.width = 8;
        gan.evalSamples = 50;
        gan.classifierEpochs = 1;
        gan.threads = 1;
        const QString ganRun = project->newRunFolder("gan");
        auto ganReport = trainGan(*images, gan, ganRun, false);
        QVERIFY2(ganReport, ganReport ? "" : qPrintable(ganReport.error().toString()));
        QVERIFY(project->adoptRun(ProjectRunKind::Gan, ganRun, ganReport->metrics));

        PipelineOptions options;  // the CLI's `run --project DIR`
        options.projectDir = project->folder();
        options.fast = true;
        options.threads = 1;
        auto first = runPipeline(options);
        QVERIFY2(first, first ? "" : qPrintable(first.error().toString()));
        auto afterFirst = Project::open(project->folder());
        QVERIFY(afterFirst);
        QCOMPARE(afterFirst->modelFolder(), QDir::cleanPath(modelRun));
        QCOMPARE(afterFirst->ganFolder(), QDir::cleanPath(ganRun));
        QVERIFY(!afterFirst->creatives().empty());
        const QString reviewedId = afterFirst->creatives()[0].id;
        QVERIFY(afterFirst->setReview(0, "approved", "the red one works"));

        auto second = runPipeline(options);
        QVERIFY2(second, second ? "" : qPrintable(second.error().toString()));
        auto reopened = Project::open(project->folder());
        QVERIFY(reopened);
        QCOMPARE(reopened->modelFolder(), QDir::cleanPath(modelRun));
        QCOMPARE(reopened->ganFolder(), QDir::cleanPath(ganRun));
        QCOMPARE(reopened->dataPath(), QDir::cleanPath(dir.filePath("world")));
        const int kept = reopened->indexOfCreative(reviewedId);
        QVERIFY(kept >= 0);
        QCOMPARE(reopened->creatives()[std::size_t(kept)].review, QStringLiteral("approved"));
        QCOMPARE(reopened->creatives()[std::size_t(kept)].note,
                 QStringLiteral("the red one works"));
        int fresh = 0;
        for (const Creative& c : reopened->creatives()) fresh += c.id.endsWith("-r1");
        QCOMPARE(fresh, int(reopened->creatives().size()) - 1);  // the pending ones, anew
        QCOMPARE(int(reopened->manifest().runs.size()), 2);      // no training in either re-run
    }
};

QTEST_MAIN(TestProject)
#include "test_project.moc"
