// SPDX-License-Identifier: MIT
#include "runtime_info.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>

namespace adstudio::models {

namespace {

std::string describeBlas(const std::string& path) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower.find("openblas") != std::string::npos) {
        if (lower.find("openmp") != std::string::npos) return "OpenBLAS (OpenMP)";
        if (lower.find("pthread") != std::string::npos) return "OpenBLAS (pthreads)";
        return "OpenBLAS";
    }
    if (lower.find("mkl") != std::string::npos) return "Intel MKL";
    if (lower.find("blis") != std::string::npos) return "BLIS";
    if (lower.find("atlas") != std::string::npos) return "ATLAS";
    if (lower.find("/blas/") != std::string::npos)
        return "reference BLAS (slow: install libopenblas0-openmp)";
    // PyTorch's own LibTorch links its BLAS (MKL on x86) into libtorch_cpu.
    if (path.empty() || lower.find("libtorch_cpu") != std::string::npos)
        return "built into LibTorch";
    return "unknown";
}

// CPUs allowed by a cgroup's CPU quota (containers, CI runners), or 0 when unlimited.
int cgroupCpuQuota() {
    // cgroup v2: "max 100000" or "150000 100000" (quota and period in microseconds).
    std::ifstream v2("/sys/fs/cgroup/cpu.max");
    std::string quota;
    long long period = 0;
    if (v2 >> quota >> period) {
        if (quota == "max" || period <= 0) return 0;
        return std::max(1, int(std::ceil(double(std::stoll(quota)) / double(period))));
    }
    // cgroup v1: quota -1 means unlimited.
    std::ifstream quotaFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
    std::ifstream periodFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    long long quotaUs = -1;
    long long periodUs = 0;
    if (quotaFile >> quotaUs && periodFile >> periodUs && quotaUs > 0 && periodUs > 0)
        return std::max(1, int(std::ceil(double(quotaUs) / double(periodUs))));
    return 0;
}

}  // namespace

void restartWithCooperativeOpenMp(char** argv) {
    // GNU OpenMP (the thread pool of Debian's LibTorch and OpenBLAS) reads its wait policy once,
    // when the library loads, before main(). Its default spins at every barrier for a while
    // before sleeping: alone that is fast, but beside another busy process the spinning thread
    // burns the time slice its partner needs (two concurrent demo runs: 51 s alone, not done
    // after 6.5 min together). So the process restarts itself once with a passive policy.
    // A policy the user set (OMP_WAIT_POLICY or GOMP_SPINCOUNT) is respected as it is.
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT")) return;
    if (setenv("OMP_WAIT_POLICY", kCooperativeOpenMpWaitPolicy, 1) != 0) return;
    execv("/proc/self/exe", argv);
    // exec failed (no /proc): run on with the default policy, and say so in --version.
    unsetenv("OMP_WAIT_POLICY");
}

int usableCpuCount() {
    int cpus = int(std::thread::hardware_concurrency());
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) cpus = CPU_COUNT(&allowed);
    const int quota = cgroupCpuQuota();
    if (quota > 0) cpus = std::min(cpus, quota);
    return std::max(1, cpus);
}

RuntimeInfo runtimeInfo() {
    RuntimeInfo info;
    info.torchVersion = TORCH_VERSION;
    // Whichever library the dynamic linker bound sgemm_ to is the BLAS torch multiplies with.
    if (void* symbol = dlsym(RTLD_DEFAULT, "sgemm_")) {
        Dl_info where{};
        if (dladdr(symbol, &where) && where.dli_fname) {
            char resolved[4096];
            info.blasLibrary = realpath(where.dli_fname, resolved) ? resolved : where.dli_fname;
        }
    }
    info.blasName = describeBlas(info.blasLibrary);
    info.threads = torch::get_num_threads();
    info.usableCpus = usableCpuCount();
    if (const char* policy = std::getenv("OMP_WAIT_POLICY")) {
        info.openMpWait = std::string(policy);
    } else if (const char* spins = std::getenv("GOMP_SPINCOUNT")) {
        info.openMpWait = "spin count " + std::string(spins);
    } else {
        info.openMpWait = "default (spins at barriers; slow beside other busy processes)";
    }
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDevices = info.cudaAvailable ? int(torch::cuda::device_count()) : 0;
    return info;
}

void tuneAllocator() {
    // glibc serves blocks over 128 KiB with fresh mmap()s and returns them on free, so every
    // batch's activations page-faulted anew (9% of DeepFM's training time in perf). Keeping
    // freed memory in the heap makes the next batch reuse it.
    static const bool once = [] {
        mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
        return true;
    }();
    (void)once;
}

namespace {

struct CpuTimes {
    unsigned long long idle = 0, total = 0;
};

// The first line of /proc/stat: jiffies of all CPUs together since boot.
bool readCpuTimes(CpuTimes* out) {
    std::ifstream stat("/proc/stat");
    std::string label;
    if (!(stat >> label) || label != "cpu") return false;
    unsigned long long value = 0;
    for (int field = 0; field < 8 && stat >> value; ++field) {
        out->total += value;
        if (field == 3 || field == 4) out->idle += value;  // idle, iowait
    }
    return out->total > 0;
}

}  // namespace

double idleCpus(int sampleMs) {
    CpuTimes before, after;
    if (!readCpuTimes(&before)) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(sampleMs));
    if (!readCpuTimes(&after) || after.total <= before.total) return -1;
    const double idleShare = double(after.idle - before.idle) / double(after.total - before.total);
    return idleShare * double(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
}

int threadsForNow(int requested) {
    if (requested > 0) return requested;
    const int usable = usableCpuCount();
    if (usable <= 1) return 1;
    const double idle = idleCpus(50);
    if (idle < 0) return usable;
    return std::clamp(int(std::lround(idle)), 1, usable);
}

int configureThreads(int requested) {
    tuneAllocator();
    torch::set_num_threads(threadsForNow(requested));
    return torch::get_num_threads();
}

int adaptThreads(int requested) {
    if (requested > 0) return torch::get_num_threads();
    const int threads = threadsForNow(0);
    if (threads != torch::get_num_threads()) torch::set_num_threads(threads);
    return threads;
}

}  // namespace adstudio::models
