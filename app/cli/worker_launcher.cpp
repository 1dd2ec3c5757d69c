// SPDX-License-Identifier: MIT
#include "worker_launcher.h"

#include <QCoreApplication>

namespace adstudio::cli {

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

LocalWorkers::~LocalWorkers() {
    stop();
}

Result<LocalWorkers> LocalWorkers::start(const QString& command, const QStringList& options,
                                         int workers, const QString& storeFile, int threads) {
    LocalWorkers out;
    const QStringList base = withoutOption(withoutOption(options, "workers"), "threads");
    for (int rank = 1; rank < workers; ++rank) {
        auto child = std::make_unique<QProcess>();
        child->setProcessChannelMode(QProcess::MergedChannels);
        child->start(QCoreApplication::applicationFilePath(),
                     QStringList{command} + base +
                         QStringList{"--rank", QString::number(rank), "--world-size",
                                     QString::number(workers), "--store", storeFile, "--threads",
                                     QString::number(threads)});
        if (!child->waitForStarted(10000))
            return makeError(
                QCoreApplication::applicationFilePath(), 0, 0,
                QString("cannot start rank %1: %2").arg(rank).arg(child->errorString()),
                "check that the program can run");
        out.m_children.push_back(std::move(child));
    }
    return out;
}

Status LocalWorkers::finish(int timeoutMs) {
    Status result;
    for (std::size_t i = 0; i < m_children.size(); ++i) {
        QProcess& child = *m_children[i];
        if (!child.waitForFinished(timeoutMs)) child.kill();
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
    return result;
}

void LocalWorkers::stop() {
    for (auto& child : m_children) {
        if (child->state() != QProcess::NotRunning) {
            child->kill();
            child->waitForFinished(2000);
        }
    }
    m_children.clear();
}

}  // namespace adstudio::cli
