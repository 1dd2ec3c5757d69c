// SPDX-License-Identifier: MIT
#include "common/folder_copy.h"
#include "data/csv_reader.h"
#include "data/data_settings.h"
#include "data/preprocess.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace adstudio;

namespace {

Dataset table(const char* csv) {
    auto result = parseCsv(csv, "t.csv", CsvOptions{});
    if (!result) qFatal("%s", qPrintable(result.error().toString()));
    return std::move(result).value();
}

const char* const kPeople =
    "user_id,age,income,city,timestamp\n"
    "1,20,1000,Oslo,100\n2,,2000,Oslo,200\n3,40,3000,Rome,150\n1,50,,Rome,300\n"
    "2,60,5000,Lima,50\n3,30,1000000,Oslo,400\n1,25,4000,Oslo,250\n";

}  // namespace

class TestPreprocess : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingPolicies() {
        const Dataset data = table(kPeople);
        Preprocessor median;
        median.add({"age", MissingPolicy::Median});
        QVERIFY(median.fit(data).ok());
        auto filled = median.apply(data);
        QVERIFY(filled.ok());
        QCOMPARE(filled->find("age")->numberAt(1), 35.0);  // median of 20,40,50,60,30,25
        Preprocessor drop;
        drop.add({"income", MissingPolicy::DropRow});
        QVERIFY(drop.fit(data).ok());
        QCOMPARE(drop.apply(data)->rowCount(), 6);
        Preprocessor constant;
        ColumnTransform t{"age", MissingPolicy::Constant};
        t.constant = -1;
        constant.add(t);
        QVERIFY(constant.fit(data).ok());
        QCOMPARE(constant.apply(data)->find("age")->numberAt(1), -1.0);
    }

    void clipAndNormalize() {
        const Dataset data = table(kPeople);
        Preprocessor p;
        ColumnTransform income{"income", MissingPolicy::Mean};
        income.clipHighQuantile = 0.8;
        income.normalize = Normalization::ZScore;
        p.add(income);
        QVERIFY(p.fit(data).ok());
        const auto out = p.apply(data);
        QVERIFY(out.ok());
        const Column* c = out->find("income");
        double sum = 0, max = -1e9;
        for (std::int64_t r = 0; r < c->size(); ++r)
            sum += c->numberAt(r), max = std::max(max, c->numberAt(r));
        // The 1,000,000 outlier is clipped, so it no longer dominates the scale.
        QVERIFY(max < 3.0);
        QVERIFY(std::abs(sum / double(c->size())) < 0.5);
        Preprocessor log;
        ColumnTransform age{"age"};
        age.normalize = Normalization::Log1p;
        log.add(age);
        QVERIFY(log.fit(data).ok());
        QCOMPARE(log.apply(data)->find("age")->numberAt(0), std::log1p(20.0));
    }

    void categoricalEncodingWithOutOfVocabulary() {
        const Dataset data = table(kPeople);
        Preprocessor p;
        ColumnTransform city{"city"};
        city.minCount = 2;
        p.add(city);
        QVERIFY(p.fit(data).ok());
        QCOMPARE(p.transforms().front().vocabulary, QStringList({"Oslo", "Rome"}));
        const auto unseen =
            table("user_id,age,income,city,timestamp\n9,1,1,Paris,1\n9,1,1,Rome,2\n9,1,1,Lima,3\n");
        const auto out = p.apply(unseen);
        QVERIFY(out.ok());
        QCOMPARE(out->find("city")->intAt(0), 0);  // unseen
        QCOMPARE(out->find("city")->intAt(1), 2);
        QCOMPARE(out->find("city")->intAt(2), 0);  // below the frequency threshold
    }

    void savedTransformsReapplyIdentically() {
        const Dataset data = table(kPeople);
        Preprocessor p;
        ColumnTransform income{"income", MissingPolicy::Median};
        income.clipLowQuantile = 0.1, income.clipHighQuantile = 0.9,
        income.normalize = Normalization::MinMax;
        ColumnTransform city{"city"};
        city.minCount = 1;
        p.add(income);
        p.add(city);
        QVERIFY(p.fit(data).ok());
        QTemporaryDir dir;
        const QString path = dir.filePath("transforms.json");
        QVERIFY(p.save(path).ok());
        auto loaded = Preprocessor::load(path);
        QVERIFY(loaded.ok());
        const auto a = p.apply(data), b = loaded->apply(data);
        for (int c = 0; c < a->columnCount(); ++c) {
            for (std::int64_t r = 0; r < a->rowCount(); ++r)
                QCOMPARE(b->column(c).displayAt(r), a->column(c).displayAt(r));
        }
        Preprocessor wrong;
        wrong.add({"nope"});
        QVERIFY(!wrong.fit(data).ok());
        QVERIFY(wrong.fit(data).error().toString().contains("the columns are"));
    }

    // The Data page's column mapping and preprocessing survive project.json and reload the
    // file exactly as the user set them.
    void dataSettingsRoundTripAndReload() {
        QTemporaryDir dir;
        const QString path = dir.filePath("people.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kPeople);
        file.close();
        DataSettings settings;
        QVERIFY(settings.mapping.parseEntry("city=ignore").ok());
        QVERIFY(settings.mapping.parseEntry("age=float").ok());
        settings.transforms.push_back({"income", MissingPolicy::DropRow});
        settings.transforms.back().normalize = Normalization::ZScore;
        auto restored = DataSettings::fromJson(settings.toJson(), "project.json");
        QVERIFY(restored.ok());
        QCOMPARE(restored->toJson(), settings.toJson());

        auto loaded = loadSourceWithSettings(path, *restored);
        QVERIFY2(loaded.ok(), loaded ? "" : qPrintable(loaded.error().toString()));
        const Dataset& t = loaded->tables->interactions;
        QCOMPARE(t.rowCount(), 6);  // the row without income is dropped
        QCOMPARE(t.find("city")->role(), ColumnRole::Ignore);
        QCOMPARE(t.find("age")->type(), ColumnType::Float);
        double mean = 0;
        for (int r = 0; r < t.rowCount(); ++r) mean += t.find("income")->numberAt(r);
        QVERIFY(std::abs(mean / t.rowCount()) < 1e-9);  // standardized

        QJsonObject bad = settings.toJson();
        bad.insert("columns", QJsonObject{{"city", QJsonObject{{"role", "shoe"}}}});
        auto error = DataSettings::fromJson(bad, "project.json");
        QVERIFY(!error.ok());
        QVERIFY(error.error().toString().contains("project.json"));
        QVERIFY(error.error().toString().contains("city"));
        settings.mapping.parseEntry("no_such_column=ignore");
        auto missing = loadSourceWithSettings(path, settings);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().toString().contains("no_such_column"));
    }

    // Save As copies a project tree through a staging folder and refuses to overwrite.
    void copyFolderCopiesTheTree() {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("a/creatives"));
        QFile file(dir.filePath("a/creatives/x.png"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("pixels");
        file.close();
        QVERIFY(copyFolder(dir.filePath("a"), dir.filePath("b")).ok());
        QFile copied(dir.filePath("b/creatives/x.png"));
        QVERIFY(copied.open(QIODevice::ReadOnly));
        QCOMPARE(copied.readAll(), QByteArray("pixels"));
        QVERIFY(!QFileInfo::exists(dir.filePath("b.partial")));
        QVERIFY(!copyFolder(dir.filePath("a"), dir.filePath("b")).ok());
        CancelToken cancel;
        cancel.cancel();
        JobContext job;
        job.cancel = cancel;
        const Status cancelled = copyFolder(dir.filePath("a"), dir.filePath("c"), job);
        QVERIFY(!cancelled.ok() && cancelled.error().cancelled);
        QVERIFY(!QFileInfo::exists(dir.filePath("c")));
        QVERIFY(!QFileInfo::exists(dir.filePath("c.partial")));
    }
};

QTEST_GUILESS_MAIN(TestPreprocess)
#include "test_preprocess.moc"
