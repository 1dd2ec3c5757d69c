// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace adstudio {

// Reads an event log's complete lines in order, without opening it for writing (a server may be
// appending): damaged lines and a torn last line are skipped with a warning naming their line.
// Returns the byte length of the complete lines; a missing file reads as empty.
Result<qint64> readEventLog(
    const QString& path, const std::function<void(const QJsonObject& record, qint64 line)>& replay,
    QStringList* warnings);

// An append-only log of JSON lines (serving's decisions and rewards). Appends are queued and
// group-committed by a background thread every `flushInterval` (one write and one fdatasync
// for all lines queued since), so a decision never waits for the disk. On open the existing
// lines are replayed; a torn last line (a crash mid-write) is cut off with a warning, and a
// damaged line inside the log is skipped with a warning naming its line: nothing before either
// is lost.
class EventLog {
public:
    using Replay = std::function<void(const QJsonObject& record, qint64 line)>;

    static Result<std::unique_ptr<EventLog>> open(const QString& path,
                                                  std::chrono::milliseconds flushInterval,
                                                  const Replay& replay, QStringList* warnings);
    ~EventLog();  // commits what is queued
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    const QString& path() const { return m_path; }
    void append(const QJsonObject& record);
    // Writes and syncs what is queued now; the first failure of any commit is reported here
    // (and by every later call), since background commits have no caller to tell.
    Status flush();
    qint64 linesCommitted() const;
    // True once a commit failed (disk full, file gone): later lines are not on disk.
    bool failed() const { return m_failed.load(); }

private:
    EventLog(QString path, int fd, std::chrono::milliseconds flushInterval);
    void runFlusher();
    Status commit();

    QString m_path;
    int m_fd = -1;
    std::chrono::milliseconds m_interval;
    mutable std::mutex m_queueMutex;
    std::condition_variable m_wake;
    QByteArray m_queue;
    qint64 m_queuedLines = 0;
    bool m_stopping = false;
    mutable std::mutex m_writeMutex;  // one commit at a time, in order
    qint64 m_committedLines = 0;
    std::optional<Error> m_failure;
    std::atomic_bool m_failed{false};
    std::thread m_flusher;
};

}  // namespace adstudio
