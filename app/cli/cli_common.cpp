// SPDX-License-Identifier: MIT
#include "cli_common.h"

#include "train/compute_device.h"

#include <QDateTime>
#include <QJsonDocument>

#include <unistd.h>
#include <cstdio>

namespace adstudio::cli {

bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& usage,
                    int* exitCode) {
    parser.setApplicationDescription(usage);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        *exitCode = usageError(parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        printText(parser.helpText());
        *exitCode = kOk;
        return false;
    }
    return true;
}

QCommandLineOption deviceOption() {
    return QCommandLineOption("device",
                              "auto (the GPU when LibTorch sees one), cpu or cuda (default auto).",
                              "NAME", "auto");
}

int applyDeviceOption(const QCommandLineParser& parser, const QCommandLineOption& option) {
    DevicePreference preference;
    if (!parseDevicePreference(parser.value(option), &preference))
        return usageError("--device is auto, cpu or cuda");
    if (Status set = setDevicePreference(preference); !set) return reportError(set.error());
    return kOk;
}

int usageError(const QString& message) {
    std::fprintf(stderr, "error: %s\n(run with --help for usage)\n", qPrintable(message));
    return kUsageError;
}

QString remedyFlag(const Remedy& remedy) {
    switch (remedy.kind) {
        case Remedy::Kind::MapColumn:
            return remedy.column.isEmpty()
                       ? QStringLiteral("--column NAME=%1").arg(remedy.value)
                       : QStringLiteral("--column '%1=%2'").arg(remedy.column, remedy.value);
        case Remedy::Kind::SetAsideBadRows:
            return QStringLiteral("--set-aside-bad-rows");
        case Remedy::Kind::ReadAsLatin1:
            return QStringLiteral("--encoding latin1");
        case Remedy::Kind::UseDelimiter:
            return QStringLiteral("--delimiter %1").arg(remedy.value);
        case Remedy::Kind::SetSetting:
            return QStringLiteral("--%1 %2").arg(QString(remedy.column).replace('_', '-'),
                                                 remedy.value);
        case Remedy::Kind::StartAfresh:
            return QStringLiteral("the same command without --resume");
    }
    return {};
}

int reportError(const Error& error) {
    std::fprintf(stderr, "error: %s\n", error.toString().toLocal8Bit().constData());
    // Core says what to do in plain words; here are the flags that do it.
    QStringList flags;
    for (const Remedy& remedy : error.remedies) flags << remedyFlag(remedy);
    if (!flags.isEmpty())
        std::fprintf(stderr, "try: %s\n",
                     flags.join(QStringLiteral("  or  ")).toLocal8Bit().constData());
    return kRuntimeError;
}

void printJson(const QJsonObject& object) {
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printText(const QString& text) {
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

TerminalProgress::TerminalProgress() : m_enabled(isatty(fileno(stderr)) != 0) {}

TerminalProgress::~TerminalProgress() {
    if (m_drawn) std::fputs("\r\033[K", stderr);
}

JobContext TerminalProgress::context() {
    JobContext job;
    if (!m_enabled) return job;
    job.progress = [this](const Progress& p) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - m_lastDrawMs < 100 && p.fraction < 1.0) return;
        m_lastDrawMs = now;
        m_drawn = true;
        const int width = 30;
        const int filled = p.fraction < 0 ? 0 : int(p.fraction * width);
        std::fprintf(stderr, "\r\033[K%-16s [%s%s] %3d%%", qPrintable(p.stage),
                     QByteArray(filled, '#').constData(),
                     QByteArray(width - filled, '.').constData(),
                     int(std::max(0.0, p.fraction) * 100));
        std::fflush(stderr);
    };
    return job;
}

}  // namespace adstudio::cli
