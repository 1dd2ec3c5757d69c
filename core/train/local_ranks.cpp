// SPDX-License-Identifier: MIT
#include "train/local_ranks.h"

#include "runtime_info.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace adstudio {

QString commandLineProgram() {
    // ADSTUDIO_CLI: where the program is elsewhere (the tests, a relocated install).
    const QString given = qEnvironmentVariable("ADSTUDIO_CLI");
    return given.isEmpty() ? QDir(QCoreApplication::applicationDirPath()).filePath("adstudio-cli")
                           : given;
}

QString busyCoresWarning(int ranks) {
    if (ranks < 2) return {};
    const double idle = models::idleCpus(200);
    if (idle < 0 || idle + 0.5 >= ranks) return {};
    // Measured (docs/distributed-training.md, session 22): beside `stress-ng --cpu 1` on 2
    // cores, 2 processes trained at 0.38-0.90x of one process (samples or images per second).
    return QString(
               "%1 processes, but only %2 of %3 cores are idle: the processes wait for each "
               "other after every batch, so a core another program holds slows them all "
               "(2 processes beside one busy core of 2: 0.4-0.9x one process); fewer "
               "processes, or one, may finish sooner")
        .arg(ranks)
        .arg(idle, 0, 'f', 1)
        .arg(models::usableCpuCount());
}

LocalRanks::~LocalRanks() {
    stop();
}

Result<LocalRanks> LocalRanks::start(const QString& program, const QStringList& common,
                                     const DistributedSettings& settings, int threads) {
    LocalRanks out;
    out.m_storeFile = settings.storeFile;
    out.m_timeoutMs = settings.timeoutSeconds * 1000;
    QFile::remove(settings.storeFile);  // a crashed run's rendezvous is stale
    const int worldSize = settings.worldSize;
    for (int rank = 1; rank < worldSize; ++rank) {
        auto child = std::make_unique<QProcess>();
        child->setProcessChannelMode(QProcess::MergedChannels);
        child->start(program,
                     common + QStringList{"--rank", QString::number(rank), "--world-size",
                                          QString::number(worldSize), "--store", settings.storeFile,
                                          "--threads", QString::number(threads)});
        if (!child->waitForStarted(10000))
            return makeError(
                program, 0, 0,
                QString("cannot start rank %1: %2").arg(rank).arg(child->errorString()),
                "check that the program can run");
        out.m_children.push_back(std::move(child));
    }
    return out;
}

Status LocalRanks::finish() {
    if (m_children.empty()) return {};
    Status result;
    for (std::size_t i = 0; i < m_children.size(); ++i) {
        QProcess& child = *m_children[i];
        if (!child.waitForFinished(m_timeoutMs)) child.kill();
        child.waitForFinished(1000);
        if (result && (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)) {
            const QString said = QString::fromUtf8(child.readAll()).trimmed().right(600);
            result = makeError({}, 0, 0,
                               QString("rank %1 failed (exit %2): %3")
                                   .arg(i + 1)
                                   .arg(child.exitCode())
                                   .arg(said.isEmpty() ? QStringLiteral("no output") : said),
                               "restart with --resume to continue from the last checkpoint");
        }
    }
    m_children.clear();
    QFile::remove(m_storeFile);
    return result;
}

Error LocalRanks::stopAfter(Error leader) {
    for (std::size_t i = 0; i < m_children.size() && !leader.cancelled; ++i) {
        QProcess& child = *m_children[i];
        // A rank that ended by itself is the likelier cause: rank 0 then only saw it missing.
        if (child.state() != QProcess::NotRunning && !child.waitForFinished(200)) continue;
        if (child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0) continue;
        const QString said = QString::fromUtf8(child.readAll()).trimmed().right(600);
        leader.what = QString("rank %1 failed (exit %2): %3 (rank 0: %4)")
                          .arg(i + 1)
                          .arg(child.exitCode())
                          .arg(said.isEmpty() ? QStringLiteral("no output") : said, leader.what);
        break;
    }
    stop();
    return leader;
}

void LocalRanks::stop() {
    for (auto& child : m_children) {
        if (child->state() != QProcess::NotRunning) {
            child->kill();
            child->waitForFinished(2000);
        }
    }
    m_children.clear();
    if (!m_storeFile.isEmpty()) QFile::remove(m_storeFile);  // the rendezvous of a stopped run
}

}  // namespace adstudio
