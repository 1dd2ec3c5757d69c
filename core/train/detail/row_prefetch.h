// SPDX-License-Identifier: MIT
// Private to core/train: asking for embedding-table rows before a loop reaches them.
#pragma once

#include <cstdint>

namespace adstudio::detail {

// The rows a step touches lie scattered over tables of tens of MB (a 200,000-user NeuMF: 25 MB
// per buffer), so each is a cache miss; a loop that asks for the row this many iterations
// ahead keeps several misses in flight instead of one.
constexpr std::int64_t kRowsAhead = 8;

inline void prefetchRow(const float* row, std::int64_t width) {
    const auto* bytes = reinterpret_cast<const char*>(row);
    for (std::int64_t at = 0; at < width * std::int64_t(sizeof(float)); at += 64)
        __builtin_prefetch(bytes + at);
}

}  // namespace adstudio::detail
