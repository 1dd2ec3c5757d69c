// SPDX-License-Identifier: MIT
#include "train/detail/interaction_plan.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

namespace adstudio::detail {
namespace {

constexpr std::uint64_t kTestNegativeSalt = 0x7e57'0000'0000'0001ull;

bool contains(const std::vector<std::int32_t>& sorted, std::int32_t item) {
    return std::binary_search(sorted.begin(), sorted.end(), item);
}

std::vector<std::vector<std::int32_t>> itemsPerUser(const EncodedInteractions& e,
                                                    const std::vector<std::int64_t>& rows) {
    std::vector<std::vector<std::int32_t>> perUser(std::size_t(e.userCount()));
    for (const auto row : rows)
        perUser[std::size_t(e.users[std::size_t(row)])].push_back(e.items[std::size_t(row)]);
    for (auto& items : perUser) {
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
    }
    return perUser;
}

// Grows the id lists (and zero side features) for ids that only the test files know.
std::int32_t ensureId(QStringList& ids, std::vector<std::int32_t>& codes, int codeFields,
                      std::vector<float>& values, int valueFields, const QString& id,
                      QHash<QString, int>& added, int known) {
    if (known >= 0) return known;
    if (const auto it = added.constFind(id); it != added.constEnd()) return *it;
    ids.append(id);
    codes.resize(codes.size() + std::size_t(codeFields), 0);
    values.resize(values.size() + std::size_t(valueFields), 0.f);
    added.insert(id, ids.size() - 1);
    return ids.size() - 1;
}

void addSampledNegatives(EvalSet& set, const std::vector<std::vector<std::int32_t>>& interacted,
                         int items, int perRow, Rng& rng) {
    set.negativesPerRow = perRow;
    for (std::size_t i = 0; i < set.users.size(); ++i) {
        const auto& seen = interacted[std::size_t(set.users[i])];
        for (int j = 0; j < perRow; ++j) set.negatives.push_back(sampleUnseen(seen, items, rng));
    }
}

Result<InteractionPlan> planGivenTest(EncodedInteractions& e, const InteractionData& data,
                                      const RecommenderConfig& config) {
    InteractionPlan plan;
    plan.givenTest = true;
    plan.trainRows.resize(std::size_t(e.rows()));
    std::iota(plan.trainRows.begin(), plan.trainRows.end(), 0);
    QHash<QString, int> addedUsers, addedItems;
    auto user = [&](const QString& id) {
        return ensureId(e.userIds, e.userCodes, e.userCategorical, e.userValues, e.userNumeric, id,
                        addedUsers, e.userIndex(id));
    };
    auto item = [&](const QString& id) {
        return ensureId(e.itemIds, e.itemCodes, e.itemCategorical, e.itemValues, e.itemNumeric, id,
                        addedItems, e.itemIndex(id));
    };
    if (data.negatives) {
        const SampledNegatives& n = *data.negatives;
        plan.test.negativesPerRow = n.negativesPerRow;
        for (std::size_t i = 0; i < n.users.size(); ++i) {
            plan.test.users.push_back(user(QString::number(n.users[i])));
            plan.test.items.push_back(item(QString::number(n.positives[i])));
        }
        for (const auto id : n.negatives) plan.test.negatives.push_back(item(QString::number(id)));
    } else {
        const Column* u = data.test->findRole(ColumnRole::User);
        const Column* it = data.test->findRole(ColumnRole::Item);
        if (!u || !it)
            return makeError(data.test->sourcePath(), 0, 0,
                             "the test file has no user/item columns",
                             "give a test file in the training file's layout");
        for (std::int64_t row = 0; row < data.test->rowCount(); ++row) {
            plan.test.users.push_back(user(u->displayAt(row)));
            plan.test.items.push_back(item(it->displayAt(row)));
        }
    }
    e.rebuildIndex();
    plan.seen = itemsPerUser(e, plan.trainRows);
    if (!data.negatives) {
        auto interacted = plan.seen;
        for (std::size_t i = 0; i < plan.test.users.size(); ++i) {
            auto& items = interacted[std::size_t(plan.test.users[i])];
            items.insert(std::upper_bound(items.begin(), items.end(), plan.test.items[i]),
                         plan.test.items[i]);
        }
        Rng rng(config.seed ^ kTestNegativeSalt);
        addSampledNegatives(plan.test, interacted, e.itemCount(), config.evalNegatives, rng);
    }
    return plan;
}

}  // namespace

std::int32_t sampleUnseen(const std::vector<std::int32_t>& seenSorted, int items, Rng& rng) {
    if (int(seenSorted.size()) >= items) return std::int32_t(rng.below(std::uint64_t(items)));
    for (;;) {
        const auto item = std::int32_t(rng.below(std::uint64_t(items)));
        if (!contains(seenSorted, item)) return item;
    }
}

Result<InteractionPlan> planInteractions(EncodedInteractions& e, const InteractionData& data,
                                         const RecommenderConfig& config) {
    InteractionPlan plan;
    if (e.task == RecommenderTask::Implicit && (data.test || data.negatives)) {
        auto given = planGivenTest(e, data, config);
        if (!given) return given;
        plan = std::move(given.value());
        // Validation for early stopping: each user's latest training row, held out of training.
        if (config.patience > 0) {
            std::vector<std::int64_t> latest(std::size_t(e.userCount()), -1);
            std::vector<int> count(std::size_t(e.userCount()), 0);
            for (const auto row : plan.trainRows) {
                const auto u = std::size_t(e.users[std::size_t(row)]);
                ++count[u];
                if (latest[u] < 0 || e.timestamps.empty() ||
                    e.timestamps[std::size_t(row)] >= e.timestamps[std::size_t(latest[u])])
                    latest[u] = row;
            }
            std::vector<char> held(std::size_t(e.rows()), 0);
            for (std::size_t u = 0; u < latest.size(); ++u) {
                if (count[u] < 3) continue;
                held[std::size_t(latest[u])] = 1;
                plan.validation.users.push_back(std::int32_t(u));
                plan.validation.items.push_back(e.items[std::size_t(latest[u])]);
            }
            plan.trainRows.erase(
                std::remove_if(plan.trainRows.begin(), plan.trainRows.end(),
                               [&](std::int64_t r) { return held[std::size_t(r)]; }),
                plan.trainRows.end());
            plan.seen = itemsPerUser(e, plan.trainRows);
            const auto interacted = itemsPerUser(e, [&] {
                std::vector<std::int64_t> all(std::size_t(e.rows()));
                std::iota(all.begin(), all.end(), 0);
                return all;
            }());
            Rng rng((config.seed ^ kTestNegativeSalt) + 1);
            addSampledNegatives(plan.validation, interacted, e.itemCount(), config.evalNegatives,
                                rng);
        }
    } else if (e.task == RecommenderTask::Implicit) {
        // Per user, rows ordered by time (ties by row order): the last tests, the one before
        // validates. Users with fewer than 3 rows (2 without validation) only train.
        std::vector<std::vector<std::int64_t>> rowsOf(std::size_t(e.userCount()));
        for (std::int64_t row = 0; row < e.rows(); ++row)
            rowsOf[std::size_t(e.users[std::size_t(row)])].push_back(row);
        std::vector<char> role(std::size_t(e.rows()), 0);  // 0 train, 1 validation, 2 test
        const bool validate = config.patience > 0;
        for (std::size_t u = 0; u < rowsOf.size(); ++u) {
            auto& rows = rowsOf[u];
            if (!e.timestamps.empty()) {
                std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
                    return e.timestamps[std::size_t(a)] < e.timestamps[std::size_t(b)];
                });
            }
            if (rows.size() < 2) continue;
            role[std::size_t(rows.back())] = 2;
            plan.test.users.push_back(std::int32_t(u));
            plan.test.items.push_back(e.items[std::size_t(rows.back())]);
            if (validate && rows.size() >= 3) {
                const auto row = rows[rows.size() - 2];
                role[std::size_t(row)] = 1;
                plan.validation.users.push_back(std::int32_t(u));
                plan.validation.items.push_back(e.items[std::size_t(row)]);
            }
        }
        for (std::int64_t row = 0; row < e.rows(); ++row)
            if (role[std::size_t(row)] == 0) plan.trainRows.push_back(row);
        plan.seen = itemsPerUser(e, plan.trainRows);
        std::vector<std::int64_t> all(std::size_t(e.rows()));
        std::iota(all.begin(), all.end(), 0);
        const auto interacted = itemsPerUser(e, all);
        Rng rng(config.seed ^ kTestNegativeSalt);
        addSampledNegatives(plan.test, interacted, e.itemCount(), config.evalNegatives, rng);
        addSampledNegatives(plan.validation, interacted, e.itemCount(), config.evalNegatives, rng);
    } else {
        std::vector<std::int64_t> order(std::size_t(e.rows()));
        std::iota(order.begin(), order.end(), 0);
        Rng rng(config.seed ^ kTestNegativeSalt);
        rng.shuffle(order);
        const std::size_t tests = order.size() / 10, validations = order.size() / 10;
        auto take = [&](EvalSet& set, std::size_t from, std::size_t count) {
            for (std::size_t i = from; i < from + count; ++i) {
                const auto row = order[i];
                set.rows.push_back(row);
                set.users.push_back(e.users[std::size_t(row)]);
                set.items.push_back(e.items[std::size_t(row)]);
                set.labels.push_back(e.labels[std::size_t(row)]);
            }
        };
        take(plan.test, 0, tests);
        take(plan.validation, tests, validations);
        plan.trainRows.assign(order.begin() + std::ptrdiff_t(tests + validations), order.end());
        std::sort(plan.trainRows.begin(), plan.trainRows.end());
        std::vector<std::int64_t> positives;
        for (const auto row : plan.trainRows)
            if (e.labels[std::size_t(row)] > 0.5f) positives.push_back(row);
        plan.seen = itemsPerUser(e, positives);
    }
    if (plan.trainRows.empty())
        return makeError(data.interactions.sourcePath(), 0, 0, "no rows left to train on",
                         "give more interactions (at least 3 per user for leave-last-out)");
    plan.itemCounts.assign(std::size_t(e.itemCount()), 0.f);
    for (const auto row : plan.trainRows)
        plan.itemCounts[std::size_t(e.items[std::size_t(row)])] +=
            e.labels[std::size_t(row)] > 0.5f ? 1.f : 0.f;
    return plan;
}

EpochExamples epochExamples(const EncodedInteractions& e, const InteractionPlan& plan,
                            int negatives, Rng& rng, const EpochShare& share, bool withRows) {
    const bool implicit = e.task == RecommenderTask::Implicit;
    const std::size_t per = implicit ? std::size_t(1 + negatives) : 1;
    const std::size_t n = plan.trainRows.size() * per;
    // Example x is positive x / per, and for x % per > 0 its (x % per)th negative: only the
    // drawn negatives are stored, the rest is read from the encoding when the share is filled.
    std::vector<std::int32_t> drawn;
    if (implicit && negatives > 0) {
        drawn.reserve(plan.trainRows.size() * std::size_t(negatives));
        for (const auto row : plan.trainRows) {
            const auto& seen = plan.seen[std::size_t(e.users[std::size_t(row)])];
            for (int j = 0; j < negatives; ++j)
                drawn.push_back(sampleUnseen(seen, e.itemCount(), rng));
        }
    }
    EpochExamples out;
    out.total = std::int64_t(n);
    const std::int64_t batch = std::max<std::int64_t>(1, share.batch);
    const std::int64_t batches = (out.total + batch - 1) / batch;
    // This rank's examples [first, second) of the epoch in global batch b.
    const auto shareOf = [&](std::int64_t b) {
        const std::int64_t start = b * batch, size = std::min(batch, out.total - start);
        return std::make_pair(start + size * share.rank / share.ranks,
                              start + size * (share.rank + 1) / share.ranks);
    };
    out.batchStarts.reserve(std::size_t(batches + 1));
    std::int64_t kept = 0;
    for (std::int64_t b = 0; b < batches; ++b) {
        out.batchStarts.push_back(kept);
        const auto [from, end] = shareOf(b);
        kept += end - from;
    }
    out.batchStarts.push_back(kept);
    out.users.resize(std::size_t(kept));
    out.items.resize(std::size_t(kept));
    out.labels.resize(std::size_t(kept));
    if (withRows) out.rows.resize(std::size_t(kept));
    const auto fill = [&](const auto& order) {
        std::size_t to = 0;
        for (std::int64_t b = 0; b < batches; ++b) {
            const auto [from, end] = shareOf(b);
            for (std::int64_t i = from; i < end; ++i, ++to) {
                const std::size_t x = order[std::size_t(i)];
                const std::size_t positive = x / per, k = x % per;
                const auto row = std::size_t(plan.trainRows[positive]);
                out.users[to] = e.users[row];
                out.items[to] = k == 0 ? e.items[row] : drawn[positive * (per - 1) + k - 1];
                out.labels[to] = k == 0 ? e.labels[row] : 0.f;
                if (withRows) out.rows[to] = k == 0 ? std::int64_t(row) : -1;
            }
        }
    };
    // The order is the whole epoch's (every rank draws the same); 32-bit where it fits, half
    // the memory to touch. The same draws either way: a shuffle's draws depend only on n.
    if (n <= std::numeric_limits<std::uint32_t>::max()) {
        std::vector<std::uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0u);
        rng.shuffle(order);
        fill(order);
    } else {
        std::vector<std::uint64_t> order(n);
        std::iota(order.begin(), order.end(), std::uint64_t(0));
        rng.shuffle(order);
        fill(order);
    }
    return out;
}

}  // namespace adstudio::detail
