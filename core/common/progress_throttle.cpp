// SPDX-License-Identifier: MIT
#include "common/progress_throttle.h"

#include <mutex>

namespace adstudio {

ProgressFn throttledProgress(ProgressFn forward, std::chrono::milliseconds interval) {
    struct State {
        std::mutex mutex;
        QString stage;
        std::chrono::steady_clock::time_point last{};
        bool any = false;
    };
    auto state = std::make_shared<State>();
    return [forward = std::move(forward), state, interval](const Progress& p) {
        if (!forward) return;
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard<std::mutex> lock(state->mutex);
            const bool pass = !state->any || p.stage != state->stage || p.fraction >= 1.0 ||
                              now - state->last >= interval;
            if (!pass) return;
            state->any = true;
            state->stage = p.stage;
            state->last = now;
        }
        forward(p);
    };
}

}  // namespace adstudio
