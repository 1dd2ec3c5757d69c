// SPDX-License-Identifier: MIT
// Every malformed input becomes an error that names the file, the line and what to do; never a
// crash, never a partial result.
#include "data/source.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace adstudio;

namespace {

QByteArray gzipBytes(const QByteArray& raw) {
    QByteArray out(int(compressBound(uLong(raw.size()))) + 64, '\0');
    z_stream s{};
    deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.constData()));
    s.avail_in = uInt(raw.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.resize(int(s.total_out));
    deflateEnd(&s);
    return out;
}

QByteArray be32(quint32 v) {
    QByteArray b(4, '\0');
    b[0] = char(v >> 24), b[1] = char(v >> 16), b[2] = char(v >> 8), b[3] = char(v);
    return b;
}

QByteArray idxImages(quint32 count, quint32 rows, quint32 cols, int pixelBytes) {
    return be32(0x803) + be32(count) + be32(rows) + be32(cols) + QByteArray(pixelBytes, '\x10');
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejected_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("options");  // "delimiter=," / "map=NAME=KIND" / ""
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("line");  // 0: no line expected

        QTest::newRow("empty file") << "empty.csv" << QByteArray() << ""
                                    << "the file is empty" << 0;
        QTest::newRow("header only") << "header.csv" << QByteArray("a,b,c\n") << ""
                                     << "header but no data rows" << 2;
        QTest::newRow("ragged row")
            << "ragged.csv" << QByteArray("a,b,c\n1,2,3\n4,5\n6,7,8\n") << ""
            << "row has 2 fields, expected 3" << 3;
        QTest::newRow("unterminated quote")
            << "quote.csv" << QByteArray("a,b\n1,2\n3,\"oops\n4,5\n") << ""
            << "quoted field is never closed" << 3;
        QTest::newRow("malformed quote") << "malformed.csv" << QByteArray("a,b\n1,\"x\"y\n") << ""
                                         << "malformed quoted field" << 2;
        QTest::newRow("wrong delimiter")
            << "semi.csv" << QByteArray("a;b;c\n1;2;3\n4;5;6\n") << "delimiter=,"
            << "';' splits every line consistently" << 1;
        // UTF-8 on line 2, a Latin-1 byte on line 3: neither encoding reads the whole file.
        QTest::newRow("invalid UTF-8")
            << "mixed.csv" << QByteArray("name,n\nna\xc3\xafve,1\ncaf\xe9,2\n") << ""
            << "invalid UTF-8" << 3;
        QTest::newRow("NUL bytes") << "nul.csv"
                                   << QByteArray(
                                          "a,b\n1,2\n3,\0"
                                          "4\n",
                                          14)
                                   << ""
                                   << "NUL byte" << 3;
        QTest::newRow("10 MB line")
            << "long.csv" << (QByteArray("a,b\n1,") + QByteArray(10 << 20, 'x') + "\n") << ""
            << "longer than 4 MiB" << 2;
        QByteArray late = "id,price\n";
        for (int i = 0; i < 1500; ++i)
            late += QByteArray::number(i) + "," + QByteArray::number(i * 2) + "\n";
        late += "1500,abc\n";
        QTest::newRow("text in numeric column")
            << "late.csv" << late << ""
            << "'abc' in numeric column 'price' is not a number" << 1502;
        QTest::newRow("id overflows")
            << "ids.csv" << QByteArray("user_id,x\n1,2\n99999999999999999999999,3\n") << ""
            << "overflows a 64-bit integer" << 3;
        QTest::newRow("duplicate column names") << "dup.csv" << QByteArray("a,b,a\n1,2,3\n") << ""
                                                << "duplicate column name 'a'" << 1;
        QTest::newRow("mapped column missing")
            << "map.csv" << QByteArray("a,b\n1,2\n") << "map=nope=user"
            << "mapped column 'nope' does not exist" << 1;
        QTest::newRow("bad timestamp")
            << "time.csv" << QByteArray("timestamp,v\n2024-01-01,1\nyesterday,2\n")
            << "map=timestamp=timestamp"
            << "not a timestamp" << 3;
        const QByteArray goodIdx = idxImages(2, 2, 2, 8);
        QTest::newRow("truncated gzip")
            << "t-images-idx3-ubyte.gz" << gzipBytes(goodIdx).left(20) << ""
            << "gzip" << 0;
        QTest::newRow("wrong IDX magic")
            << "m-images-idx3-ubyte" << (be32(0x801) + goodIdx.mid(4)) << ""
            << "wrong IDX magic" << 0;
        QTest::newRow("IDX sizes mismatch") << "s-images-idx3-ubyte" << idxImages(5, 2, 2, 8) << ""
                                            << "header says 5 images of 2x2" << 0;
        QTest::newRow("image does not decode")
            << "images/shoe/broken.png" << QByteArray("\x89PNG\r\n\x1a\nnot really") << ""
            << "the image does not decode" << 0;
        QTest::newRow("ncf negatives malformed")
            << "x.test.negative" << QByteArray("(1,2)\t3\t4\n1,2\t3\t4\n") << ""
            << "expected \"(user,item)\"" << 2;
    }

    void rejected() {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, options);
        QFETCH(QString, expected);
        QFETCH(int, line);

        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(fileName);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();

        LoadOptions load;
        QString target = path;
        if (options.startsWith("delimiter=")) load.csv.delimiter = options.at(10).toLatin1();
        if (options.startsWith("map=")) QVERIFY(load.csv.mapping.parseEntry(options.mid(4)).ok());
        if (fileName.startsWith("images/")) target = QDir(dir.path()).filePath("images");
        if (fileName.endsWith(".test.negative")) {
            QFile train(QDir(dir.path()).filePath("x.train.rating"));
            QVERIFY(train.open(QIODevice::WriteOnly));
            train.write("1\t2\t5\t100\n");
            train.close();
        }

        const auto result = loadSource(target, load);
        QVERIFY2(!result.ok(), "malformed input was accepted");
        const QString message = result.error().toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(QFileInfo(path).fileName()),
                 qPrintable("no file name in: " + message));
        QVERIFY2(message.contains("; "), qPrintable("no fix suggested in: " + message));
        if (line > 0) {
            QVERIFY2(
                message.contains(QStringLiteral("%1:%2").arg(QFileInfo(path).fileName()).arg(line)),
                qPrintable(QStringLiteral("expected line %1 in: %2").arg(line).arg(message)));
        }
        // Core names what to do in words; the flags are the CLI's to add.
        QVERIFY2(!message.contains("--"), qPrintable(message));
    }

    // Set aside instead of failing: the good rows load, the bad ones (a field short inside the
    // sample the types are inferred from, a field too many, a bad number and a short row after
    // it) are counted and kept verbatim under the header.
    void badRowsAreSetAside() {
        QTemporaryDir dir;
        QByteArray text = "user_id,item_id,clicked,price\n";
        QByteArray bad;
        for (int r = 0; r < 1200; ++r) {
            QByteArray row = QStringLiteral("u%1,i%2,%3,%4\n")
                                 .arg(r % 30)
                                 .arg(r % 20)
                                 .arg(r % 2)
                                 .arg(r % 7 + 0.5)
                                 .toUtf8();
            if (r == 10) row = "u1,i1\n";
            if (r == 600) row = "u2,i2,0,1.5,extra\n";
            if (r == 1100) row = "u3,i3,1,twelve\n";
            if (r == 1150) row = "u4,i4\n";
            if (r == 10 || r == 600 || r == 1100 || r == 1150) bad += row;
            text += row;
        }
        const QString path = dir.filePath("log.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();

        LoadOptions strict;
        auto failed = loadSource(path, strict);
        QVERIFY(!failed);
        QCOMPARE(failed.error().line, qint64(12));
        QVERIFY(failed.error().remedies.size() == 1);
        QCOMPARE(int(failed.error().remedies[0].kind), int(Remedy::Kind::SetAsideBadRows));

        LoadOptions lenient;
        lenient.csv.setAsideBadRows = true;
        lenient.csv.rejectsFolder = dir.filePath("rejects");
        auto loaded = loadSource(path, lenient);
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
        const Dataset& log = loaded->tables->interactions;
        QCOMPARE(log.rowCount(), qint64(1196));
        QCOMPARE(log.rejectedRows(), qint64(4));
        for (const Column& c : log.columns()) QCOMPARE(c.size(), qint64(1196));
        QCOMPARE(log.find("price")->type(), ColumnType::Float);
        QCOMPARE(log.find("price")->numberAt(10), 4.5);  // the 12th data row, the 11th kept
        QFile rejects(log.rejectsFile());
        QVERIFY(rejects.open(QIODevice::ReadOnly));
        QCOMPARE(rejects.readAll(), "user_id,item_id,clicked,price\n" + bad);
        QFile reasons(dir.filePath("rejects/log.csv.rejects.txt"));
        QVERIFY(reasons.open(QIODevice::ReadOnly));
        const QString why = QString::fromUtf8(reasons.readAll());
        QVERIFY2(why.startsWith("line 12: field 3: row has 2 fields, expected 4") &&
                     why.contains("line 602: field 5: row has 5 fields, expected 4") &&
                     why.contains("line 1102: field 4: 'twelve' in numeric column 'price' is not "
                                  "a number") &&
                     why.contains("line 1152: field 3: row has 2 fields, expected 4"),
                 qPrintable(why));
    }

    // A catalogue's bad cell names the catalogue's column: "items.price".
    void aCatalogueRemedyNamesItsTable() {
        QTemporaryDir dir;
        QFile log(dir.filePath("events.csv"));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write("customer_id,product_sku,clicked\nC1,A,1\nC2,B,0\n");
        log.close();
        QFile items(dir.filePath("products.csv"));
        QVERIFY(items.open(QIODevice::WriteOnly));
        items.write("product_sku,product_name,price\nA,Shoe,12.5\nB,Boot,ask us\n");
        items.close();
        LoadOptions load;
        load.csv.mapping.setType("items.price", ColumnType::Float);
        auto failed = loadSource(dir.path(), load);
        QVERIFY(!failed);
        QVERIFY(!failed.error().remedies.empty());
        QCOMPARE(failed.error().remedies.front().column, QString("items.price"));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
