// SPDX-License-Identifier: MIT
#include "runtime_info.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <algorithm>
#include <thread>

#include <malloc.h>

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
    return path.empty() ? "built into LibTorch" : "unknown";
}

}  // namespace

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

int configureThreads(int requested) {
    tuneAllocator();
    const int threads =
        requested > 0 ? requested : std::max(1, int(std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

}  // namespace adstudio::models
