// SPDX-License-Identifier: MIT
// Runs adstudio-cli (ADSTUDIO_CLI, set by tests/CMakeLists.txt) as an analyst's script does and
// keeps what it said, for the tests that drive the CLI. The wait is generous: a training run
// under the sanitizers on a busy machine takes minutes.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

struct CliRun {
    int code;
    QByteArray out, err;
};

inline CliRun runCli(
    const QStringList& arguments,
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
    int timeoutMs = 300000) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ADSTUDIO_CLI), arguments);
    process.waitForFinished(timeoutMs);
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}
