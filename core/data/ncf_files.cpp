// SPDX-License-Identifier: MIT
#include "data/ncf_files.h"

#include "data/csv_reader.h"
#include "data/file_bytes.h"
#include "data/value_parse.h"

#include <QDir>
#include <QFileInfo>

namespace adstudio {

namespace {

const char* const kSuffixes[] = {".train.rating", ".test.rating", ".test.negative"};

QString prefixOf(const QString& path) {
    for (const char* suffix : kSuffixes) {
        if (path.endsWith(QLatin1String(suffix))) return path.chopped(int(qstrlen(suffix)));
    }
    return {};
}

QString findPrefix(const QString& path) {
    const QFileInfo info(path);
    if (!info.isDir()) return prefixOf(path);
    const auto found = QDir(path).entryList({"*.train.rating"}, QDir::Files, QDir::Name);
    return found.isEmpty() ? QString() : prefixOf(QDir(path).filePath(found.front()));
}

CsvOptions ratingOptions() {
    CsvOptions options;
    options.delimiter = '\t';
    options.header = 0;
    options.quote = 0;
    options.columnNames = {"user_id", "item_id", "rating", "timestamp"};
    options.mapping.setType("user_id", ColumnType::Integer);
    options.mapping.setType("item_id", ColumnType::Integer);
    options.mapping.setType("rating", ColumnType::Float);
    options.mapping.setType("timestamp", ColumnType::Timestamp);
    options.mapping.setRole("user_id", ColumnRole::User);
    options.mapping.setRole("item_id", ColumnRole::Item);
    options.mapping.setRole("rating", ColumnRole::Rating);
    options.mapping.setRole("timestamp", ColumnRole::Timestamp);
    return options;
}

}  // namespace

bool looksLikeNcf(const QString& path) {
    return !findPrefix(path).isEmpty();
}

Result<SampledNegatives> readNcfNegatives(const QString& path) {
    auto bytes = FileBytes::open(path);
    if (!bytes) return bytes.error();
    const std::string_view text = bytes->view();
    SampledNegatives out;
    std::int64_t line = 0;
    std::size_t pos = 0;
    const QString fix = QStringLiteral("each line is \"(user,item)\" then TAB-separated item ids");
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view row = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
        if (row.empty()) continue;
        const auto close = row.find(')');
        const auto comma = row.find(',');
        if (row.front() != '(' || close == std::string_view::npos || comma > close) {
            return makeError(path, line, 1, QStringLiteral("expected \"(user,item)\" at the start"),
                             fix);
        }
        std::int64_t user, item;
        if (parseInt64(row.substr(1, comma - 1), &user) != IntParse::Ok ||
            parseInt64(row.substr(comma + 1, close - comma - 1), &item) != IntParse::Ok) {
            return makeError(path, line, 1, QStringLiteral("user or item id is not an integer"),
                             fix);
        }
        int count = 0;
        std::size_t field = close + 1;
        int column = 1;
        while (field < row.size()) {
            if (row[field] == '\t' || row[field] == ' ') {
                ++field;
                continue;
            }
            auto stop = row.find_first_of("\t ", field);
            if (stop == std::string_view::npos) stop = row.size();
            std::int64_t negative;
            ++column;
            if (parseInt64(row.substr(field, stop - field), &negative) != IntParse::Ok) {
                return makeError(path, line, column,
                                 QStringLiteral("negative item id is not an integer"), fix);
            }
            out.negatives.push_back(negative);
            ++count;
            field = stop;
        }
        if (out.users.empty()) out.negativesPerRow = count;
        if (count != out.negativesPerRow || count == 0) {
            return makeError(
                path, line, 0,
                QStringLiteral("%1 negatives on this line, %2 on the first")
                    .arg(count)
                    .arg(out.negativesPerRow),
                QStringLiteral("every line needs the same number of sampled negatives"));
        }
        out.users.push_back(user);
        out.positives.push_back(item);
    }
    if (out.users.empty()) {
        return makeError(
            path, 0, 0, QStringLiteral("the file is empty"),
            QStringLiteral("choose the .test.negative file written with the test set"));
    }
    return out;
}

Result<InteractionData> readNcf(const QString& path, const JobContext& job) {
    const QString prefix = findPrefix(path);
    if (prefix.isEmpty()) {
        return makeError(path, 0, 0, QStringLiteral("no NCF file set (*.train.rating) here"),
                         QStringLiteral("choose PREFIX.train.rating or its folder"));
    }
    InteractionData data;
    auto train = readCsvFile(prefix + ".train.rating", ratingOptions(), job);
    if (!train) return train.error();
    data.interactions = std::move(train.value());
    if (QFileInfo::exists(prefix + ".test.rating")) {
        auto test = readCsvFile(prefix + ".test.rating", ratingOptions());
        if (!test) return test.error();
        data.test = std::move(test.value());
    }
    if (QFileInfo::exists(prefix + ".test.negative")) {
        auto negatives = readNcfNegatives(prefix + ".test.negative");
        if (!negatives) return negatives.error();
        data.negatives = std::move(negatives.value());
    }
    return data;
}

}  // namespace adstudio
