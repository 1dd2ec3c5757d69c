// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "train/distributed.h"

#include <QProcess>
#include <QStringList>

#include <memory>
#include <vector>

namespace adstudio {

// The other ranks of a data-parallel run on this machine: ranks 1..N-1 as child processes of
// `adstudio-cli`, told their rank, the world size and the rendezvous file; the process that
// starts them is rank 0 (the CLI's `--workers N`, the GUI's Train page). Create, wait for and
// stop them on one thread (QProcess belongs to the thread that made it).
class LocalRanks {
public:
    LocalRanks() = default;
    LocalRanks(LocalRanks&&) = default;
    LocalRanks& operator=(LocalRanks&&) = default;
    ~LocalRanks();

    // Starts `program` with `common` plus each rank's own options (--rank, --world-size,
    // --store, --threads) for ranks 1..worldSize-1 of `settings` (rank 0 is this process),
    // after removing a crashed run's stale rendezvous file.
    static Result<LocalRanks> start(const QString& program, const QStringList& common,
                                    const DistributedSettings& settings, int threads);
    // Waits for every rank to end (each up to the settings' timeout) and removes the rendezvous
    // file; the first that failed, with the tail of what it printed. Nothing to wait for: ok.
    Status finish();
    // Ends the ranks at once (rank 0 failed: they would only wait for it).
    void stop();
    // Rank 0 failed with `leader`: the ranks are stopped, and the error names a rank that had
    // failed on its own first (its last output), since that is what to fix.
    Error stopAfter(Error leader);
    int count() const { return int(m_children.size()); }

private:
    std::vector<std::unique_ptr<QProcess>> m_children;
    QString m_storeFile;
    int m_timeoutMs = 0;
};

// `adstudio-cli` beside the running program (the GUI's worker ranks), or $ADSTUDIO_CLI.
QString commandLineProgram();

// What to tell someone who starts `ranks` processes on this machine while fewer cores are idle
// (sampled over 200 ms); empty when they are, or when /proc/stat cannot be read. The ranks meet
// after every batch, so a core another program holds delays them all.
QString busyCoresWarning(int ranks);

}  // namespace adstudio
