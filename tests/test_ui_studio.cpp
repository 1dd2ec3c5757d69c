// SPDX-License-Identifier: MIT
// The studio driven like a user would: open a project, review, export, reopen; train with the
// window staying responsive. Offscreen, seeded, real demo data.
#include "common/atomic_file.h"
#include "creative_list_model.h"
#include "creatives_page.h"
#include "export_page.h"
#include "main_window.h"
#include "pipeline/pipeline.h"
#include "project_session.h"
#include "segment_table_model.h"
#include "segments_page.h"
#include "train_page.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace adstudio;
using namespace adstudio::ui;

class TestUiStudio : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString project() const { return m_dir.filePath("project"); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        PipelineOptions options;
        options.demo = true;
        options.fast = true;
        options.projectDir = project();
        auto summary = runPipeline(options);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
    }

    // Open the project -> segments in the scatter -> creatives in the gallery -> approve two,
    // reject one (undo and redo on the way) -> export approved only -> the files match the
    // approvals; reopen: the review is there.
    void reviewAndExportFlow() {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QVERIFY(window.openProject(project()));
        QVERIFY(loaded.wait(30000));
        QAbstractItemModelTester segmentTester(window.segmentsPage()->tableModel());
        QAbstractItemModelTester creativeTester(window.creativesPage()->model());
        QVERIFY(window.segmentsPage()->plottedUsers() >= 2000);
        QVERIFY(window.segmentsPage()->tableModel()->rowCount() >= 3);
        QVERIFY(window.trainPage()->lossPoints() > 0);  // the project's run history is drawn
        CreativeListModel* gallery = window.creativesPage()->model();
        QVERIFY(gallery->rowCount() >= 54);

        window.pages()->setCurrentWidget(window.creativesPage());
        QStringList approved;
        for (int row : {0, 3}) {
            window.creativesPage()->select(row);
            window.creativesPage()->review("approved");
            approved << window.session()->creatives()[std::size_t(gallery->creativeIndex(row))].id;
        }
        window.creativesPage()->select(1);
        window.creativesPage()->review("rejected");
        const QString rejected =
            window.session()->creatives()[std::size_t(gallery->creativeIndex(1))].id;
        window.undoStack()->undo();
        QCOMPARE(window.session()->creatives()[std::size_t(gallery->creativeIndex(1))].review,
                 QString("pending"));
        window.undoStack()->redo();
        QCOMPARE(window.session()->creatives()[std::size_t(gallery->creativeIndex(1))].review,
                 QString("rejected"));

        window.pages()->setCurrentWidget(window.exportPage());
        QSignalSpy exported(window.exportPage(), &ExportPage::finished);
        window.exportPage()->setApprovedOnly(true);
        window.exportPage()->start();
        QVERIFY(exported.wait(60000));
        QCOMPARE(exported.takeFirst().at(0).toBool(), true);
        auto manifest = readJsonFile(window.exportPage()->lastFolder() + "/manifest.json", {});
        QVERIFY(manifest);
        QStringList ids;
        for (const auto& v : manifest->value("creatives").toArray()) {
            ids << v.toObject().value("id").toString();
            QVERIFY(QFile::exists(window.exportPage()->lastFolder() + "/" +
                                  v.toObject().value("file").toString()));
        }
        ids.sort();
        approved.sort();
        QCOMPARE(ids, approved);
        QVERIFY(!ids.contains(rejected));

        MainWindow reopened;
        QVERIFY(reopened.openProject(project()));
        int approvedCount = 0, rejectedCount = 0;
        for (const auto& c : reopened.session()->creatives()) {
            approvedCount += c.review == "approved";
            rejectedCount += c.review == "rejected";
        }
        QCOMPARE(approvedCount, 2);
        QCOMPARE(rejectedCount, 1);
    }

    // Train one short run from the Train page: the curve gets points and the event loop never
    // stalls for more than 100 ms meanwhile.
    void trainingKeepsTheWindowResponsive() {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loaded);
        window.openPath(project() + "/data");
        QVERIFY(loaded.wait(30000));
        window.pages()->setCurrentWidget(window.trainPage());
        window.trainPage()->setEpochs(2);
        QSignalSpy finished(window.trainPage(), &TrainPage::finished);
        QElapsedTimer gap;
        qint64 worst = 0;
        QTimer probe;
        probe.setInterval(5);
        connect(&probe, &QTimer::timeout, [&] {
            if (gap.isValid()) worst = std::max(worst, gap.elapsed());
            gap.restart();
        });
        probe.start();
        window.trainPage()->start();
        QVERIFY(window.trainPage()->isRunning());
        QVERIFY(finished.wait(120000));
        probe.stop();
        QCOMPARE(finished.takeFirst().at(0).toBool(), true);
        qInfo("worst event-loop gap while training: %lld ms; %d loss points", worst,
              window.trainPage()->lossPoints());
        QVERIFY(window.trainPage()->lossPoints() >= 2);
        QCOMPARE(window.trainPage()->validationPoints(), 2);
        QVERIFY2(worst < 100, qPrintable(QString::number(worst)));
    }
};

QTEST_MAIN(TestUiStudio)
#include "test_ui_studio.moc"
