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
    int usableCpus = 1;      // affinity mask and cgroup quota applied
    std::string openMpWait;  // the OpenMP wait policy in force
    bool cudaAvailable = false;
    int cudaDevices = 0;
};

RuntimeInfo runtimeInfo();

// The OpenMP wait policy AdStudio runs under unless the user set one (see the .cpp for why).
inline constexpr const char* kCooperativeOpenMpWaitPolicy = "PASSIVE";
// Call first in main(): re-executes the process with kCooperativeOpenMpWaitPolicy when neither
// OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set. Returns only when no restart happened.
void restartWithCooperativeOpenMp(char** argv);
// The CPUs this process may really run on: its affinity mask, capped by a cgroup CPU quota.
int usableCpuCount();
// Sets LibTorch's intra-op threads; 0 means usableCpuCount() (LibTorch here defaults to 1).
int configureThreads(int requested);
// Keeps large freed blocks in the heap instead of unmapping them (called by configureThreads).
void tuneAllocator();

}  // namespace adstudio::models
