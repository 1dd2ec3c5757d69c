// SPDX-License-Identifier: MIT
// The one place tests find the real public data sets that cannot ship in the repository
// (MovieLens 100K, Fashion-MNIST's training set, advertising.csv). Looked up in order:
//   1. $ADSTUDIO_TEST_DATA
//   2. ../shared/data beside the checkout (where the developers' and CI's data lives)
//   3. the cache packaging/fetch-test-data.sh fills: ${XDG_CACHE_HOME:-~/.cache}/adstudio/test-data
// A test executable that needs a data set ends with ADSTUDIO_DATA_TEST_MAIN. When the set is
// absent it exits with kSkipExitCode, which ctest reports as *skipped* (not passed); with
// ADSTUDIO_REQUIRE_TEST_DATA=1 (CI, which has the data) it fails instead.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>

#include <cstdio>
#include <initializer_list>

namespace testdata {

// ctest's SKIP_RETURN_CODE for the data tests (the automake convention).
inline constexpr int kSkipExitCode = 77;

inline QStringList searchRoots() {
    QStringList roots;
    const QString fromEnvironment = qEnvironmentVariable("ADSTUDIO_TEST_DATA");
    if (!fromEnvironment.isEmpty()) roots << fromEnvironment;
    roots << QDir::cleanPath(QStringLiteral(ADSTUDIO_SOURCE_DIR "/../shared/data"));
    QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
    if (cache.isEmpty()) cache = QDir::homePath() + QStringLiteral("/.cache");
    roots << cache + QStringLiteral("/adstudio/test-data");
    return roots;
}

// A file of a data set, e.g. "ml-100k/u.data"; empty when no root holds it.
inline QString path(const QString& relative) {
    for (const QString& root : searchRoots()) {
        const QString candidate = QDir(root).filePath(relative);
        if (QFileInfo::exists(candidate)) return candidate;
    }
    return {};
}

// The file whose presence means a data set is there (the fetch script writes it last).
inline QString markerOf(const QString& dataSet) {
    if (dataSet == QLatin1String("ml-100k")) return QStringLiteral("ml-100k/u.data");
    if (dataSet == QLatin1String("fashion-mnist"))
        return QStringLiteral("fashion-mnist/train-labels-idx1-ubyte.gz");
    if (dataSet == QLatin1String("ads")) return QStringLiteral("ads/advertising.csv");
    qFatal("test_data.h: unknown data set '%s'", qPrintable(dataSet));
    return {};
}

// The folder of a data set, e.g. dir("ml-100k"); empty when absent.
inline QString dir(const QString& dataSet) {
    const QString marker = path(markerOf(dataSet));
    return marker.isEmpty() ? QString() : QFileInfo(marker).absolutePath();
}

// -1 when every data set is there; otherwise the exit code (skip, or failure under CI).
inline int exitCodeForMissing(std::initializer_list<const char*> dataSets) {
    QStringList missing;
    for (const char* dataSet : dataSets)
        if (dir(QString::fromLatin1(dataSet)).isEmpty()) missing << QString::fromLatin1(dataSet);
    if (missing.isEmpty()) return -1;
    const bool required = qEnvironmentVariableIntValue("ADSTUDIO_REQUIRE_TEST_DATA") != 0;
    std::fprintf(stderr,
                 "%s: test data set(s) %s absent (looked in %s). Fetch them with "
                 "packaging/fetch-test-data.sh, or point ADSTUDIO_TEST_DATA at a folder that "
                 "holds them.%s\n",
                 required ? "FAIL" : "SKIPPED", qPrintable(missing.join(", ")),
                 qPrintable(searchRoots().join(", ")),
                 required ? " ADSTUDIO_REQUIRE_TEST_DATA is set: every test must run." : "");
    return required ? 1 : kSkipExitCode;
}

}  // namespace testdata

// QTEST_GUILESS_MAIN for a test that needs real data sets: ADSTUDIO_DATA_TEST_MAIN(T, "ml-100k").
#define ADSTUDIO_DATA_TEST_MAIN(TestObject, ...)                                         \
    int main(int argc, char** argv) {                                                    \
        QCoreApplication app(argc, argv);                                                \
        if (const int code = testdata::exitCodeForMissing({__VA_ARGS__}); code >= 0)     \
            return code;                                                                 \
        TestObject test;                                                                 \
        QTEST_SET_MAIN_SOURCE_PATH                                                       \
        return QTest::qExec(&test, argc, argv);                                          \
    }
