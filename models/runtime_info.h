// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace adstudio::models {

// What the numeric runtime is: shown by `adstudio-cli --version` and the About box, because
// Debian's LibTorch on the reference BLAS is 20-30x slower than on OpenBLAS.
struct RuntimeInfo {
    std::string torchVersion;
    std::string blasLibrary;  // resolved path of the library providing sgemm_
    std::string blasName;     // "OpenBLAS (OpenMP)", "reference BLAS", ...
    int threads = 1;
    bool cudaAvailable = false;
    int cudaDevices = 0;
};

RuntimeInfo runtimeInfo();
// Sets LibTorch's intra-op threads; 0 means all hardware threads (LibTorch here defaults to 1).
int configureThreads(int requested);
// Keeps large freed blocks in the heap instead of unmapping them (called by configureThreads).
void tuneAllocator();

}  // namespace adstudio::models
