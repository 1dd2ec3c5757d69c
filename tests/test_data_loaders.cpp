// SPDX-License-Identifier: MIT
// Loaders on the repository's small fixtures and the bundled Fashion-MNIST t10k set; the real
// data sets that cannot ship are read by test_real_data.
#include "data/csv_reader.h"
#include "data/idx_reader.h"
#include "data/movielens.h"
#include "data/ncf_files.h"
#include "data/source.h"
#include "data/stats.h"
#include "train/training_events.h"
#include "train/training_history.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using namespace adstudio;

class TestDataLoaders : public QObject {
    Q_OBJECT
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

    // A quote inside an unquoted field is text, as pandas and Python's csv module read it.
    void loneQuotesInsideUnquotedFieldsAreText() {
        const std::string bytes =
            "name,height,position\nann,5'10\",37\xc2\xb0"
            "36'37.8\"N\nbob,6'1\",\"x, y\"\n";
        auto table = parseCsv(bytes, "people.csv", CsvOptions{});
        QVERIFY2(table.ok(), table.ok() ? "" : qPrintable(table.error().toString()));
        QCOMPARE(table->columnCount(), 3);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->find("height")->displayAt(0), QStringLiteral("5'10\""));
        QCOMPARE(table->find("position")->displayAt(0), QString::fromUtf8("37\u00b036'37.8\"N"));
        QCOMPARE(table->find("height")->displayAt(1), QStringLiteral("6'1\""));
        QCOMPARE(table->find("position")->displayAt(1), QStringLiteral("x, y"));  // still quoted
        QCOMPARE(table->notes().size(), 1);
        QVERIFY2(table->notes().first().contains("line 2"), qPrintable(table->notes().first()));
        // The delimiter is still found when a lone quote would have swallowed the sample.
        auto semicolons = parseCsv("a;b\n5'10\";1\n6'1\";2\n", "s.csv", CsvOptions{});
        QVERIFY2(semicolons.ok(), semicolons.ok() ? "" : qPrintable(semicolons.error().toString()));
        QCOMPARE(semicolons->columnCount(), 2);
        QCOMPARE(semicolons->find("a")->displayAt(1), QStringLiteral("6'1\""));
        // An opened quoted field that never closes stays an error naming its line.
        auto unterminated = parseCsv("a,b\n1,\"open\n2,3\n", "u.csv", CsvOptions{});
        QVERIFY(!unterminated.ok());
        QCOMPARE(unterminated.error().line, qint64(2));
        QVERIFY(!unterminated.error().fix.isEmpty());
    }

    // A German spreadsheet export: Latin-1, ';' and decimal commas, zoned date-times.
    void spreadsheetExportsReadAsPeersReadThem() {
        const std::string bytes =
            "Artikel;Marke;Preis (EUR);Zeit\n"
            "A-1;Caf\xe9 Cr\xe8me;12,99;2026-01-08 13:33:53\n"
            "A-2;M\xfcller;1.234,50;2026-01-08T13:33:53+01:00\n"
            "A-3;Nord;7;2026-01-08T12:33:53Z\n";
        auto table = parseCsv(bytes, "artikel.csv", CsvOptions{});
        QVERIFY2(table.ok(), table.ok() ? "" : qPrintable(table.error().toString()));
        QCOMPARE(table->find("Marke")->displayAt(0), QString::fromUtf8("Café Crème"));
        QCOMPARE(table->find("Marke")->displayAt(1), QString::fromUtf8("Müller"));
        const Column* price = table->find("Preis (EUR)");
        QCOMPARE(price->type(), ColumnType::Float);
        QCOMPARE(price->numberAt(0), 12.99);
        QCOMPARE(price->numberAt(1), 1234.5);
        QCOMPARE(price->numberAt(2), 7.0);
        QCOMPARE(price->role(), ColumnRole::Price);
        QCOMPARE(currencyFromColumnName(price->name()), QString("EUR"));
        QCOMPARE(table->find("Artikel")->role(), ColumnRole::Item);
        QCOMPARE(table->find("Marke")->role(), ColumnRole::Brand);
        const Column* time = table->find("Zeit");
        QCOMPARE(time->type(), ColumnType::Timestamp);
        QCOMPARE(time->intAt(1), time->intAt(2));         // +01:00 is an hour ahead of UTC
        QCOMPARE(time->intAt(0) - time->intAt(2), 3600);  // no zone: read as UTC
        QCOMPARE(table->notes().size(), 2);               // Latin-1, decimal commas
        // A ',' file keeps "1,5" as text: the comma is its delimiter, quoted here.
        auto commas = parseCsv("id,v\n1,\"1,5\"\n2,\"2,5\"\n", "c.csv", CsvOptions{});
        QVERIFY(commas.ok());
        QVERIFY(!commas->find("v")->isNumeric());
    }

    // history.csv as the trainers write it reads back as the GUI charts it.
    void trainingHistoryRoundTrips() {
        QTemporaryDir dir;
        std::vector<EpochRecord> records(3);
        for (int e = 0; e < 3; ++e) {
            records[std::size_t(e)].epoch = e + 1;
            records[std::size_t(e)].loss = 0.5 - 0.1 * e;
            records[std::size_t(e)].values = {{"val_auc", 0.6 + 0.05 * e}};
        }
        const QString file = dir.filePath("history.csv");
        QVERIFY(writeHistoryCsv(file, records));
        auto history = readHistoryCsv(file);
        QVERIFY2(history, history ? "" : qPrintable(history.error().toString()));
        QCOMPARE(history->epochs(), 3);
        QCOMPARE(history->column("epoch"), (std::vector<double>{1, 2, 3}));
        QCOMPARE(history->column("val_auc")[2], 0.7);
        QCOMPARE(history->column("loss")[1], 0.4);
        QVERIFY(history->column("no_such_column").empty());
        QFile edited(file);
        QVERIFY(edited.open(QIODevice::Append));
        edited.write("4,x,1,0.1,1,0.8\n");
        edited.close();
        auto broken = readHistoryCsv(file);
        QVERIFY(!broken);
        QVERIFY(broken.error().toString().contains("history.csv"));
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

    void bundledFashionMnistIdx() {
        const QString images = QStringLiteral(ADSTUDIO_SOURCE_DIR
                                              "/resources/fashion-mnist/t10k-images-idx3-ubyte.gz");
        auto test = readIdx(images);  // the labels file beside it is found
        QVERIFY2(test.ok(), test.ok() ? "" : qPrintable(test.error().toString()));
        QCOMPARE(test->count, 10000);
        QCOMPARE(test->width, 28);
        QCOMPARE(test->classNames.size(), 10);
        for (int count : test->countsPerClass()) QCOMPARE(count, 1000);
        QCOMPARE(test->classNames.at(7), QStringLiteral("Sneaker"));
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
