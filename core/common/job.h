// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace adstudio {

// Shared cancellation flag: the GUI or CLI sets it, a job checks it once per batch/chunk.
class CancelToken {
public:
    CancelToken() : m_flag(std::make_shared<std::atomic_bool>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

struct Progress {
    QString stage;        // e.g. "parse", "epoch 3"
    double fraction = 0;  // 0..1 of the current stage, negative when unknown
    qint64 done = 0;      // units processed (rows, bytes, samples)
    qint64 total = 0;     // 0 when unknown
};

// Called from the worker thread; keep it cheap. Jobs call it at most every few ms.
using ProgressFn = std::function<void(const Progress&)>;

// Everything a long job needs from its caller.
struct JobContext {
    ProgressFn progress;
    CancelToken cancel;

    void report(const Progress& p) const {
        if (progress) progress(p);
    }
    bool cancelled() const { return cancel.isCancelled(); }
};

}  // namespace adstudio
