// SPDX-License-Identifier: MIT
// A marketer's own export through the GUI: the Data page recognises the tables, the user picks
// the right catalogue file and maps the columns no name gives away in all three tables, the
// project keeps it, and the creatives say only what the catalogue holds. A file with a bad row
// offers what fixes it, as buttons.
#include "column_settings_model.h"
#include "columns_panel.h"
#include "data_page.h"
#include "error_box_finder.h"
#include "main_window.h"
#include "project_session.h"
#include "shop_export.h"

#include "common/atomic_file.h"
#include "data/demo_world.h"
#include "pipeline/pipeline.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;
using namespace adstudio::testing;
using namespace adstudio::ui;

namespace {

bool setRole(ColumnSettingsModel* model, const QString& column, const QString& role) {
    const int row = model->rowOf(column);
    return row >= 0 &&
           model->setData(model->index(row, ColumnSettingsModel::RoleColumn), role, Qt::EditRole);
}

QString roleOf(const Dataset& table, const QString& column) {
    const Column* c = table.find(column);
    return c ? columnRoleName(c->role()) : QString("(no column)");
}

}  // namespace

class TestUiShopExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void mapsAllThreeTablesThroughTheDataPage() {
        QTemporaryDir dir;
        DemoWorldOptions world;
        world.users = 500;
        world.items = 100;
        QVERIFY(generateDemoWorld(dir.filePath("world"), world));
        // Names no rule knows: the name, brand and price columns must be mapped by hand.
        ExportStyle style;
        style.itemHeader = QStringList{"product_sku", "category", "designation", "maker",
                                       "colour",      "cost_eur", "image_file"};
        QMap<QString, Expected> expected;
        const QString shop = dir.filePath("shop");
        QVERIFY(writeShopExport(dir.filePath("world"), shop, style, &expected));
        // An old catalogue sorts first and looks like one: recognition takes it, the user
        // picks the right file.
        QFile archive(QDir(shop).filePath("archive_products.csv"));
        QVERIFY(archive.open(QIODevice::WriteOnly));
        archive.write("product_sku,category\nOLD-1,Sneaker\nOLD-2,Dress\n");
        archive.close();

        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loaded);
        window.openPath(shop);
        QVERIFY(loaded.wait(60000));
        QVERIFY(window.source()->tables->items);
        QVERIFY(window.source()->tables->items->sourcePath().endsWith("archive_products.csv"));

        ColumnsPanel* panel = window.columnsPanel();
        QVERIFY(panel->showTable("items"));
        QVERIFY(panel->candidateFiles().size() == 4);
        QVERIFY(panel->setTableFile("items", QDir(shop).filePath("products.csv")));
        panel->apply();
        QVERIFY(loaded.wait(60000));
        const Dataset* items = &*window.source()->tables->items;
        QVERIFY(items->sourcePath().endsWith("/products.csv"));
        QVERIFY(!items->findRole(ColumnRole::ItemName) && !items->findRole(ColumnRole::Brand) &&
                !items->findRole(ColumnRole::Price));

        ColumnSettingsModel* model = panel->model();
        QVERIFY(panel->showTable("items"));
        QVERIFY(setRole(model, "designation", "item_name"));
        QVERIFY(setRole(model, "maker", "brand"));
        QVERIFY(setRole(model, "cost_eur", "price"));
        // Preprocessing is the log's: the catalogue's cells offer nothing else.
        QCOMPARE(model->flags(model->index(0, ColumnSettingsModel::NormalizeColumn)) &
                     Qt::ItemIsEditable,
                 Qt::ItemFlags());
        QVERIFY(panel->showTable("users"));
        QVERIFY(setRole(model, "device_type", "ignore"));
        QVERIFY(panel->showTable("items"));  // pending edits survive switching tables
        QCOMPARE(model->index(model->rowOf("maker"), ColumnSettingsModel::RoleColumn).data(),
                 QVariant("brand"));
        QVERIFY(panel->showTable("interactions"));
        QVERIFY(setRole(model, "event_time", "ignore"));
        panel->apply();
        QVERIFY(loaded.wait(60000));
        const InteractionData& tables = *window.source()->tables;
        QCOMPARE(roleOf(*tables.items, "designation"), QString("item_name"));
        QCOMPARE(roleOf(*tables.items, "maker"), QString("brand"));
        QCOMPARE(roleOf(*tables.items, "cost_eur"), QString("price"));
        QCOMPARE(roleOf(*tables.users, "device_type"), QString("ignore"));
        QCOMPARE(roleOf(tables.interactions, "event_time"), QString("ignore"));

        // The project keeps the mapping and the file choice; the main job over it (as
        // `adstudio-cli run --project` runs it) makes creatives the catalogue backs.
        const QString folder = dir.filePath("project");
        QVERIFY(window.newProject(folder));
        QVERIFY(loaded.wait(60000));
        auto saved = readJsonFile(folder + "/project.json", {});
        QVERIFY(saved);
        const QJsonObject settings = saved->value("data_settings").toObject();
        QCOMPARE(settings.value("columns").toObject().value("items.maker").toObject().value("role"),
                 QJsonValue("brand"));
        QVERIFY(settings.value("tables").toObject().value("items").toString().endsWith(
            "/products.csv"));
        PipelineOptions options;
        options.projectDir = folder;
        options.fast = true;
        options.threads = 2;
        auto summary = runPipeline(options);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        QVERIFY(window.openProject(folder));
        QVERIFY(loaded.wait(60000));
        QVERIFY(window.session()->creatives().size() >= 18);
        checkCreativesAgainstCatalogue(window.session()->creatives(), expected);
    }

    void aBadRowOffersWhatFixesIt() {
        QTemporaryDir dir;
        QString text = "user_id,item_id,clicked,price\n";
        for (int r = 0; r < 1500; ++r)
            text += QStringLiteral("u%1,i%2,%3,%4.5\n")
                        .arg(r % 40)
                        .arg(r % 25)
                        .arg(r % 3 == 0)
                        .arg(r % 9);
        text += "u1,i2,1,call us\n";  // past the rows the type was inferred from
        text += "u2,i3,0\n";          // a field short
        QFile file(dir.filePath("log.csv"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();

        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openPath(file.fileName());
        QVERIFY(failed.wait(30000));
        QMessageBox* box = openErrorBox(&window);
        QVERIFY(box);
        QVERIFY2(box->text().contains("log.csv:1502") && !box->text().contains("--"),
                 qPrintable(box->text()));
        QVERIFY(buttonNamed(box, "Map 'price' as text"));
        QPushButton* setAside = buttonNamed(box, "Load without the bad rows");
        QVERIFY(setAside);
        setAside->click();
        QVERIFY(loaded.wait(30000));
        const Dataset& log = window.source()->tables->interactions;
        QCOMPARE(log.rowCount(), qint64(1500));
        QCOMPARE(log.rejectedRows(), qint64(2));
        QVERIFY(window.dataSettings().setAsideBadRows);
        const QStringList rejects = readLines(log.rejectsFile());
        QCOMPARE(rejects,
                 QStringList({"user_id,item_id,clicked,price", "u1,i2,1,call us", "u2,i3,0"}));
        auto* notes = window.findChild<QLabel*>("loadNotes");
        QVERIFY(notes && notes->text().contains("2 row(s) did not read and were set aside"));

        // The other remedy: the column read as text keeps every row.
        window.openPath(file.fileName());
        QVERIFY(failed.wait(30000));
        box = openErrorBox(&window);
        QVERIFY(box);
        buttonNamed(box, "Map 'price' as text")->click();
        QVERIFY(failed.wait(30000));  // the short row still does not read
        box = openErrorBox(&window);
        QVERIFY(box && box->text().contains("row has 3 fields, expected 4"));
        buttonNamed(box, "Load without the bad rows")->click();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.source()->tables->interactions.rowCount(), qint64(1501));
        QCOMPARE(window.source()->tables->interactions.find("price")->type(), ColumnType::Text);
    }
};

QTEST_MAIN(TestUiShopExport)
#include "test_ui_shop_export.moc"
