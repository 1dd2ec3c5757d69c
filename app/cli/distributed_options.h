// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "train/distributed.h"
#include "train/local_ranks.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

namespace adstudio::cli {

// The options of data-parallel training, shared by train and train-gan: --workers N on this
// machine, or --world-size/--rank/--master/--store/--token-file/--rank-timeout across machines.
class DistributedOptions {
public:
    DistributedOptions();
    void addTo(QCommandLineParser& parser) const;
    // Fills `settings`; with --workers, one compute thread per rank unless --threads was given.
    // Returns an empty string or the usage error to print.
    QString read(const QCommandLineParser& parser, const QString& outDir, bool threadsChosen,
                 DistributedSettings* settings, int* threads) const;
    // The secret of --token-file into `settings` (nothing without the option).
    Status readToken(const QCommandLineParser& parser, DistributedSettings* settings) const;
    // --workers N with N > 1: this process starts the other ranks.
    bool startsLocalRanks(const QCommandLineParser& parser, const DistributedSettings& s) const {
        return s.active() && parser.isSet(m_workers);
    }

private:
    QCommandLineOption m_workers, m_worldSize, m_rank, m_master, m_store, m_tokenFile,
        m_rankTimeout;
};

// The output folder --workers creates before the data is read (the ranks meet through a file
// in it): removed again when the run leaves it empty (a data error), kept otherwise. Declare it
// before the LocalRanks, whose end removes that file.
class CreatedFolderGuard {
public:
    explicit CreatedFolderGuard(QString dir)
        : m_dir(std::move(dir)), m_created(!QFileInfo::exists(m_dir)) {}
    ~CreatedFolderGuard() {
        if (m_created) QDir().rmdir(m_dir);  // only an empty folder goes
    }
    CreatedFolderGuard(const CreatedFolderGuard&) = delete;
    CreatedFolderGuard& operator=(const CreatedFolderGuard&) = delete;

private:
    QString m_dir;
    bool m_created;
};

// --workers N: ranks 1..N-1 of the command this process runs (`arguments` as it was given: the
// command name first), each with one rank's options instead of --workers and --threads.
Result<LocalRanks> startLocalRanks(const QStringList& arguments,
                                   const DistributedSettings& settings, int threads);

// For a data-parallel run's metrics.json: a line with its ranks, the share of training spent
// communicating and the bytes per step, with advice when communication dominates; empty for one
// process.
QString communicationSummary(const QJsonObject& metrics);

}  // namespace adstudio::cli
