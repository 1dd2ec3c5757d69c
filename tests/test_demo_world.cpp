// SPDX-License-Identifier: MIT
#include "data/demo_world.h"
#include "data/source.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace adstudio;

namespace {

QByteArray digest(const QString& folder) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const char* name :
         {"users.csv", "items.csv", "interactions.csv", "truth.json", "images/item_0001.png"}) {
        QFile f(QDir(folder).filePath(name));
        if (!f.open(QIODevice::ReadOnly)) return {};
        hash.addData(f.readAll());
    }
    return hash.result().toHex();
}

}  // namespace

class TestDemoWorld : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameWorld() {
        QTemporaryDir dir;
        DemoWorldOptions options;
        options.users = 300;
        options.items = 40;
        QVERIFY(generateDemoWorld(dir.filePath("a"), options).ok());
        QVERIFY(generateDemoWorld(dir.filePath("b"), options).ok());
        options.seed = 43;
        QVERIFY(generateDemoWorld(dir.filePath("c"), options).ok());
        QVERIFY(!digest(dir.filePath("a")).isEmpty());
        QCOMPARE(digest(dir.filePath("a")), digest(dir.filePath("b")));
        QVERIFY(digest(dir.filePath("a")) != digest(dir.filePath("c")));
        // Regenerating in place replaces the world whole.
        QVERIFY(generateDemoWorld(dir.filePath("a"), options).ok());
        QCOMPARE(digest(dir.filePath("a")), digest(dir.filePath("c")));
    }

    void refusesToOverwriteOtherFolders() {
        QTemporaryDir dir;
        QFile keep(dir.filePath("precious.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        const auto result = generateDemoWorld(dir.path(), DemoWorldOptions{});
        QVERIFY(!result.ok());
        QVERIFY(QFile::exists(dir.filePath("precious.txt")));
    }

    void cancelledRunLeavesNothing() {
        QTemporaryDir dir;
        JobContext job;
        job.cancel.cancel();
        const auto result = generateDemoWorld(dir.filePath("w"), DemoWorldOptions{}, job);
        QVERIFY(!result.ok() && result.error().cancelled);
        QVERIFY(!QFileInfo::exists(dir.filePath("w")));
        QCOMPARE(QDir(dir.path())
                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                     .size(),
                 0);
    }

    // The clicks follow the planted affinities: per segment, click rates by category rank like
    // the hidden logits, so learning has something real to recover.
    void clicksFollowPlantedAffinities() {
        QTemporaryDir dir;
        DemoWorldOptions options;
        options.users = 2000;
        QVERIFY(generateDemoWorld(dir.path(), options).ok());
        auto source = loadSource(dir.path(), LoadOptions{});
        QVERIFY2(source.ok(), source.ok() ? "" : qPrintable(source.error().toString()));
        const auto& t = *source->tables;
        QCOMPARE(t.users->rowCount(), 2000);
        QCOMPARE(t.items->findRole(ColumnRole::ImagePath)->name(), QStringLiteral("image"));
        QCOMPARE(t.interactions.findRole(ColumnRole::Label)->name(), QStringLiteral("clicked"));
        QCOMPARE(t.interactions.findRole(ColumnRole::Timestamp)->name(),
                 QStringLiteral("timestamp"));

        QFile truthFile(dir.filePath("truth.json"));
        QVERIFY(truthFile.open(QIODevice::ReadOnly));
        const QJsonObject truth = QJsonDocument::fromJson(truthFile.readAll()).object();
        const QJsonObject users = truth.value("users").toObject();
        QCOMPARE(users.size(), 2000);

        const Column* category = t.items->find("category");
        std::vector<int> itemCategory(std::size_t(t.items->rowCount()) + 1);
        const auto classes = fashionMnistClassNames();
        for (std::int64_t r = 0; r < t.items->rowCount(); ++r)
            itemCategory[std::size_t(r + 1)] = int(classes.indexOf(category->displayAt(r)));
        double shown[5][10] = {}, clicked[5][10] = {};
        const Column* user = t.interactions.find("user_id");
        const Column* item = t.interactions.find("item_id");
        const Column* click = t.interactions.find("clicked");
        for (std::int64_t r = 0; r < t.interactions.rowCount(); ++r) {
            const int s = users.value(QString::number(user->intAt(r))).toInt();
            const int c = itemCategory[std::size_t(item->intAt(r))];
            shown[s][c] += 1, clicked[s][c] += double(click->intAt(r));
        }
        for (int s = 0; s < 5; ++s) {
            const auto& affinity = demoSegments()[std::size_t(s)].affinity;
            const int best =
                int(std::max_element(affinity.begin(), affinity.end()) - affinity.begin());
            const int worst =
                int(std::min_element(affinity.begin(), affinity.end()) - affinity.begin());
            const double bestRate = clicked[s][best] / shown[s][best];
            const double worstRate = clicked[s][worst] / shown[s][worst];
            QVERIFY2(
                bestRate > 4 * worstRate,
                qPrintable(
                    QStringLiteral("segment %1: %2 vs %3").arg(s).arg(bestRate).arg(worstRate)));
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoWorld)
#include "test_demo_world.moc"
