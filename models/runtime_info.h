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
// CPUs nobody uses right now (the idle share of /proc/stat over `sampleMs`, times the CPUs
// online); -1 when it cannot be read.
double idleCpus(int sampleMs);
// The intra-op threads to use now: `requested` when > 0, else the usable CPUs that are idle (at
// least one). On a machine busy elsewhere every OpenMP barrier waits for threads the scheduler
// pre-empted, so fewer threads finish sooner: beside `stress-ng --cpu 2` on 2 cores the main
// job took 3.1x its time alone with 2 threads.
int threadsForNow(int requested);
// Sets LibTorch's intra-op threads to threadsForNow(requested) (LibTorch here defaults to 1).
int configureThreads(int requested);
// Called at each epoch: with `requested` 0, follows the machine's load (threadsForNow). An
// explicit count is kept, so `--threads N` gives bit-identical results for a seed.
int adaptThreads(int requested);
// Keeps large freed blocks in the heap instead of unmapping them (called by configureThreads).
void tuneAllocator();

}  // namespace adstudio::models
