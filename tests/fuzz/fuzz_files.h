// SPDX-License-Identifier: MIT
#pragma once
// Helpers for targets whose parser reads files from a folder: one fuzz input holds several
// files, separated by a line "--8<--" (seed corpora stay readable), written into a folder the
// process keeps for all inputs.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fuzz {

// The input's parts, in order; at most `count` (the last part keeps any further separators).
inline std::vector<std::string_view> splitParts(const std::uint8_t* data, std::size_t size,
                                                std::size_t count) {
    constexpr std::string_view kSeparator = "\n--8<--\n";
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < count) {
        const std::size_t cut = rest.find(kSeparator);
        if (cut == std::string_view::npos) break;
        parts.push_back(rest.substr(0, cut));
        rest.remove_prefix(cut + kSeparator.size());
    }
    parts.push_back(rest);
    return parts;
}

// The folder every input is written to (emptied of the target's files by `writeOrRemove`).
inline const QDir& scratchFolder() {
    static QTemporaryDir dir;
    static const QDir folder(dir.path());
    return folder;
}

// Writes `bytes` as `name` in the scratch folder; an absent part (nullptr) removes the file, so
// inputs also reach the "file missing" branches.
inline QString writeOrRemove(const QString& name, const std::string_view* bytes) {
    const QString path = scratchFolder().filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!bytes) {
        QFile::remove(path);
        return path;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) std::abort();
    file.write(bytes->data(), qint64(bytes->size()));
    return path;
}

}  // namespace fuzz
