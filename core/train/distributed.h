// SPDX-License-Identifier: MIT
#pragma once
// Data-parallel training over processes on LibTorch's c10d with the Gloo backend: every rank
// holds the whole model, takes its share of each global batch and the gradients are summed
// (all-reduce) before every optimizer step, so the ranks stay identical and the run equals one
// process with the same global batch (within float rounding).
#include <QString>

namespace adstudio {

struct DistributedSettings {
    int worldSize = 1;
    int rank = 0;
    // Rendezvous. One machine: a c10d FileStore at `storeFile` (no network listener; Gloo's
    // own connections bind to 127.0.0.1). Several machines: `master` "host:port" of rank 0's
    // TCPStore, Gloo binding to `interfaceHost`.
    QString storeFile;
    QString master;
    QString interfaceHost = QStringLiteral("127.0.0.1");
    // A shared secret every rank must present; empty: none (one machine).
    QString token;
    // How long a collective waits for a rank that stopped before failing the others.
    int timeoutSeconds = 60;

    bool active() const { return worldSize > 1; }
    bool isLeader() const { return rank == 0; }
};

}  // namespace adstudio
