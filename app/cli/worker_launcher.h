// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QProcess>
#include <QStringList>

#include <memory>
#include <vector>

namespace adstudio::cli {

// The other ranks of a data-parallel run on this machine (`train --workers N`): ranks 1..N-1
// started as child processes running the same command without --workers, told their rank, the
// world size and the rendezvous file; this process is rank 0.
class LocalWorkers {
public:
    LocalWorkers() = default;
    LocalWorkers(LocalWorkers&&) = default;
    LocalWorkers& operator=(LocalWorkers&&) = default;
    ~LocalWorkers();

    // `command` and `options` as given to this process (options may hold --workers N).
    static Result<LocalWorkers> start(const QString& command, const QStringList& options,
                                      int workers, const QString& storeFile, int threads);
    // Waits for every rank to end; the first that failed, with the tail of what it printed.
    Status finish(int timeoutMs);
    // Ends the ranks at once (rank 0 failed: they would only wait for it).
    void stop();
    int count() const { return int(m_children.size()); }

private:
    std::vector<std::unique_ptr<QProcess>> m_children;
};

// The options without `--NAME VALUE` / `--NAME=VALUE`.
QStringList withoutOption(const QStringList& options, const QString& name);

}  // namespace adstudio::cli
