// SPDX-License-Identifier: MIT
// Loaders on the real public data sets that cannot ship in the repository (found through
// test_data.h; reported as skipped when absent): MovieLens 100K, Fashion-MNIST's training set,
// advertising.csv.
#include "data/csv_reader.h"
#include "data/idx_reader.h"
#include "data/movielens.h"
#include "data/source.h"
#include "data/stats.h"
#include "test_data.h"
#include "train/recommender.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;

class TestRealData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void movieLens100k() {
        auto data = readMovieLens(testdata::dir("ml-100k"));
        QVERIFY2(data.ok(), data.ok() ? "" : qPrintable(data.error().toString()));
        const auto stats = computeStats(data->interactions);
        QCOMPARE(stats.rows, 100000);
        QCOMPARE(stats.columns[0].distinct, 943);
        QCOMPARE(stats.columns[1].distinct, 1682);
        QCOMPARE(data->interactions.findRole(ColumnRole::Rating)->name(), QStringLiteral("rating"));
        QVERIFY(data->users && data->items);
        QCOMPARE(data->users->rowCount(), 943);
        QCOMPARE(data->items->rowCount(), 1682);
        QCOMPARE(data->items->find("title")->displayAt(0), QStringLiteral("Toy Story (1995)"));
        // Latin-1 titles arrive as proper Unicode.
        bool accented = false;
        const Column* title = data->items->find("title");
        for (std::int64_t r = 0; r < title->size() && !accented; ++r)
            accented = title->displayAt(r).contains(QChar(0xE9));
        QVERIFY(accented);
        QCOMPARE(data->items->find("genre_Animation")->intAt(0), 1);
    }

    void fashionMnistTrainingSet() {
        auto train = readIdx(testdata::path("fashion-mnist/train-images-idx3-ubyte.gz"));
        QVERIFY2(train.ok(), train.ok() ? "" : qPrintable(train.error().toString()));
        QCOMPARE(train->count, 60000);
        QCOMPARE(train->width, 28);
        QCOMPARE(train->classNames.size(), 10);
        for (int count : train->countsPerClass()) QCOMPARE(count, 6000);
    }

    void advertisingCsv() {
        CsvPreview preview;
        preview.wanted = 1;
        auto source =
            loadSource(testdata::path("ads/advertising.csv"), LoadOptions{}, {}, &preview);
        QVERIFY2(source.ok(), source.ok() ? "" : qPrintable(source.error().toString()));
        const Dataset& table = source->tables->interactions;
        QCOMPARE(table.rowCount(), 1000);
        QCOMPARE(table.columnCount(), 10);
        QCOMPARE(table.findRole(ColumnRole::Label)->name(), QStringLiteral("Clicked on Ad"));
        QCOMPARE(table.find("Timestamp")->type(), ColumnType::Timestamp);
        QCOMPARE(table.find("Ad Topic Line")->displayAt(0),
                 QStringLiteral("Cloned 5thgeneration orchestration"));
        const auto stats = computeStats(table);
        QCOMPARE(stats.labelCounts.size(), std::size_t(2));
        QCOMPARE(stats.labelCounts[1].second, 500);
    }

    // A click log of fields alone (no user or item column) trains as it comes: DeepFM over its
    // numbers and the categories seen more than once; the free-text headline is left out.
    void advertisingCsvTrainsAClickModel() {
        auto source = loadSource(testdata::path("ads/advertising.csv"), LoadOptions{});
        QVERIFY(source.ok());
        QTemporaryDir dir;
        RecommenderConfig config = RecommenderConfig::defaultsFor(*source->tables);
        QCOMPARE(config.model, RecommenderKind::DeepFM);
        config.threads = 1;
        config.seed = 3;
        auto report = trainRecommender(*source->tables, config, dir.filePath("model"), false);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().toString()));
        const QJsonObject& m = report->metrics;
        QVERIFY(m.value("feature_only").toBool());
        QVERIFY2(m.value("auc").toDouble() > 0.95,
                 qPrintable(QString::number(m.value("auc").toDouble())));
        QVERIFY(m.value("logloss").toDouble() < m.value("mean_logloss").toDouble());
        auto model = RecommenderModel::load(dir.filePath("model"));
        QVERIFY(model.ok());
        QVERIFY(model->featureOnly());
        QStringList fields;
        for (const auto& f :
             model->info().value("fields").toObject().value("categorical").toArray())
            fields << f.toObject().value("name").toString();
        QVERIFY2(fields.contains("Country") && !fields.contains("Ad Topic Line"),
                 qPrintable(fields.join(", ")));
        auto recommended = model->recommend(QStringLiteral("(all)"), 5);
        QVERIFY(!recommended.ok());
        QVERIFY2(recommended.error().toString().contains("fields alone"),
                 qPrintable(recommended.error().toString()));
    }
};

ADSTUDIO_DATA_TEST_MAIN(TestRealData, "ml-100k", "fashion-mnist", "ads")
#include "test_real_data.moc"
