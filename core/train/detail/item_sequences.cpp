// SPDX-License-Identifier: MIT
#include "train/detail/item_sequences.h"

#include <algorithm>

namespace adstudio::detail {

std::vector<std::vector<std::int32_t>> itemSequences(const EncodedInteractions& e,
                                                     const std::vector<std::int64_t>& rows) {
    std::vector<std::vector<std::int64_t>> rowsOf(std::size_t(e.userCount()));
    for (const auto row : rows) rowsOf[std::size_t(e.users[std::size_t(row)])].push_back(row);
    std::vector<std::vector<std::int32_t>> sequences(rowsOf.size());
    for (std::size_t u = 0; u < rowsOf.size(); ++u) {
        auto& userRows = rowsOf[u];
        std::sort(userRows.begin(), userRows.end());
        if (!e.timestamps.empty())
            std::stable_sort(userRows.begin(), userRows.end(), [&](std::int64_t a, std::int64_t b) {
                return e.timestamps[std::size_t(a)] < e.timestamps[std::size_t(b)];
            });
        sequences[u].reserve(userRows.size());
        for (const auto row : userRows) sequences[u].push_back(e.items[std::size_t(row)]);
    }
    return sequences;
}

std::vector<float> recencyWeightedHistory(const std::vector<std::vector<std::int32_t>>& sequences,
                                          int items, const SequenceWeighting& weighting) {
    std::vector<float> history(sequences.size() * std::size_t(items), 0.f);
    for (std::size_t u = 0; u < sequences.size(); ++u) {
        const auto& s = sequences[u];
        float* row = history.data() + u * std::size_t(items);
        double weight = 1;
        for (auto it = s.rbegin(); it != s.rend(); ++it, weight *= weighting.historyDecay)
            row[*it] = std::max(row[*it], float(weight));
    }
    return history;
}

std::vector<float> recentItems(const std::vector<std::vector<std::int32_t>>& sequences, int items,
                               const SequenceWeighting& weighting) {
    std::vector<float> recent(sequences.size() * std::size_t(items), 0.f);
    for (std::size_t u = 0; u < sequences.size(); ++u) {
        const auto& s = sequences[u];
        float* row = recent.data() + u * std::size_t(items);
        const std::size_t count = std::min(s.size(), std::size_t(weighting.recentItems));
        double weight = 1;
        for (std::size_t k = 0; k < count; ++k, weight *= weighting.recentDecay)
            row[s[s.size() - 1 - k]] += float(weight);
    }
    return recent;
}

std::vector<float> sequentialRules(const std::vector<std::vector<std::int32_t>>& sequences,
                                   int items, const SequenceWeighting& weighting) {
    std::vector<float> rules(std::size_t(items) * std::size_t(items), 0.f);
    const int window = std::max(1, weighting.ruleWindow);
    for (const auto& s : sequences) {
        for (std::size_t a = 0; a < s.size(); ++a) {
            const std::size_t last = std::min(s.size(), a + 1 + std::size_t(window));
            float* row = rules.data() + std::size_t(s[a]) * std::size_t(items);
            for (std::size_t b = a + 1; b < last; ++b)
                if (s[b] != s[a]) row[s[b]] += 1.f - float(b - a - 1) / float(window);
        }
    }
    return rules;
}

}  // namespace adstudio::detail
