// SPDX-License-Identifier: MIT
#include "train/compute_device.h"

#include "train/detail/torch_support.h"

#include <atomic>

namespace adstudio {
namespace {

std::atomic<DevicePreference> g_preference{DevicePreference::Auto};

}  // namespace

bool parseDevicePreference(const QString& text, DevicePreference* out) {
    if (text == QLatin1String("auto"))
        *out = DevicePreference::Auto;
    else if (text == QLatin1String("cpu"))
        *out = DevicePreference::Cpu;
    else if (text == QLatin1String("cuda"))
        *out = DevicePreference::Cuda;
    else
        return false;
    return true;
}

Status setDevicePreference(DevicePreference preference) {
    if (preference == DevicePreference::Cuda && !cudaAvailable())
        return makeError("LibTorch", 0, 0, "CUDA was asked for and it sees no GPU",
                         "use --device auto or cpu, or build against a CUDA-enabled LibTorch "
                         "(docs/gpu.md)");
    g_preference = preference;
    return {};
}

bool cudaAvailable() {
    return torch::cuda::is_available();
}

QString activeDeviceName() {
    return detail::trainingDevice().is_cuda() ? QStringLiteral("cuda") : QStringLiteral("cpu");
}

namespace detail {

torch::Device trainingDevice() {
    const DevicePreference preference = g_preference;
    const bool cuda = preference == DevicePreference::Cuda ||
                      (preference == DevicePreference::Auto && torch::cuda::is_available());
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

}  // namespace detail
}  // namespace adstudio
