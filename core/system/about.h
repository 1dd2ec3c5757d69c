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
    bool cuda = false;
    int cudaDevices = 0;

    QString toText() const;
};

AboutInfo aboutInfo();
// Sets the compute threads for LibTorch (0: all cores); returns what is in effect.
int setComputeThreads(int threads);

}  // namespace adstudio
