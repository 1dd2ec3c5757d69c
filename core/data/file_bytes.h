// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QFile>

#include <memory>
#include <string>
#include <string_view>

namespace adstudio {

// A whole file as bytes: memory-mapped (the page cache holds it, not our heap), or decompressed
// into memory for .gz files.
class FileBytes {
public:
    static Result<FileBytes> open(const QString& path);
    // Reads gzip (or plain, transparently) through zlib; truncated archives are errors.
    static Result<FileBytes> openMaybeGzip(const QString& path);

    std::string_view view() const { return {m_data, m_size}; }

private:
    std::shared_ptr<QFile> m_file;
    std::shared_ptr<std::string> m_owned;
    const char* m_data = "";
    std::size_t m_size = 0;
};

// Inflates a gzip stream held in memory (embedded resources); `path` is for messages.
Result<std::string> gunzip(std::string_view compressed, const QString& path);

}  // namespace adstudio
