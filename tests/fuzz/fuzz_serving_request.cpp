// SPDX-License-Identifier: MIT
// libFuzzer target: the bodies clients POST to the serving API (/v1/rank and the reward of an
// event). Any bytes must give a request or a 4xx with a reason; a rank request always names a
// size and a reward a known kind.
#include "serving/request_parse.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray body(reinterpret_cast<const char*>(data), int(size));
    constexpr qint64 kLimit = 2048;  // small, so the size limit is reached too
    adstudio::DecisionRequest rank;
    if (auto error = adstudio::parseRankBody(body, kLimit, &rank)) {
        if (error->status < 400 || error->status > 499 || error->what.isEmpty()) std::abort();
    } else if (rank.size.isEmpty()) {
        std::abort();
    }
    adstudio::RewardRequest reward;
    if (auto error = adstudio::parseRewardBody(body, kLimit, &reward)) {
        if (error->status < 400 || error->status > 499 || error->what.isEmpty()) std::abort();
    } else if (reward.kind != adstudio::RewardKind::Click &&
               reward.kind != adstudio::RewardKind::Conversion) {
        std::abort();
    }
    return 0;
}
