// SPDX-License-Identifier: MIT
#pragma once

#include "common/job.h"
#include "common/progress_throttle.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QtConcurrent>

#include <functional>
#include <memory>

namespace adstudio::ui {

// The signals of a background job (moc takes no templates; Job<R> below derives from this).
class JobSignals : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    // On the GUI thread, throttled in core (throttledProgress).
    void progressed(const adstudio::Progress& progress);
    void runningChanged(bool running);
};

// One background job of a page or dialog: runs `work(JobContext)` on Qt's thread pool, brings
// its progress to the GUI thread, and hands its result R (a Result<T> or a Status) to the
// `finished` callback on the GUI thread. One at a time; cancel() asks the work to stop at its
// next batch; the destructor cancels and waits, so no work outlives its page.
template <typename R>
class Job : public JobSignals {
public:
    using Work = std::function<R(const JobContext&)>;
    using Finished = std::function<void(R)>;

    Job(QObject* parent, Finished finished)
        : JobSignals(parent),
          m_finished(std::move(finished)),
          m_watcher(new QFutureWatcher<std::shared_ptr<R>>(this)) {
        connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
            std::shared_ptr<R> result = m_watcher->result();
            Q_EMIT runningChanged(false);
            m_finished(std::move(*result));
        });
    }
    ~Job() override { cancelAndWait(); }

    bool isRunning() const { return m_watcher->isRunning(); }
    // False (and nothing started) while a job runs.
    bool start(Work work) {
        if (isRunning()) return false;
        m_cancel = CancelToken();
        JobContext context;
        context.cancel = m_cancel;
        QPointer<JobSignals> self(this);
        context.progress = throttledProgress([self](const Progress& p) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, p] {
                    if (self) Q_EMIT self->progressed(p);
                },
                Qt::QueuedConnection);
        });
        m_watcher->setFuture(QtConcurrent::run(
            [work = std::move(work), context] { return std::make_shared<R>(work(context)); }));
        Q_EMIT runningChanged(true);
        return true;
    }
    void cancel() { m_cancel.cancel(); }
    bool isCancelled() const { return m_cancel.isCancelled(); }
    void cancelAndWait() {
        m_cancel.cancel();
        m_watcher->waitForFinished();
    }

private:
    Finished m_finished;
    QFutureWatcher<std::shared_ptr<R>>* m_watcher;
    CancelToken m_cancel;
};

}  // namespace adstudio::ui
