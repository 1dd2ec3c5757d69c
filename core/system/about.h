// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace adstudio {

// Versions and the numeric runtime, for `--version` and the About box.
struct AboutInfo {
    QString adstudio;
    QString qt;
    QString torch;
    QString opencv;
    QString blas;      // e.g. "OpenBLAS (OpenMP)"
    QString blasPath;  // library that provides sgemm_
    int threads = 1;
    int usableCpus = 1;
    QString openMpWait;
    bool cuda = false;
    int cudaDevices = 0;

    QString toText() const;
};

AboutInfo aboutInfo();
// Call first in every main() that computes: restarts the process once so that OpenMP threads
// sleep instead of spinning when they wait (they share the CPUs with other programs).
void prepareComputeProcess(char** argv);
// Sets the compute threads for LibTorch (0: the CPUs this process may use); returns what is in effect.
int setComputeThreads(int threads);

}  // namespace adstudio
