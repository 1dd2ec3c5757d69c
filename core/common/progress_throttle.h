// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"

#include <chrono>

namespace adstudio {

// Progress passed on at most once per `interval`; a new stage, the end of a stage and the first
// report always pass. Jobs report per batch (thousands a second); a window repaints at 20 Hz.
// The returned function is safe to call from any one worker thread at a time.
ProgressFn throttledProgress(ProgressFn forward,
                             std::chrono::milliseconds interval = std::chrono::milliseconds(50));

}  // namespace adstudio
