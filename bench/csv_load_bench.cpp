// SPDX-License-Identifier: MIT
// CSV loading: AdStudio's libcsv-based reader against pandas.read_csv on the same file, in one
// run. The file is ML-100K's u.data repeated to 1,000,000 rows (TAB, no header, 4 int columns).
//   csv_load_bench [--data ../shared/data/ml-100k/u.data] [--rows 1000000] [--repeats 3]
#include "data/csv_reader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace adstudio;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption data("data", "Source rows (u.data).", "FILE",
                                  ADSTUDIO_SHARED_DATA "/ml-100k/u.data");
    const QCommandLineOption rows("rows", "Rows in the benchmark file.", "N", "1000000");
    const QCommandLineOption repeats("repeats", "Timed repeats (best is reported).", "N", "3");
    const QCommandLineOption python("python", "Python with pandas.", "EXE", "/usr/bin/python3");
    parser.addHelpOption();
    parser.addOptions({data, rows, repeats, python});
    parser.process(app);

    QFile source(parser.value(data));
    if (!source.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "error: %s: cannot read; pass --data\n",
                     qPrintable(source.fileName()));
        return 1;
    }
    const QList<QByteArray> lines = source.readAll().split('\n');
    const qint64 wanted = parser.value(rows).toLongLong();
    QTemporaryDir dir;
    const QString path = dir.filePath("bench.tsv");
    {
        QFile out(path);
        out.open(QIODevice::WriteOnly);
        QByteArray buffer;
        qint64 written = 0;
        while (written < wanted) {
            for (const auto& line : lines) {
                if (line.isEmpty() || written >= wanted) continue;
                buffer += line + '\n';
                ++written;
            }
            out.write(buffer);
            buffer.clear();
        }
    }
    const int n = std::max(1, parser.value(repeats).toInt());

    CsvOptions options;  // delimiter, header and types are detected, as a user would load it
    double bestMs = 1e18;
    std::int64_t loaded = 0;
    for (int i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto table = readCsvFile(path, options);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!table) {
            std::fprintf(stderr, "error: %s\n", qPrintable(table.error().toString()));
            return 1;
        }
        loaded = table->rowCount();
        bestMs = std::min(bestMs, ms);
    }
    const double adstudioRowsPerSecond = double(loaded) / (bestMs / 1000.0);

    const QString script = QStringLiteral(
        "import sys, time, pandas as pd\n"
        "best = 1e18\n"
        "for _ in range(int(sys.argv[2])):\n"
        "    t = time.perf_counter(); df = pd.read_csv(sys.argv[1], sep='\\t', header=None)\n"
        "    best = min(best, time.perf_counter() - t)\n"
        "print(len(df), best)\n");
    QProcess py;
    py.start(parser.value(python), {"-c", script, path, QString::number(n)});
    py.waitForFinished(-1);
    const QList<QByteArray> answer = py.readAllStandardOutput().trimmed().split(' ');
    if (py.exitCode() != 0 || answer.size() != 2) {
        std::fprintf(stderr, "error: pandas run failed (install python3-pandas): %s\n",
                     py.readAllStandardError().constData());
        return 1;
    }
    const double pandasRowsPerSecond = answer[0].toDouble() / answer[1].toDouble();
    std::printf("rows: %lld (best of %d)\n", static_cast<long long>(loaded), n);
    std::printf("adstudio readCsvFile: %.0f ms, %.2f M rows/s\n", bestMs,
                adstudioRowsPerSecond / 1e6);
    std::printf("pandas.read_csv:      %.0f ms, %.2f M rows/s\n", answer[1].toDouble() * 1000,
                pandasRowsPerSecond / 1e6);
    std::printf("ratio adstudio/pandas: %.2fx\n", adstudioRowsPerSecond / pandasRowsPerSecond);
    return 0;
}
