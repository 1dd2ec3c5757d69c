// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

namespace adstudio::cli {

// Exit codes shared by every command.
enum ExitCode { kOk = 0, kRuntimeError = 1, kUsageError = 2 };

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& arguments);  // arguments[0] is "adstudio-cli COMMAND"
};

const std::vector<Command>& commands();

// Parses `arguments` for a command; on a usage error prints it and returns false with
// *exitCode set (0 for --help).
bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& usage,
                    int* exitCode);
int usageError(const QString& message);
// --device auto|cpu|cuda, shared by the commands that train.
QCommandLineOption deviceOption();
// Applies --device when given: kOk, a usage error for an unknown name, a runtime error when
// CUDA is asked for and missing.
int applyDeviceOption(const QCommandLineParser& parser, const QCommandLineOption& option);
int reportError(const Error& error);
void printJson(const QJsonObject& object);
void printText(const QString& text);

// Progress on stderr when it is a terminal; silent otherwise (logs and pipes stay clean).
class TerminalProgress {
public:
    TerminalProgress();
    ~TerminalProgress();
    JobContext context();

private:
    bool m_enabled;
    qint64 m_lastDrawMs = 0;
    bool m_drawn = false;
};

}  // namespace adstudio::cli
