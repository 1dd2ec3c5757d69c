// SPDX-License-Identifier: MIT
#include "dataset_table_model.h"
#include "main_window.h"
#include "reliability_chart.h"
#include "stats_table_model.h"
#include "train_page.h"

#include "data/csv_reader.h"
#include "data/feature_click_log.h"
#include "data/stats.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;

class TestUiDataPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelsPassTheTester() {
        auto table = parseCsv("id,name,price\n1,a,2.5\n2,,3\n3,c,\n", "t.csv", CsvOptions{});
        QVERIFY(table.ok());
        auto dataset = std::make_shared<const Dataset>(std::move(table).value());
        ui::DatasetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(dataset);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, 2), Qt::DisplayRole).toString(), QStringLiteral("2.5"));
        QCOMPARE(model.data(model.index(1, 1), Qt::DisplayRole).toString(), QStringLiteral("—"));
        ui::StatsTableModel stats;
        QAbstractItemModelTester statsTester(
            &stats, QAbstractItemModelTester::FailureReportingMode::QtTest);
        stats.setStats(computeStats(*dataset));
        QCOMPARE(stats.rowCount(), 3);
        QCOMPARE(stats.data(stats.index(2, 3), Qt::DisplayRole).toString(), QStringLiteral("1"));
    }

    void millionRowsAreLazy() {
        Dataset big("big");
        Column ids("id", ColumnType::Integer);
        ids.reserve(1000000);
        for (int i = 0; i < 1000000; ++i) ids.appendInt(i);
        big.addColumn(std::move(ids));
        ui::DatasetTableModel model;
        QElapsedTimer timer;
        timer.start();
        model.setDataset(std::make_shared<const Dataset>(std::move(big)));
        QCOMPARE(model.rowCount(), 1000000);
        QCOMPARE(model.data(model.index(999999, 0), Qt::DisplayRole).toString(),
                 QStringLiteral("999999"));
        // Setting the model formats nothing up front (a generous bound, not a benchmark).
        QVERIFY(timer.elapsed() < 1000);
    }

    void windowOpensAFileInTheBackground() {
        ui::MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &ui::MainWindow::loaded);
        window.openPath(QFINDTESTDATA("data/csv/rfc4180.csv"));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.tableModel()->rowCount(), 3);
        QCOMPARE(window.statsModel()->rowCount(), 3);
        QSignalSpy failed(&window, &ui::MainWindow::loadFailed);
        window.openPath(QStringLiteral("/no/such/file.csv"));
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.front().front().toString().contains("/no/such/file.csv"));
    }

    // A log in Criteo's layout opens and trains from the Train page without any mapping.
    void criteoLayoutTrainsFromTheTrainPage() {
        QTemporaryDir dir;
        FeatureClickLogOptions options;
        options.rows = 4000;
        QVERIFY(writeFeatureClickLog(dir.filePath("criteo_log.csv"), options));
        ui::MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &ui::MainWindow::loaded);
        window.openPath(dir.filePath("criteo_log.csv"));
        QVERIFY(loaded.wait(30000));
        ui::TrainPage* train = window.trainPage();
        QVERIFY2(train->statusText().contains("fields alone"), qPrintable(train->statusText()));
        train->setEpochs(2);
        QSignalSpy finished(train, &ui::TrainPage::finished);
        train->start();
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(train->statusText()));
        QVERIFY2(train->statusText().contains("test AUC"), qPrintable(train->statusText()));
        QCOMPARE(train->validationPoints(), 2);
        // The run view's reliability diagram: ten bins of the test split.
        QCOMPARE(train->reliabilityChart()->binCount(), 10);
        // Tune: each trial appears as it ends; the best by validation is kept.
        train->tune(3);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.takeFirst().at(0).toBool(), qPrintable(train->statusText()));
        QCOMPARE(train->trialRows(), 3);
        QVERIFY2(train->statusText().contains("Tuned: trial"), qPrintable(train->statusText()));
        QVERIFY(QFile::exists(QDir(train->currentRun()).filePath("trials.csv")));
    }
};

QTEST_MAIN(TestUiDataPage)
#include "test_ui_data_page.moc"
