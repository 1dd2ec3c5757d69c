// SPDX-License-Identifier: MIT
// One epoch's training examples (core/train/detail/interaction_plan.h): what each rank of
// data-parallel training keeps is its share of every global batch of what one process trains
// on, so N ranks together see one process's examples in one process's order.
#include "train/detail/interaction_plan.h"

#include <QTest>

#include <algorithm>

using adstudio::Rng;
using adstudio::detail::EpochExamples;
using adstudio::detail::EpochShare;
using adstudio::detail::InteractionPlan;

class TestEpochExamples : public QObject {
    Q_OBJECT
private:
    // 13 users and 11 items; user u saw items u % 11 and (3u + 1) % 11; every other row trains.
    static adstudio::EncodedInteractions interactions(adstudio::RecommenderTask task) {
        adstudio::EncodedInteractions e;
        e.task = task;
        for (int u = 0; u < 13; ++u) e.userIds << QString::number(u);
        for (int i = 0; i < 11; ++i) e.itemIds << QString::number(i);
        for (int u = 0; u < 13; ++u)
            for (const int item : {u % 11, (3 * u + 1) % 11}) {
                e.users.push_back(u);
                e.items.push_back(item);
                e.labels.push_back(task == adstudio::RecommenderTask::Implicit ? 1.f
                                                                               : float(item % 2));
            }
        return e;
    }

    static InteractionPlan plan(const adstudio::EncodedInteractions& e) {
        InteractionPlan p;
        p.seen.resize(std::size_t(e.userCount()));
        for (std::int64_t row = 0; row < e.rows(); ++row) {
            p.trainRows.push_back(row);
            p.seen[std::size_t(e.users[std::size_t(row)])].push_back(e.items[std::size_t(row)]);
        }
        for (auto& items : p.seen) {
            std::sort(items.begin(), items.end());
            items.erase(std::unique(items.begin(), items.end()), items.end());
        }
        return p;
    }

    static EpochExamples draw(const adstudio::EncodedInteractions& e, const InteractionPlan& p,
                              int negatives, int rank, int ranks) {
        Rng rng(77);
        EpochShare share;
        share.batch = 7;  // 26 rows x (1 + negatives): batches that do not divide evenly
        share.rank = rank;
        share.ranks = ranks;
        return adstudio::detail::epochExamples(e, p, negatives, rng, share, true);
    }

private Q_SLOTS:
    void ranksTogetherTrainOnOneProcesssExamples_data() {
        QTest::addColumn<int>("task");
        QTest::addColumn<int>("negatives");
        QTest::addColumn<int>("ranks");
        QTest::newRow("implicit, 4 negatives, 2 ranks")
            << int(adstudio::RecommenderTask::Implicit) << 4 << 2;
        QTest::newRow("implicit, 3 negatives, 3 ranks")
            << int(adstudio::RecommenderTask::Implicit) << 3 << 3;
        QTest::newRow("ctr, 3 ranks") << int(adstudio::RecommenderTask::Ctr) << 0 << 3;
    }

    void ranksTogetherTrainOnOneProcesssExamples() {
        QFETCH(int, task);
        QFETCH(int, negatives);
        QFETCH(int, ranks);
        const auto e = interactions(adstudio::RecommenderTask(task));
        const auto p = plan(e);
        const EpochExamples one = draw(e, p, negatives, 0, 1);
        const bool implicit =
            adstudio::RecommenderTask(task) == adstudio::RecommenderTask::Implicit;
        const std::int64_t n = e.rows() * (implicit ? 1 + negatives : 1);
        QCOMPARE(one.total, n);
        QCOMPARE(std::int64_t(one.users.size()), n);
        const std::size_t batches = one.batchStarts.size() - 1;
        QCOMPARE(batches, std::size_t((n + 6) / 7));

        // One process: every training row once as a positive, each with `negatives` items
        // its user never saw; labels and rows follow.
        std::vector<int> positives(std::size_t(e.rows()), 0);
        for (std::size_t i = 0; i < one.users.size(); ++i) {
            const auto& seen = p.seen[std::size_t(one.users[i])];
            const bool positive = one.rows[i] >= 0;
            if (positive) {
                ++positives[std::size_t(one.rows[i])];
                QCOMPARE(one.items[i], std::int64_t(e.items[std::size_t(one.rows[i])]));
                QCOMPARE(one.labels[i], e.labels[std::size_t(one.rows[i])]);
            } else {
                QVERIFY(implicit);
                QCOMPARE(one.labels[i], 0.f);
                QVERIFY(!std::binary_search(seen.begin(), seen.end(), one.items[i]));
            }
        }
        QVERIFY(std::all_of(positives.begin(), positives.end(), [](int c) { return c == 1; }));
        // Shuffled: not in the order of the rows.
        QVERIFY(one.rows[0] != 0 || one.rows[1] != (implicit ? -1 : 1));

        // The ranks: each batch's shares, rank after rank, are one process's batch.
        std::vector<EpochExamples> shares;
        for (int r = 0; r < ranks; ++r) {
            shares.push_back(draw(e, p, negatives, r, ranks));
            QCOMPARE(shares.back().total, n);
            QCOMPARE(shares.back().batchStarts.size(), batches + 1);
        }
        for (std::size_t b = 0; b < batches; ++b) {
            std::vector<std::int64_t> users, items, rows;
            std::vector<float> labels;
            for (const auto& s : shares)
                for (auto i = s.batchStarts[b]; i < s.batchStarts[b + 1]; ++i) {
                    users.push_back(s.users[std::size_t(i)]);
                    items.push_back(s.items[std::size_t(i)]);
                    rows.push_back(s.rows[std::size_t(i)]);
                    labels.push_back(s.labels[std::size_t(i)]);
                }
            const auto from = std::size_t(one.batchStarts[b]),
                       to = std::size_t(one.batchStarts[b + 1]);
            QCOMPARE(users,
                     std::vector<std::int64_t>(one.users.begin() + from, one.users.begin() + to));
            QCOMPARE(items,
                     std::vector<std::int64_t>(one.items.begin() + from, one.items.begin() + to));
            QCOMPARE(rows,
                     std::vector<std::int64_t>(one.rows.begin() + from, one.rows.begin() + to));
            QCOMPARE(labels,
                     std::vector<float>(one.labels.begin() + from, one.labels.begin() + to));
        }
    }
};

QTEST_GUILESS_MAIN(TestEpochExamples)
#include "test_epoch_examples.moc"
