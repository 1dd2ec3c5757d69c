// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "project/project.h"
#include "serving/http_api.h"
#include "serving_options.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <unistd.h>
#include <csignal>
#include <cstdio>

namespace adstudio::cli {

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// SIGINT and SIGTERM end the event loop; the engine then commits its log.
void quitOnSignals() {
    if (::pipe(signalPipe) != 0) return;
    auto* notifier =
        new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, [] { QCoreApplication::quit(); });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int runServe(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption project("project", "Project folder (written by run).", "DIR");
    const QCommandLineOption host("host", "Address to listen on (default 127.0.0.1).", "ADDRESS",
                                  "127.0.0.1");
    const QCommandLineOption port("port", "Port (default 8080; 0: any free one).", "N", "8080");
    const QCommandLineOption tokenFile(
        "token-file", "File holding the bearer token clients must send (required off loopback).",
        "FILE");
    const QCommandLineOption log("log", "Event log (default PROJECT/events/events.jsonl).", "FILE");
    const QCommandLineOption wait(
        "reward-wait",
        "Seconds a decision waits for its reward before the default 0 (default 600).", "S", "600");
    const QCommandLineOption flushMs(
        "flush-ms", "Group commit interval of the event log in ms (default 20).", "MS", "20");
    const QCommandLineOption allNotRejected(
        "all-not-rejected",
        "Serve every creative not rejected, and keep that as the project's setting.");
    ServingOptionSet bandit;
    parser.addOptions({project, host, port, tokenFile, log, wait, flushMs, allNotRejected});
    bandit.addTo(parser);
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Serve a project's creatives over HTTP and learn from rewards.", &exitCode))
        return exitCode;
    if (!parser.isSet(project)) return usageError("serve needs --project DIR");
    ServingSettings settings;
    if (const QString problem = bandit.read(parser, &settings); !problem.isEmpty())
        return usageError(problem);
    bool ok = false;
    settings.rewardWaitSeconds = parser.value(wait).toDouble(&ok);
    if (!ok || settings.rewardWaitSeconds <= 0)
        return usageError("--reward-wait takes a number of seconds > 0");
    settings.flushIntervalMs = parser.value(flushMs).toInt(&ok);
    if (!ok || settings.flushIntervalMs < 1)
        return usageError("--flush-ms takes a whole number >= 1");
    HttpServingOptions http;
    http.host = parser.value(host);
    const int portNumber = parser.value(port).toInt(&ok);
    if (!ok || portNumber < 0 || portNumber > 65535) return usageError("--port takes 0-65535");
    http.port = quint16(portNumber);
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (!file.open(QIODevice::ReadOnly))
            return reportError(makeError(file.fileName(), 0, 0, "cannot read the token file",
                                         "check the path and its permissions"));
        http.token = QString::fromUtf8(file.readAll()).trimmed();
        if (http.token.size() < 16)
            return reportError(
                makeError(file.fileName(), 1, 0, "the token is shorter than 16 characters",
                          "write a long random token, e.g. `openssl rand -hex 32 > FILE`"));
    }

    auto opened = Project::open(parser.value(project));
    if (!opened) return reportError(opened.error());
    // Which creatives may be shown is the project's setting; these flags change it for good.
    if (parser.isSet(bandit.approvedOnly) && parser.isSet(allNotRejected))
        return usageError("--approved-only and --all-not-rejected exclude each other");
    if (parser.isSet(bandit.approvedOnly) || parser.isSet(allNotRejected)) {
        if (const Status saved = opened->setServeApprovedOnly(parser.isSet(bandit.approvedOnly));
            !saved)
            return reportError(saved.error());
    }
    settings.approvedOnly = false;
    const QString logPath = parser.isSet(log) ? parser.value(log) : opened->eventLogPath();
    QStringList warnings;
    auto engine = DecisionEngine::open(opened->folder(), logPath, settings, &warnings);
    for (const auto& warning : warnings) std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
    if (!engine) return reportError(engine.error());
    auto server = ServingHttpServer::start(engine->get(), http);
    if (!server) return reportError(server.error());
    quitOnSignals();
    const auto counters = (*engine)->counters();
    std::fprintf(stderr, "%lld decisions replayed from %s\n",
                 static_cast<long long>(counters.decisions), qPrintable(logPath));
    printText(QString("listening on http://%1:%2 (sizes %3; Ctrl+C stops)\n")
                  .arg(http.host)
                  .arg((*server)->port())
                  .arg((*engine)->sizes().join(", ")));
    const int code = QCoreApplication::exec();
    server->reset();
    if (const Status flushed = (*engine)->flush(); !flushed) return reportError(flushed.error());
    engine->reset();
    std::fprintf(stderr, "stopped; the event log is on disk\n");
    return code == 0 ? kOk : kRuntimeError;
}

}  // namespace adstudio::cli
