// SPDX-License-Identifier: MIT
// Loaders on the repository's small fixtures and on the real data sets in ../shared/data.
#include "data/csv_reader.h"
#include "data/idx_reader.h"
#include "data/movielens.h"
#include "data/ncf_files.h"
#include "data/source.h"
#include "data/stats.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using namespace adstudio;

class TestDataLoaders : public QObject {
    Q_OBJECT
private:
    static QString shared(const QString& relative) {
        return QDir(QStringLiteral(ADSTUDIO_SHARED_DATA)).filePath(relative);
    }

private Q_SLOTS:
    void rfc4180QuotingBomAndCrlf() {
        const QString path = QFINDTESTDATA("data/csv/rfc4180.csv");
        CsvPreview preview;
        preview.wanted = 3;
        auto table = readCsvFile(path, CsvOptions{}, {}, &preview);
        QVERIFY2(table.ok(), table.ok() ? "" : qPrintable(table.error().toString()));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnNames(), QStringList({"id", "comment", "price"}));  // BOM stripped
        QCOMPARE(table->find("comment")->displayAt(0), QStringLiteral("Hello, world"));
        QCOMPARE(table->find("comment")->displayAt(1), QStringLiteral("She said \"hi\""));
        QCOMPARE(table->find("comment")->displayAt(2), QStringLiteral("two\r\nlines"));
        QCOMPARE(table->find("price")->type(), ColumnType::Float);  // "10" widened beside 9.5
        QVERIFY(table->find("price")->isMissing(2));
        QCOMPARE(preview.rows.size(), std::size_t(3));
        QCOMPARE(preview.rows[1][1], QStringLiteral("She said \"hi\""));
    }

    void delimiterAndHeaderSniffing_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("columns");
        QTest::addColumn<bool>("header");
        QTest::newRow("tab, no header") << QByteArray("1\t2\t3\n4\t5\t6\n") << 3 << false;
        QTest::newRow("semicolon") << QByteArray("a;b\n1;2\n3;4\n") << 2 << true;
        QTest::newRow("pipe") << QByteArray("x|y|z|w\n1|2|3|4\n") << 4 << true;
        QTest::newRow("comma inside quotes")
            << QByteArray("a,b\n\"1,5\",2\n\"3,5\",4\n") << 2 << true;
    }
    void delimiterAndHeaderSniffing() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, columns);
        QFETCH(bool, header);
        auto table = parseCsv(bytes.toStdString(), "sniff.csv", CsvOptions{});
        QVERIFY2(table.ok(), table.ok() ? "" : qPrintable(table.error().toString()));
        QCOMPARE(table->columnCount(), columns);
        QCOMPARE(table->column(0).name().startsWith("column_"), !header);
    }

    void columnMappingOverridesInference() {
        CsvOptions options;
        QVERIFY(options.mapping.parseEntry("zip=categorical").ok());
        QVERIFY(options.mapping.parseEntry("who=user").ok());
        auto table = parseCsv("who,zip,clicked\n7,01234,1\n8,99999,0\n", "m.csv", options);
        QVERIFY(table.ok());
        QCOMPARE(table->find("zip")->type(), ColumnType::Categorical);
        QCOMPARE(table->find("zip")->displayAt(0), QStringLiteral("01234"));
        QCOMPARE(table->find("who")->role(), ColumnRole::User);
        QCOMPARE(table->find("clicked")->role(), ColumnRole::Label);
    }

    void movieLens100k() {
        auto data = readMovieLens(shared("ml-100k"));
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

    void movieLens1mFormat() {
        auto data = readMovieLens(QFINDTESTDATA("data/ml-1m"));
        QVERIFY2(data.ok(), data.ok() ? "" : qPrintable(data.error().toString()));
        QCOMPARE(data->interactions.rowCount(), 4);
        QCOMPARE(data->interactions.find("item_id")->intAt(3), 3408);
        QCOMPARE(data->items->find("title")->displayAt(1),
                 QStringLiteral("One Flew Over the Cuckoo's Nest (1975)"));
        QCOMPARE(data->users->find("gender")->displayAt(1), QStringLiteral("M"));
    }

    void ncfLeaveOneOutFiles() {
        auto source = loadSource(QFINDTESTDATA("data/ncf/toy.train.rating"), LoadOptions{});
        QVERIFY2(source.ok(), source.ok() ? "" : qPrintable(source.error().toString()));
        QCOMPARE(source->format, SourceFormat::Ncf);
        const auto& t = *source->tables;
        QCOMPARE(t.interactions.rowCount(), 4);
        QVERIFY(t.test && t.negatives);
        QCOMPARE(t.test->rowCount(), 2);
        QCOMPARE(t.negatives->negativesPerRow, 3);
        QCOMPARE(t.negatives->positives, std::vector<std::int64_t>({25, 99}));
        QCOMPARE(t.negatives->negatives[5], 6);
    }

    void fashionMnistIdx() {
        auto train = readIdx(shared("fashion-mnist/train-images-idx3-ubyte.gz"));
        QVERIFY2(train.ok(), train.ok() ? "" : qPrintable(train.error().toString()));
        QCOMPARE(train->count, 60000);
        QCOMPARE(train->width, 28);
        QCOMPARE(train->classNames.size(), 10);
        for (int count : train->countsPerClass()) QCOMPARE(count, 6000);
        auto test = readIdx(shared("fashion-mnist/t10k-images-idx3-ubyte.gz"));
        QVERIFY(test.ok());
        QCOMPARE(test->count, 10000);
        for (int count : test->countsPerClass()) QCOMPARE(count, 1000);
        QCOMPARE(test->classNames.at(7), QStringLiteral("Sneaker"));
    }

    void advertisingCsv() {
        CsvPreview preview;
        preview.wanted = 1;
        auto source = loadSource(shared("ads/advertising.csv"), LoadOptions{}, {}, &preview);
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

    void imageFolderWithSubfolderLabels() {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath("shoe");
        QDir(dir.path()).mkpath("bag");
        cv::Mat red(40, 60, CV_8UC3, cv::Scalar(0, 0, 255));  // BGR red
        cv::imwrite(QDir(dir.path()).filePath("shoe/a.png").toStdString(), red);
        cv::imwrite(QDir(dir.path()).filePath("bag/b.jpg").toStdString(), red);
        ImageFolderOptions options;
        options.size = 32;
        auto set = readImageFolder(dir.path(), options);
        QVERIFY2(set.ok(), set.ok() ? "" : qPrintable(set.error().toString()));
        QCOMPARE(set->count, 2);
        QCOMPARE(set->classNames, QStringList({"bag", "shoe"}));
        QCOMPARE(set->labels, std::vector<std::int32_t>({0, 1}));
        QVERIFY(set->image(1)[0] > 240 && set->image(1)[2] < 15);  // RGB order after conversion
    }
};

QTEST_GUILESS_MAIN(TestDataLoaders)
#include "test_data_loaders.moc"
