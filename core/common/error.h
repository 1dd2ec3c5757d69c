// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>
#include <vector>

namespace adstudio {

// Something the user can do to get past an error. Core names it; each front end offers it in
// its own words: the CLI as a flag, the GUI as a button that does it.
struct Remedy {
    enum class Kind {
        MapColumn,        // map `column` ("items.price" for the catalogue's) as `value`, a type
                          // or role name
        SetAsideBadRows,  // load without the rows that do not read, kept in a rejects file
        ReadAsLatin1,     // decode the file as Latin-1
        UseDelimiter,     // split fields at `value`
        SetSetting,       // set the training setting `column` ("batch_size", "resolution") to
                          // `value` and train again
        StartAfresh,      // train from the first epoch instead of resuming a checkpoint
    };
    Kind kind = Kind::MapColumn;
    QString column;
    QString value;
};

// What went wrong, where, and what the user can do about it. Printed as
// "FILE:LINE:COLUMN: what; fix" (line and column omitted when unknown). `fix` is in neutral
// words; `remedies` are what a front end can offer to do.
struct Error {
    QString file;
    qint64 line = 0;    // 1-based physical line, 0 when not applicable
    qint64 column = 0;  // 1-based field number, 0 when not applicable
    QString what;
    QString fix;
    bool cancelled = false;  // the user stopped the job; not a failure to report loudly
    std::vector<Remedy> remedies;

    QString toString() const;
};

Error cancelledError(const QString& file);

Error makeError(const QString& file, qint64 line, qint64 column, const QString& what,
                const QString& fix);
Error withRemedy(Error error, Remedy remedy);

// A value or an Error; the std::expected of C++23, kept small.
template <typename T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result for operations that return nothing on success.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

}  // namespace adstudio
