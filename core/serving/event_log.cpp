// SPDX-License-Identifier: MIT
#include "serving/event_log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace adstudio {

namespace {

Error ioError(const QString& path, const QString& what) {
    return makeError(path, 0, 0,
                     what + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(errno)),
                     QStringLiteral("check free disk space and permissions"));
}

}  // namespace

Result<qint64> readEventLog(
    const QString& path, const std::function<void(const QJsonObject& record, qint64 line)>& replay,
    QStringList* warnings) {
    QFile file(path);
    if (!file.exists()) return qint64(0);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(path, 0, 0, QStringLiteral("cannot read the event log"),
                         QStringLiteral("check its permissions"));
    }
    qint64 kept = 0, lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNumber;
        if (!line.endsWith('\n')) {
            if (warnings)
                *warnings << QStringLiteral(
                                 "%1:%2: the last line was cut off (a crash while "
                                 "writing); it is dropped")
                                 .arg(path)
                                 .arg(lineNumber);
            break;
        }
        kept += line.size();
        if (line.trimmed().isEmpty()) continue;
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            if (warnings)
                *warnings << QStringLiteral("%1:%2: not a JSON object (%3); the line is skipped")
                                 .arg(path)
                                 .arg(lineNumber)
                                 .arg(error.errorString());
            continue;
        }
        if (replay) replay(document.object(), lineNumber);
    }
    return kept;
}

Result<std::unique_ptr<EventLog>> EventLog::open(const QString& path,
                                                 std::chrono::milliseconds flushInterval,
                                                 const Replay& replay, QStringList* warnings) {
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return makeError(path, 0, 0, QStringLiteral("cannot create the event log's folder"),
                         QStringLiteral("check permissions"));
    }
    const auto kept = readEventLog(path, replay, warnings);
    if (!kept) return kept.error();
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return ioError(path, QStringLiteral("cannot open the event log"));
    // Cut a torn tail so the next line starts on a line of its own.
    if (::ftruncate(fd, off_t(kept.value())) != 0 || ::lseek(fd, 0, SEEK_END) < 0) {
        const Error error = ioError(path, QStringLiteral("cannot repair the event log's end"));
        ::close(fd);
        return error;
    }
    return std::unique_ptr<EventLog>(new EventLog(path, fd, flushInterval));
}

EventLog::EventLog(QString path, int fd, std::chrono::milliseconds flushInterval)
    : m_path(std::move(path)), m_fd(fd), m_interval(flushInterval) {
    m_flusher = std::thread([this] { runFlusher(); });
}

EventLog::~EventLog() {
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_flusher.join();
    commit();
    ::close(m_fd);
}

void EventLog::append(const QJsonObject& record) {
    QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact);
    line += '\n';
    std::lock_guard<std::mutex> lock(m_queueMutex);
    m_queue += line;
    ++m_queuedLines;
}

void EventLog::runFlusher() {
    std::unique_lock<std::mutex> lock(m_queueMutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, m_interval, [this] { return m_stopping; });
        if (m_stopping) break;
        lock.unlock();
        commit();
        lock.lock();
    }
}

Status EventLog::commit() {
    std::lock_guard<std::mutex> writeLock(m_writeMutex);
    QByteArray batch;
    qint64 lines = 0;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        batch.swap(m_queue);
        std::swap(lines, m_queuedLines);
    }
    if (m_failure) return *m_failure;
    if (batch.isEmpty()) return {};
    const char* data = batch.constData();
    qint64 left = batch.size();
    while (left > 0) {
        const ssize_t written = ::write(m_fd, data, std::size_t(left));
        if (written < 0) {
            if (errno == EINTR) continue;
            m_failure = ioError(m_path, QStringLiteral("cannot append to the event log"));
            m_failed = true;
            return *m_failure;
        }
        data += written;
        left -= written;
    }
    if (::fdatasync(m_fd) != 0) {
        m_failure = ioError(m_path, QStringLiteral("cannot sync the event log to disk"));
        m_failed = true;
        return *m_failure;
    }
    m_committedLines += lines;
    return {};
}

Status EventLog::flush() {
    return commit();
}

qint64 EventLog::linesCommitted() const {
    std::lock_guard<std::mutex> lock(m_writeMutex);
    return m_committedLines;
}

}  // namespace adstudio
