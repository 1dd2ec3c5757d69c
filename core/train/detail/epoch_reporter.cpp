// SPDX-License-Identifier: MIT
#include "train/detail/epoch_reporter.h"

namespace adstudio::detail {

namespace {
constexpr auto kReportInterval = std::chrono::milliseconds(100);
}

EpochReporter::EpochReporter(QString phase, int epoch, int epochs, std::int64_t batches,
                             const JobContext& job, const TrainCallback& onEvent)
    : m_phase(std::move(phase)),
      m_epoch(epoch),
      m_epochs(epochs),
      m_batches(batches),
      m_job(job),
      m_onEvent(onEvent),
      m_lastReport(std::chrono::steady_clock::now()) {
    m_clock.start();
}

bool EpochReporter::due(std::int64_t b) {
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastReport <= kReportInterval && b + 1 != m_batches) return false;
    m_lastReport = now;
    return true;
}

TrainEvent EpochReporter::event() const {
    TrainEvent event;
    event.phase = m_phase;
    event.epoch = m_epoch;
    event.epochs = m_epochs;
    event.batches = m_batches;
    return event;
}

void EpochReporter::batch(std::int64_t b, double loss, double samples,
                          std::map<QString, double> values, QImage preview) {
    TrainEvent e = event();
    e.batch = b + 1;
    e.loss = loss;
    e.samplesPerSecond = samples / std::max(1e-9, seconds());
    e.values = std::move(values);
    e.preview = std::move(preview);
    if (m_onEvent) m_onEvent(e);
    m_job.report({QString("%1 epoch %2/%3").arg(m_phase).arg(m_epoch).arg(m_epochs),
                  double(b + 1) / double(m_batches), b + 1, m_batches});
}

void EpochReporter::epochEnd(const EpochRecord& record) const {
    TrainEvent e = event();
    e.batch = m_batches;
    e.loss = record.loss;
    e.samplesPerSecond = record.samplesPerSecond;
    e.epochEnd = true;
    e.values = record.values;
    if (m_onEvent) m_onEvent(e);
}

}  // namespace adstudio::detail
