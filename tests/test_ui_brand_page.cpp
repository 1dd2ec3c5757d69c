// SPDX-License-Identifier: MIT
// The Brand page as a designer uses it: fill in the kit, see one creative at every size with
// what the checks say, fix what they flag, save it into the project and find it there again.
#include "brand_page.h"
#include "creative/colour_difference.h"
#include "project/project.h"
#include "project_session.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace adstudio;
using namespace adstudio::ui;

namespace {

// Generous: the preview waits for a pause in typing, and a busy machine renders slowly.
constexpr int kWaitMs = 30000;

// Pixels of `image` within a just-noticeable difference of `colour`.
int pixelsNear(const QImage& image, const QColor& colour) {
    int n = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            n += deltaE2000(image.pixelColor(x, y), colour) < 2.0;
    return n;
}

}  // namespace

class TestUiBrandPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aKitIsPreviewedCheckedAndSaved() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("project");
        QVERIFY(Project::create(folder, {}, {}));
        QFile logo(dir.filePath("logo.svg"));
        QVERIFY(logo.open(QIODevice::WriteOnly));
        logo.write(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 90 30\" width=\"90\" "
            "height=\"30\"><rect width=\"90\" height=\"30\" rx=\"6\" fill=\"#e4572e\"/>"
            "</svg>");
        logo.close();
        ProjectSession session;
        QVERIFY(session.open(folder));
        BrandPage page(&session);
        page.show();

        page.field("name")->setText("Kestrel");
        page.field("logo")->setText(logo.fileName());
        page.field("primary")->setText("#1b3a4b");
        page.field("legal")->setText("Offer ends Sunday. Terms apply.");
        QTest::qWait(600);
        if (const QString dump = qEnvironmentVariable("ADSTUDIO_DUMP_VISUALS"); !dump.isEmpty())
            for (int i = 0; i < 6; ++i)
                page.previewImage(i).save(QString("%1/brand-page-%2.png").arg(dump).arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(page.previewVerdicts(), QStringList(6, "passed"), kWaitMs);
        // The call to action wears the primary colour at every size.
        for (int i = 0; i < 6; ++i)
            QVERIFY2(pixelsNear(page.previewImage(i), QColor("#1b3a4b")) > 20,
                     qPrintable(QString::number(i)));

        // A colour that does not read is named, with the fix.
        page.field("primary")->setText("teal-ish");
        QTRY_VERIFY_WITH_TIMEOUT(page.previewVerdicts().isEmpty(), kWaitMs);
        QLabel* status = nullptr;
        for (QLabel* label : page.findChildren<QLabel*>())
            if (label->text().contains("colours.primary")) status = label;
        QVERIFY(status);
        QVERIFY(status->text().contains("#rrggbb"));

        // A logo minimum the small sizes cannot meet is flagged per size.
        page.field("primary")->setText("#1b3a4b");
        page.findChild<QSpinBox*>()->setValue(40);
        QTRY_VERIFY_WITH_TIMEOUT(
            page.previewVerdicts().size() == 6 &&
                page.previewVerdicts().join(' ').contains("below the brand's 40 px minimum"),
            kWaitMs);
        page.findChild<QSpinBox*>()->setValue(14);
        QTRY_COMPARE_WITH_TIMEOUT(page.previewVerdicts(), QStringList(6, "passed"), kWaitMs);

        QSignalSpy saved(&page, &BrandPage::saved);
        QVERIFY(page.save());
        QCOMPARE(saved.count(), 1);
        const QString kitPath = session.project()->brandKitPath();
        QVERIFY(QFile::exists(kitPath));
        QVERIFY(QFile::exists(QFileInfo(kitPath).dir().filePath("logo.svg")));

        // A fresh page over the same project shows the saved kit.
        BrandPage again(&session);
        QCOMPARE(again.field("name")->text(), QString("Kestrel"));
        QCOMPARE(again.field("primary")->text(), QString("#1b3a4b"));
        QCOMPARE(again.field("logo")->text(), QFileInfo(kitPath).dir().filePath("logo.svg"));
        QCOMPARE(again.field("legal")->text(), QString("Offer ends Sunday. Terms apply."));
    }
};

QTEST_MAIN(TestUiBrandPage)
#include "test_ui_brand_page.moc"
