// SPDX-License-Identifier: MIT
// Private to core/train: how a running epoch is reported, the same for every trainer.
#pragma once

#include "common/job.h"
#include "train/training_events.h"

#include <QElapsedTimer>

#include <chrono>

namespace adstudio::detail {

// One epoch's reports: a batch event at most every 100 ms and at the last batch (the live
// curves), the job's progress, and the epoch's end with its record.
class EpochReporter {
public:
    EpochReporter(QString phase, int epoch, int epochs, std::int64_t batches, const JobContext& job,
                  const TrainCallback& onEvent);

    // Whether batch `b` (0-based) is to be reported: 100 ms since the last report, or the last.
    bool due(std::int64_t b);
    // Reports batch `b` with the epoch's running `loss` over `samples` seen so far.
    void batch(std::int64_t b, double loss, double samples, std::map<QString, double> values = {},
               QImage preview = {});
    // The epoch's end: its record (loss, speed, values) as the last event of the epoch.
    void epochEnd(const EpochRecord& record) const;
    double seconds() const { return m_clock.nsecsElapsed() * 1e-9; }

private:
    TrainEvent event() const;

    QString m_phase;
    int m_epoch, m_epochs;  // 1-based epoch
    std::int64_t m_batches;
    const JobContext& m_job;
    const TrainCallback& m_onEvent;
    QElapsedTimer m_clock;
    std::chrono::steady_clock::time_point m_lastReport;
};

}  // namespace adstudio::detail
