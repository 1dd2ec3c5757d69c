// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QString>

namespace adstudio {

// Where training and inference run: the GPU when LibTorch sees one (auto), or as chosen.
enum class DevicePreference { Auto, Cpu, Cuda };
bool parseDevicePreference(const QString& text, DevicePreference* out);

// Applies from the next model built on; an error when CUDA is asked for and LibTorch sees no
// GPU (Debian's LibTorch is CPU-only: docs/gpu.md says how to build against a CUDA one).
Status setDevicePreference(DevicePreference preference);
bool cudaAvailable();
// "cuda" or "cpu": what the preference resolves to on this machine.
QString activeDeviceName();

}  // namespace adstudio
