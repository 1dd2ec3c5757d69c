// SPDX-License-Identifier: MIT
#include "distributed_options.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSysInfo>

#include <cstdio>

namespace adstudio::cli {

DistributedOptions::DistributedOptions()
    : m_workers("workers",
                "Data-parallel training in N processes on this machine (1 thread each unless "
                "--threads), gradients all-reduced with Gloo; the same model as one process.",
                "N"),
      m_worldSize("world-size", "Ranks of a data-parallel run.", "N"),
      m_rank("rank", "This process's rank (0 writes the model).", "R"),
      m_master("master", "host:port of rank 0's rendezvous (several machines).", "HOST:PORT"),
      m_store("store", "Rendezvous file of ranks on one machine.", "FILE"),
      m_tokenFile("token-file", "Shared secret every rank must hold.", "F"),
      m_rankTimeout("rank-timeout",
                    "Seconds a rank waits for the others before failing (default 60).", "S") {}

void DistributedOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions(
        {m_workers, m_worldSize, m_rank, m_master, m_store, m_tokenFile, m_rankTimeout});
}

QString DistributedOptions::read(const QCommandLineParser& parser, const QString& outDir,
                                 bool threadsChosen, DistributedSettings* settings,
                                 int* threads) const {
    DistributedSettings& s = *settings;
    if (parser.isSet(m_workers)) {
        bool ok = false;
        const int local = parser.value(m_workers).toInt(&ok);
        if (!ok || local < 1 || local > 64) return "--workers takes 1 to 64 processes";
        if (parser.isSet(m_worldSize)) return "--workers starts its own ranks: drop --world-size";
        if (local > 1) {
            s.worldSize = local;
            s.storeFile = QDir(outDir).filePath(".rendezvous");
            if (!threadsChosen) *threads = 1;
        }
    } else if (parser.isSet(m_worldSize)) {
        bool okSize = false, okRank = false;
        s.worldSize = parser.value(m_worldSize).toInt(&okSize);
        s.rank = parser.value(m_rank).toInt(&okRank);
        if (!okSize || !okRank || s.rank < 0 || s.rank >= s.worldSize)
            return "--world-size N needs --rank R with 0 <= R < N";
        s.storeFile = parser.value(m_store);
        s.master = parser.value(m_master);
        if (s.master.isEmpty() && s.storeFile.isEmpty())
            return "--world-size needs --master HOST:PORT (or --workers N on one machine)";
        const bool loopback =
            s.master.startsWith("127.0.0.1:") || s.master.startsWith("localhost:");
        if (!s.master.isEmpty() && !loopback) {
            if (!parser.isSet(m_tokenFile))
                return "--master on another address needs --token-file (a shared secret)";
            // Gloo's connections go out on the address other machines reach this one by.
            s.interfaceHost = QSysInfo::machineHostName();
        }
    }
    if (parser.isSet(m_rankTimeout))
        s.timeoutSeconds = std::max(1, parser.value(m_rankTimeout).toInt());
    return {};
}

Status DistributedOptions::readToken(const QCommandLineParser& parser,
                                     DistributedSettings* settings) const {
    if (!parser.isSet(m_tokenFile)) return {};
    QFile secret(parser.value(m_tokenFile));
    if (!secret.open(QIODevice::ReadOnly))
        return makeError(secret.fileName(), 0, 0, "cannot read the token file",
                         "give a file holding the shared secret");
    settings->token = QString::fromUtf8(secret.readAll()).trimmed();
    return {};
}

namespace {

// The options without `--NAME VALUE` / `--NAME=VALUE`.
QStringList withoutOption(const QStringList& options, const QString& name) {
    QStringList out;
    const QString flag = "--" + name;
    for (int i = 0; i < options.size(); ++i) {
        if (options[i] == flag) {
            ++i;  // its value
            continue;
        }
        if (options[i].startsWith(flag + "=")) continue;
        out << options[i];
    }
    return out;
}

}  // namespace

Result<LocalRanks> startLocalRanks(const QStringList& arguments,
                                   const DistributedSettings& settings, int threads) {
    const QStringList options =
        withoutOption(withoutOption(arguments.mid(1), "workers"), "threads");
    if (const QString busy = busyCoresWarning(settings.worldSize); !busy.isEmpty())
        std::fprintf(stderr, "warning: %s\n", qPrintable(busy));
    return LocalRanks::start(QCoreApplication::applicationFilePath(),
                             QStringList{arguments.at(0).section(' ', -1)} + options, settings,
                             threads);
}

QString communicationSummary(const QJsonObject& metrics) {
    const int ranks = metrics.value("world_size").toInt(1);
    const double train = metrics.value("train_seconds").toDouble();
    if (ranks < 2 || train <= 0) return {};
    const double share = metrics.value("communication_seconds").toDouble() / train;
    // The collectives' own share (the wire, and waiting for a slower rank); the rest of it is
    // packing gradients and agreeing on the rows touched.
    const double collectives = metrics.value("collective_seconds").toDouble() / train;
    QString line = QString(
                       "%1 ranks: %2% of training spent communicating (%3% inside the "
                       "collectives), %4 KB per step\n")
                       .arg(ranks)
                       .arg(100 * share, 0, 'f', 0)
                       .arg(100 * collectives, 0, 'f', 0)
                       .arg(metrics.value("allreduce_bytes_per_step").toDouble() / 1024, 0, 'f', 0);
    // Measured (docs/distributed-training.md): past half, the ranks' steps are too cheap to
    // share and one process was faster (NeuMF on ML-100K: 77%, 0.18x of one process).
    if (share > 0.5)
        line +=
            "  communication outweighs the shared work: one process may well be faster; a "
            "larger --batch-size shares more work per step\n";
    return line;
}

}  // namespace adstudio::cli
