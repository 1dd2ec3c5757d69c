// SPDX-License-Identifier: MIT
#include "data/split.h"

#include "common/random.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace adstudio {

Split randomSplit(std::int64_t rows, double validationFraction, double testFraction,
                  std::uint64_t seed) {
    std::vector<std::int64_t> order(std::size_t(std::max<std::int64_t>(rows, 0)));
    std::iota(order.begin(), order.end(), 0);
    Rng rng(seed);
    rng.shuffle(order);
    const auto testCount = std::size_t(std::llround(double(rows) * testFraction));
    const auto validationCount = std::size_t(std::llround(double(rows) * validationFraction));
    Split split;
    split.test.assign(order.begin(), order.begin() + std::ptrdiff_t(testCount));
    split.validation.assign(order.begin() + std::ptrdiff_t(testCount),
                            order.begin() + std::ptrdiff_t(testCount + validationCount));
    split.train.assign(order.begin() + std::ptrdiff_t(testCount + validationCount), order.end());
    for (auto* part : {&split.train, &split.validation, &split.test})
        std::sort(part->begin(), part->end());
    return split;
}

namespace {

Status needRole(const Dataset& dataset, ColumnRole role, const char* what) {
    if (dataset.findRole(role)) return {};
    return withRemedy(
        makeError(dataset.sourcePath(), 0, 0,
                  QStringLiteral("this split needs a %1 column").arg(QLatin1String(what)),
                  QStringLiteral("map a column to the %1 role").arg(QLatin1String(what))),
        {Remedy::Kind::MapColumn, {}, QLatin1String(what)});
}

}  // namespace

Result<Split> leaveLastOut(const Dataset& dataset, bool withValidation) {
    if (const Status s = needRole(dataset, ColumnRole::User, "user"); !s) return s.error();
    if (const Status s = needRole(dataset, ColumnRole::Timestamp, "timestamp"); !s)
        return s.error();
    const Column& user = *dataset.findRole(ColumnRole::User);
    const Column& time = *dataset.findRole(ColumnRole::Timestamp);
    const std::int64_t rows = dataset.rowCount();
    // Per user, rows sorted by time: one pass over a (user, time, row) order.
    std::vector<std::int64_t> order(static_cast<std::size_t>(rows));
    std::iota(order.begin(), order.end(), 0);
    auto userKey = [&](std::int64_t r) {
        return user.type() == ColumnType::Float ? std::int64_t(user.floatAt(r)) : user.intAt(r);
    };
    const bool textUser = user.type() == ColumnType::Text;
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        if (textUser) {
            const auto ua = user.textAt(a), ub = user.textAt(b);
            if (ua != ub) return ua < ub;
        } else if (userKey(a) != userKey(b)) {
            return userKey(a) < userKey(b);
        }
        return time.intAt(a) < time.intAt(b);
    });
    Split split;
    std::size_t start = 0;
    while (start < order.size()) {
        std::size_t end = start + 1;
        auto sameUser = [&](std::int64_t a, std::int64_t b) {
            return textUser ? user.textAt(a) == user.textAt(b) : userKey(a) == userKey(b);
        };
        while (end < order.size() && sameUser(order[start], order[end])) ++end;
        const std::size_t count = end - start;
        std::size_t trainEnd = end;
        if (count >= 2) {
            split.test.push_back(order[end - 1]);
            --trainEnd;
            if (withValidation && count >= 3) {
                split.validation.push_back(order[end - 2]);
                --trainEnd;
            }
        }
        split.train.insert(split.train.end(), order.begin() + std::ptrdiff_t(start),
                           order.begin() + std::ptrdiff_t(trainEnd));
        start = end;
    }
    for (auto* part : {&split.train, &split.validation, &split.test})
        std::sort(part->begin(), part->end());
    return split;
}

Result<Split> timeCutoff(const Dataset& dataset, std::int64_t cutoff) {
    if (const Status s = needRole(dataset, ColumnRole::Timestamp, "timestamp"); !s)
        return s.error();
    const Column& time = *dataset.findRole(ColumnRole::Timestamp);
    Split split;
    for (std::int64_t r = 0; r < dataset.rowCount(); ++r) {
        (time.intAt(r) < cutoff ? split.train : split.test).push_back(r);
    }
    return split;
}

}  // namespace adstudio
