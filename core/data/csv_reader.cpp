// SPDX-License-Identifier: MIT
#include "data/csv_reader.h"

#include "common/atomic_file.h"
#include "data/file_bytes.h"
#include "data/value_parse.h"

#include <csv.h>

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cstring>
#include <optional>

namespace adstudio {

namespace {

constexpr char kCandidateDelimiters[] = {',', '\t', ';', '|'};

QString delimiterName(char d) {
    switch (d) {
        case '\t':
            return QStringLiteral("TAB");
        case ',':
            return QStringLiteral("','");
        default:
            return QStringLiteral("'%1'").arg(QLatin1Char(d));
    }
}

// Fields per record for the first records of the sample, quote-aware.
std::vector<int> fieldCounts(std::string_view sample, char delimiter, char quote, int maxRecords) {
    std::vector<int> counts;
    int fields = 1;
    // A quote opens a quoted field only at the field's start; elsewhere it is text (5'10").
    bool quoted = false, lineHasContent = false, atFieldStart = true;
    for (std::size_t i = 0; i < sample.size() && int(counts.size()) < maxRecords; ++i) {
        const char c = sample[i];
        if (quoted) {
            if (c != quote) continue;
            if (i + 1 < sample.size() && sample[i + 1] == quote) {
                ++i;  // a doubled quote is a quote character inside the field
            } else {
                quoted = false;
            }
        } else if (quote && c == quote && atFieldStart) {
            quoted = true;
        } else if (c == delimiter) {
            ++fields;
            atFieldStart = true;
            lineHasContent = true;
            continue;
        } else if (c == '\n' || c == '\r') {
            if (lineHasContent) counts.push_back(fields);
            fields = 1, lineHasContent = false, atFieldStart = true;
            continue;
        } else if (c != ' ') {
            atFieldStart = false;
        }
        lineHasContent = true;
    }
    return counts;
}

}  // namespace

char sniffDelimiter(std::string_view sample, char quote) {
    // Only whole lines count: the sample may end mid-line.
    const auto lastNewline = sample.find_last_of('\n');
    if (lastNewline != std::string_view::npos && lastNewline + 1 < sample.size()) {
        sample = sample.substr(0, lastNewline + 1);
    }
    char best = 0;
    int bestFields = 1;
    for (const char d : kCandidateDelimiters) {
        const auto counts = fieldCounts(sample, d, quote, 50);
        if (counts.empty()) continue;
        const bool consistent =
            std::all_of(counts.begin(), counts.end(), [&](int n) { return n == counts.front(); });
        if (consistent && counts.front() > bestFields) best = d, bestFields = counts.front();
    }
    return best;
}

namespace {

bool isNumericType(ColumnType type) {
    return type == ColumnType::Integer || type == ColumnType::Float;
}

// Every value a number, at least one with a decimal comma ("12", "12,99").
bool allDecimalComma(const std::vector<std::string>& samples) {
    bool any = false;
    for (const auto& value : samples) {
        if (isMissingToken(value)) continue;
        double ignored;
        std::int64_t whole;
        if (parseDecimalComma(value, &ignored))
            any = true;
        else if (parseInt64(value, &whole) != IntParse::Ok)
            return false;
    }
    return any;
}

// All parser state shared with libcsv's C callbacks.
struct CsvState {
    const CsvOptions* options = nullptr;
    QString path;
    CsvPreview* preview = nullptr;

    std::int64_t line = 1;        // physical line being fed
    std::int64_t recordLine = 1;  // line where the current record began
    std::int64_t recordBytes = 0;
    int field = 0;
    bool headerPending = true;
    int expectedFields = -1;
    QStringList names;

    // Until the types are known, records are buffered as text.
    bool typed = false;
    std::vector<std::string> current;
    std::vector<bool> currentNull;
    std::vector<std::vector<std::string>> buffered;
    std::vector<std::vector<bool>> bufferedNull;
    std::vector<std::int64_t> bufferedLines;
    std::vector<std::int64_t> bufferedEndLines;

    Dataset dataset;
    std::int64_t rows = 0;
    std::int64_t typedRows = 0;  // complete rows in the typed columns
    // Set-aside mode: the current record did not read; its fields are skipped, its reason kept.
    bool rowRejected = false;
    QString rejectReason;
    struct RejectedRecord {
        std::int64_t firstLine, lastLine;
        QString reason;
    };
    std::vector<RejectedRecord> rejected;
    std::string scratch;
    std::optional<Error> error;
    bool stop = false;
    bool previewing = false;  // the current record goes into the preview
    bool recordOpen = false;  // libcsv holds a record that has not ended (open quote)
    std::int64_t loneQuoteLines = 0, firstLoneQuoteLine = 0;
    std::vector<bool> decimalComma;  // per column: "12,99" means 12.99
    QStringList decimalCommaColumns;
    std::size_t bytesFed = 0, bytesTotal = 0;

    // Rows in the whole file, extrapolated from the sample; growing vectors by doubling would
    // copy every column several times.
    std::int64_t estimatedRows() const {
        if (bytesFed == 0) return rows;
        const double perRow = double(bytesFed) / double(std::max<std::int64_t>(1, rows));
        const auto estimate = std::int64_t(double(bytesTotal) / perRow * 1.05) + 16;
        return options->maxRows >= 0 ? std::min(estimate, options->maxRows) : estimate;
    }

    void fail(std::int64_t atLine, std::int64_t atField, const QString& what, const QString& fix,
              std::vector<Remedy> remedies = {}) {
        if (!error) {
            error = makeError(path, atLine, atField, what, fix);
            error->remedies = std::move(remedies);
        }
        stop = true;
    }

    // A row that does not read: set aside (its typed values taken back) or the load fails.
    void rejectRow(std::int64_t atLine, std::int64_t atField, const QString& what,
                   const QString& fix, std::vector<Remedy> remedies = {}) {
        if (!options->setAsideBadRows) {
            remedies.push_back({Remedy::Kind::SetAsideBadRows, {}, {}});
            fail(atLine, atField, what, fix, std::move(remedies));
            return;
        }
        if (rowRejected) return;
        rowRejected = true;
        rejectReason = QStringLiteral("field %1: %2").arg(atField).arg(what);
        if (typed)
            for (Column& column : dataset.columns()) column.truncate(typedRows);
    }

    void setAside(std::int64_t firstLine, std::int64_t lastLine) {
        rejected.push_back({firstLine, lastLine, rejectReason});
        rowRejected = false;
        rejectReason.clear();
    }

    QString columnLabel(int index) const {
        return index < names.size() ? QStringLiteral("'%1'").arg(names[index])
                                    : QStringLiteral("#%1").arg(index + 1);
    }

    // Appends one field to its typed column; false after reporting an error.
    bool appendTyped(int index, std::string_view value, bool isNull, std::int64_t atLine) {
        if (rowRejected) return false;
        Column& column = dataset.column(index);
        if (isNull || isMissingToken(value)) {
            column.appendMissing();
            return true;
        }
        switch (column.type()) {
            case ColumnType::Integer: {
                std::int64_t v;
                const auto parsed = parseInt64(value, &v);
                if (parsed == IntParse::Ok) {
                    column.appendInt(v);
                    return true;
                }
                double d;
                if (parsed == IntParse::NotANumber && parseDouble(value, &d)) {
                    column.convertIntegerToFloat();  // "3" then "3.5": widen, lose nothing
                    column.appendFloat(d);
                    return true;
                }
                if (parsed == IntParse::Overflow) {
                    rejectRow(atLine, index + 1,
                              QStringLiteral("value '%1' in column %2 overflows a 64-bit integer")
                                  .arg(QString::fromUtf8(value.data(), qsizetype(value.size())),
                                       columnLabel(index)),
                              QStringLiteral("if it is an identifier, map the column as "
                                             "categorical"),
                              {{Remedy::Kind::MapColumn, names.value(index),
                                columnTypeName(ColumnType::Categorical)}});
                    return false;
                }
                return notNumber(index, value, atLine);
            }
            case ColumnType::Float: {
                double d;
                if ((decimalComma[std::size_t(index)] && parseDecimalComma(value, &d)) ||
                    parseDouble(value, &d)) {
                    column.appendFloat(d);
                    return true;
                }
                return notNumber(index, value, atLine);
            }
            case ColumnType::Timestamp: {
                std::int64_t v;
                if (parseInt64(value, &v) == IntParse::Ok || parseIsoTimestamp(value, &v)) {
                    column.appendInt(v);
                    return true;
                }
                rejectRow(atLine, index + 1,
                          QStringLiteral("'%1' in column %2 is not a timestamp")
                              .arg(QString::fromUtf8(value.data(), qsizetype(value.size())),
                                   columnLabel(index)),
                          QStringLiteral("use epoch seconds or ISO 8601 (2024-05-01 13:45:00), "
                                         "or map the column as text"),
                          {{Remedy::Kind::MapColumn, names.value(index),
                            columnTypeName(ColumnType::Text)}});
                return false;
            }
            case ColumnType::Categorical:
            case ColumnType::Text:
                column.appendText(value);
                return true;
        }
        return true;
    }

    bool notNumber(int index, std::string_view value, std::int64_t atLine) {
        const bool forced = options->mapping.typeFor(names.value(index)).has_value();
        rejectRow(
            atLine, index + 1,
            QStringLiteral("'%1' in numeric column %2 is not a number")
                .arg(QString::fromUtf8(value.data(),
                                       qsizetype(std::min<std::size_t>(value.size(), 80))),
                     columnLabel(index)),
            forced ? QStringLiteral("correct the value, or map the column as text")
                   : QStringLiteral("correct the value, or map the column as text; its "
                                    "type was inferred from the first %1 rows")
                         .arg(options->inferenceRows),
            {{Remedy::Kind::MapColumn, names.value(index), columnTypeName(ColumnType::Text)}});
        return false;
    }

    void setHeader(std::vector<std::string>& fields) {
        QSet<QString> seen;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            QString name =
                QString::fromUtf8(fields[i].data(), qsizetype(fields[i].size())).trimmed();
            if (name.isEmpty()) name = QStringLiteral("column_%1").arg(i + 1);
            if (seen.contains(name)) {
                fail(recordLine, qint64(i) + 1,
                     QStringLiteral("duplicate column name '%1'").arg(name),
                     QStringLiteral("rename one of the columns so every name is unique"));
                return;
            }
            seen.insert(name);
            names << name;
        }
        acceptColumnNames();
    }

    void useDefaultNames(int count) {
        for (int i = 0; i < count; ++i) {
            names << (i < options->columnNames.size() ? options->columnNames[i]
                                                      : QStringLiteral("column_%1").arg(i + 1));
        }
        acceptColumnNames();
    }

    // Names are final: fix the field count, show them in the preview, check the mapping.
    void acceptColumnNames() {
        expectedFields = int(names.size());
        if (preview) preview->header = names;
        const Status mapped = options->mapping.validate(names, path);
        if (!mapped) {
            error = mapped.error();
            stop = true;
        }
    }

    // Types from the buffered sample, then replay the sample into typed columns.
    void finalizeTypes() {
        if (typed || stop) return;
        typed = true;
        for (int c = 0; c < expectedFields; ++c) {
            std::vector<std::string> samples;
            samples.reserve(buffered.size());
            for (std::size_t r = 0; r < buffered.size(); ++r) {
                if (!bufferedNull[r][std::size_t(c)])
                    samples.push_back(buffered[r][std::size_t(c)]);
            }
            const auto forced = options->mapping.typeFor(names[c]);
            ColumnType type = forced ? *forced : inferColumnType(names[c], samples);
            // A column mapped as float may hold decimal commas too; an inferred one is tried
            // when it did not read as numbers.
            const bool comma = options->delimiter != ',' &&
                               (forced ? type == ColumnType::Float : !isNumericType(type)) &&
                               allDecimalComma(samples);
            decimalComma.push_back(comma);
            if (comma) type = ColumnType::Float, decimalCommaColumns << names[c];
            Column column(names[c], type);
            column.reserve(estimatedRows());
            dataset.addColumn(std::move(column));
        }
        for (std::size_t r = 0; r < buffered.size() && !stop; ++r) {
            for (int c = 0; c < expectedFields && !stop; ++c) {
                appendTyped(c, buffered[r][std::size_t(c)], bufferedNull[r][std::size_t(c)],
                            bufferedLines[r]);
            }
            if (rowRejected) {
                setAside(bufferedLines[r], bufferedEndLines[r]);
                --rows;
            } else {
                ++typedRows;
            }
        }
        buffered.clear();
        bufferedNull.clear();
        bufferedLines.clear();
        bufferedEndLines.clear();
    }

    void onField(const char* data, std::size_t len) {
        if (stop) return;
        if (field == 0) recordLine = line;
        std::string_view value(data ? data : "", data ? len : 0);
        if (options->latin1) {
            scratch = latin1ToUtf8(value);
            value = scratch;
        } else {
            const auto bad = findInvalidUtf8(value);
            if (bad != std::string_view::npos) {
                fail(line, field + 1,
                     QStringLiteral("invalid UTF-8 (byte 0x%1 at offset %2 of the field)")
                         .arg(unsigned(static_cast<unsigned char>(value[bad])), 2, 16,
                              QLatin1Char('0'))
                         .arg(bad),
                     QStringLiteral("save the file as UTF-8, or read it as Latin-1"),
                     {{Remedy::Kind::ReadAsLatin1, {}, {}}});
                return;
            }
        }
        if (preview && !headerPending) {
            if (field == 0) {
                previewing = int(preview->rows.size()) < preview->wanted;
                if (previewing) preview->rows.emplace_back();
            }
            if (previewing)
                preview->rows.back() << QString::fromUtf8(value.data(), qsizetype(value.size()));
        }
        if (headerPending || !typed) {
            current.emplace_back(value);
            currentNull.push_back(data == nullptr);
        } else if (field < expectedFields) {
            appendTyped(field, value, data == nullptr, recordLine);
        }
        ++field;
    }

    // Same callbacks as libcsv would make, for a line without quote characters.
    void splitPlainLine(std::string_view line, char delimiter) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        const bool trim = delimiter != '\t';
        auto isBlank = [&](char c) { return c == ' ' || (trim && c == '\t'); };
        bool onlyBlanks = true;
        for (char c : line) onlyBlanks = onlyBlanks && isBlank(c);
        if (onlyBlanks && trim) return;  // libcsv skips empty lines too
        if (line.empty()) return;
        std::size_t start = 0;
        for (;;) {
            const auto* found = static_cast<const char*>(
                std::memchr(line.data() + start, delimiter, line.size() - start));
            const std::size_t end = found ? std::size_t(found - line.data()) : line.size();
            std::string_view field = line.substr(start, end - start);
            if (trim) {
                while (!field.empty() && isBlank(field.front())) field.remove_prefix(1);
                while (!field.empty() && isBlank(field.back())) field.remove_suffix(1);
            }
            onField(field.empty() ? nullptr : field.data(), field.size());
            if (!found || stop) break;
            start = end + 1;
        }
        onRecordEnd();
    }

    // A one-line record that holds quote characters, read as pandas and Python's csv module
    // read it: a quote opens a quoted field only at the field's start; elsewhere (5'10",
    // 37°36'37.8"N) it is text. Returns false, having read nothing, when a quoted field does not
    // close on this line or is followed by text: libcsv then reads (or rejects) the record.
    bool splitLineWithQuotes(std::string_view line, char delimiter, char quote) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        const bool trim = delimiter != '\t';
        auto isBlank = [&](char c) { return c == ' ' || (trim && c == '\t'); };
        std::vector<std::optional<std::string>> fields;
        bool loneQuote = false;
        std::size_t pos = 0;
        for (;;) {
            std::size_t start = pos;
            while (start < line.size() && isBlank(line[start])) ++start;
            if (start < line.size() && line[start] == quote) {
                std::string text;
                std::size_t at = start + 1;
                for (;; ++at) {
                    if (at >= line.size()) return false;  // spans lines: libcsv's case
                    if (line[at] != quote) {
                        text += line[at];
                    } else if (at + 1 < line.size() && line[at + 1] == quote) {
                        text += quote;
                        ++at;
                    } else {
                        break;
                    }
                }
                ++at;  // past the closing quote
                while (at < line.size() && isBlank(line[at])) ++at;
                if (at < line.size() && line[at] != delimiter) return false;  // "x"y: malformed
                fields.emplace_back(std::move(text));
                pos = at;
            } else {
                const std::size_t found = line.find(delimiter, start);
                const std::size_t end = found == std::string_view::npos ? line.size() : found;
                std::string_view text = line.substr(start, end - start);
                while (trim && !text.empty() && isBlank(text.back())) text.remove_suffix(1);
                loneQuote = loneQuote || text.find(quote) != std::string_view::npos;
                fields.emplace_back(text.empty() ? std::nullopt
                                                 : std::optional<std::string>(std::string(text)));
                pos = end;
            }
            if (pos >= line.size()) break;
            ++pos;  // past the delimiter
        }
        if (loneQuote && loneQuoteLines++ == 0) firstLoneQuoteLine = this->line;
        for (const auto& f : fields) {
            // libcsv reports "" as an empty field and a blank unquoted one as null.
            onField(f ? f->data() : nullptr, f ? f->size() : 0);
            if (stop) return true;
        }
        onRecordEnd();
        return true;
    }

    void onRecordEnd() {
        recordOpen = false;
        if (stop) return;
        const int fields = field;
        field = 0;
        recordBytes = 0;
        if (headerPending) {
            headerPending = false;
            const bool hasHeader = options->header == 1;
            if (hasHeader) {
                setHeader(current);
                current.clear(), currentNull.clear();
                return;
            }
            useDefaultNames(fields);
            if (stop) return;
        }
        if (fields != expectedFields) {
            rejectRow(recordLine, std::min(fields, expectedFields) + 1,
                      QStringLiteral("row has %1 fields, expected %2 (%3)")
                          .arg(fields)
                          .arg(expectedFields)
                          .arg(options->header == 1 ? QStringLiteral("as in the header")
                                                    : QStringLiteral("as in the first row")),
                      QStringLiteral("quote fields that contain the delimiter %1, or fix the row")
                          .arg(delimiterName(options->delimiter)));
            if (stop) return;
        }
        if (rowRejected) {
            setAside(recordLine, line);
            current.clear(), currentNull.clear();
            return;
        }
        ++rows;
        if (!typed) {
            buffered.push_back(std::move(current));
            bufferedNull.push_back(std::move(currentNull));
            bufferedLines.push_back(recordLine);
            bufferedEndLines.push_back(line);
            current.clear(), currentNull.clear();
            if (int(buffered.size()) >= options->inferenceRows) finalizeTypes();
        } else {
            ++typedRows;
        }
        if (options->maxRows >= 0 && rows >= options->maxRows) {
            finalizeTypes();  // the rows read so far are the whole sample
            stop = true;
        }
    }
};

void fieldCallback(void* data, std::size_t len, void* state) {
    static_cast<CsvState*>(state)->onField(static_cast<const char*>(data), len);
}

void recordCallback(int, void* state) {
    static_cast<CsvState*>(state)->onRecordEnd();
}

int noSpace(unsigned char) {
    return 0;
}

std::int64_t lineOfOffset(std::string_view data, std::size_t offset) {
    return 1 + std::count(data.begin(), data.begin() + std::ptrdiff_t(offset), '\n');
}

// The set-aside records verbatim under the file's header (FOLDER/<file>.rejects.csv, to fix and
// load again) and why each was set aside (<file>.rejects.txt). Returns the CSV's path.
Result<QString> writeRejects(std::string_view data, bool hasHeader,
                             const std::vector<CsvState::RejectedRecord>& rejected,
                             const QString& displayPath, const QString& folder) {
    if (!QDir().mkpath(folder))
        return makeError(folder, 0, 0, QStringLiteral("cannot create the rejects folder"),
                         QStringLiteral("choose a folder you can write to"));
    QByteArray rows, reasons;
    std::size_t next = 0;  // index into `rejected`, sorted by line
    std::int64_t lineNumber = 1;
    std::size_t pos = 0;
    while (pos < data.size() && (next < rejected.size() || (hasHeader && lineNumber == 1))) {
        const auto nl = data.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? data.size() : nl + 1;
        while (next < rejected.size() && rejected[next].lastLine < lineNumber) ++next;
        const bool header = hasHeader && lineNumber == 1;
        if (header || (next < rejected.size() && rejected[next].firstLine <= lineNumber)) {
            rows.append(data.data() + pos, qsizetype(end - pos));
            if (end == data.size() && data.back() != '\n') rows.append('\n');
        }
        pos = end;
        ++lineNumber;
    }
    for (const auto& r : rejected)
        reasons += QStringLiteral("line %1: %2\n").arg(r.firstLine).arg(r.reason).toUtf8();
    const QString base = QDir(folder).filePath(QFileInfo(displayPath).fileName());
    if (Status s = writeFileAtomically(base + QStringLiteral(".rejects.csv"), rows); !s)
        return s.error();
    if (Status s = writeFileAtomically(base + QStringLiteral(".rejects.txt"), reasons); !s)
        return s.error();
    return base + QStringLiteral(".rejects.csv");
}

}  // namespace

Result<Dataset> parseCsv(std::string_view data, const QString& displayPath,
                         const CsvOptions& requested, const JobContext& job, CsvPreview* preview) {
    CsvOptions options = requested;
    if (data.size() >= 3 && std::memcmp(data.data(), "\xEF\xBB\xBF", 3) == 0) data.remove_prefix(3);
    if (data.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return makeError(displayPath, 0, 0, QStringLiteral("the file is empty"),
                         QStringLiteral("choose a file with a header and data rows"));
    }
    if (const void* nul = std::memchr(data.data(), '\0', data.size())) {
        const auto offset = std::size_t(static_cast<const char*>(nul) - data.data());
        return makeError(displayPath, lineOfOffset(data, offset), 0,
                         QStringLiteral("NUL byte in a text file (is it binary or UTF-16?)"),
                         QStringLiteral("convert the file to UTF-8 text"));
    }
    // Spreadsheet exports on Windows are often Latin-1 (Windows-1252): read them as such when no
    // byte sequence in the file is UTF-8; a file that mixes both stays an error.
    const bool readAsLatin1 = !options.latin1 && looksLikeLatin1(data);
    options.latin1 = options.latin1 || readAsLatin1;

    const std::string_view sample = data.substr(0, 256 * 1024);
    const char sniffed = sniffDelimiter(sample, options.quote);
    if (options.delimiter == 0) {
        options.delimiter = sniffed ? sniffed : ',';
    } else if (sniffed && sniffed != options.delimiter) {
        const auto forcedCounts = fieldCounts(sample, options.delimiter, options.quote, 2);
        if (!forcedCounts.empty() && forcedCounts.front() == 1) {
            return withRemedy(
                makeError(displayPath, 1, 0,
                          QStringLiteral("delimiter %1 leaves the header as one column, but %2 "
                                         "splits every line consistently")
                              .arg(delimiterName(options.delimiter), delimiterName(sniffed)),
                          QStringLiteral("split at %1, or leave the delimiter to be detected")
                              .arg(delimiterName(sniffed))),
                {Remedy::Kind::UseDelimiter,
                 {},
                 sniffed == '\t' ? QStringLiteral("tab") : QString(QLatin1Char(sniffed))});
        }
    }
    if (options.header < 0) {
        // A header is a first record without numbers; data rows almost always have one.
        std::int64_t ignored;
        double ignoredD;
        const auto firstEnd = sample.find_first_of("\r\n");
        const std::string_view first = sample.substr(0, firstEnd);
        bool anyNumber = false;
        std::size_t start = 0;
        while (start <= first.size()) {
            auto end = first.find(options.delimiter, start);
            if (end == std::string_view::npos) end = first.size();
            std::string_view f = first.substr(start, end - start);
            while (!f.empty() && (f.front() == ' ' || f.front() == '"')) f.remove_prefix(1);
            while (!f.empty() && (f.back() == ' ' || f.back() == '"')) f.remove_suffix(1);
            if (parseInt64(f, &ignored) != IntParse::NotANumber || parseDouble(f, &ignoredD))
                anyNumber = true;
            start = end + 1;
        }
        options.header = anyNumber ? 0 : 1;
    }

    CsvState state;
    state.options = &options;
    state.path = displayPath;
    state.preview = preview;
    state.bytesTotal = data.size();
    if (preview) preview->rows.clear(), preview->header.clear();

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        return makeError(displayPath, 0, 0, QStringLiteral("could not initialise the CSV parser"),
                         QStringLiteral("free some memory and retry"));
    }
    csv_set_delim(&parser, static_cast<unsigned char>(options.delimiter));
    csv_set_quote(&parser, static_cast<unsigned char>(options.quote));
    if (options.delimiter == '\t') csv_set_space_func(&parser, noSpace);
    struct ParserGuard {
        csv_parser* p;
        ~ParserGuard() { csv_free(p); }
    } guard{&parser};

    const std::size_t total = data.size();
    std::size_t pos = 0;
    std::int64_t linesSinceReport = 0;
    while (pos < total && !state.stop) {
        const void* nl = std::memchr(data.data() + pos, '\n', total - pos);
        const std::size_t end =
            nl ? std::size_t(static_cast<const char*>(nl) - data.data()) + 1 : total;
        const std::size_t len = end - pos;
        state.recordBytes += std::int64_t(len);
        state.bytesFed = end;
        if (state.recordBytes > options.maxRecordBytes) {
            const bool spansLines = state.recordBytes > std::int64_t(len);
            return makeError(
                displayPath, spansLines ? state.recordLine : state.line, 0,
                QStringLiteral("a record longer than %1 MiB").arg(options.maxRecordBytes >> 20),
                spansLines ? QStringLiteral("a quote opened here is probably never "
                                            "closed; close it or remove it")
                           : QStringLiteral("check the delimiter and line endings; "
                                            "lines this long are not tabular data"));
        }
        const std::string_view lineText(data.data() + pos, len);
        const bool quoteFree = !options.quote || !std::memchr(lineText.data(), options.quote, len);
        if (quoteFree && !state.recordOpen) {
            // Most lines hold no quote: split them directly (libcsv copies every byte through its
            // state machine, which made loading slower than pandas); quoted lines go to libcsv.
            state.splitPlainLine(lineText, options.delimiter);
        } else if (!state.recordOpen &&
                   state.splitLineWithQuotes(lineText, options.delimiter, options.quote)) {
            // a one-line record with quotes, lone quotes kept as text
        } else {
            state.recordOpen = true;  // cleared when libcsv reports the record's end
            if (csv_parse(&parser, data.data() + pos, len, fieldCallback, recordCallback, &state) !=
                len) {
                return makeError(
                    displayPath, state.line, state.field + 1,
                    QStringLiteral("malformed quoted field (%1)")
                        .arg(QString::fromLatin1(csv_strerror(csv_error(&parser)))),
                    QStringLiteral("a quote inside a quoted field must be doubled (\"\")"));
            }
        }
        pos = end;
        ++state.line;
        if (++linesSinceReport == 65536) {
            linesSinceReport = 0;
            if (job.cancelled()) return cancelledError(displayPath);
            job.report({QStringLiteral("parse"), double(pos) / double(total), std::int64_t(pos),
                        std::int64_t(total)});
        }
    }
    if (!state.stop && csv_fini(&parser, fieldCallback, recordCallback, &state) != 0) {
        return makeError(displayPath, state.recordLine, state.field + 1,
                         QStringLiteral("quoted field is never closed"),
                         QStringLiteral("add the closing quote (\") or remove the opening one"));
    }
    if (state.error) return *state.error;
    state.finalizeTypes();
    if (state.error) return *state.error;
    if (state.rows == 0 && !state.rejected.empty()) {
        const auto& first = state.rejected.front();
        return makeError(displayPath, first.firstLine, 0,
                         QStringLiteral("none of the %1 rows reads (the first: %2)")
                             .arg(state.rejected.size())
                             .arg(first.reason),
                         QStringLiteral("check the column types and the delimiter"));
    }
    if (state.rows == 0) {
        return makeError(displayPath, state.line, 0,
                         options.header == 1
                             ? QStringLiteral("the file has a header but no data rows")
                             : QStringLiteral("the file has no data rows"),
                         QStringLiteral("add data rows below the header"));
    }
    Dataset dataset = std::move(state.dataset);
    dataset.setSourcePath(displayPath);
    if (!state.rejected.empty()) {
        QString written;
        if (!options.rejectsFolder.isEmpty()) {
            auto file = writeRejects(data, options.header == 1, state.rejected, displayPath,
                                     options.rejectsFolder);
            if (!file) return file.error();
            written = *file;
        }
        dataset.setRejected(std::int64_t(state.rejected.size()), written);
        const auto& first = state.rejected.front();
        dataset.addNote(
            QStringLiteral("%1 row(s) did not read and were set aside%2; the first, line %3: %4")
                .arg(state.rejected.size())
                .arg(written.isEmpty() ? QString() : QStringLiteral(" in ") + written)
                .arg(first.firstLine)
                .arg(first.reason));
    }
    if (state.loneQuoteLines > 0) {
        dataset.addNote(QStringLiteral("%1 line(s), the first at line %2, hold a quote inside an "
                                       "unquoted field; it is kept as text (as pandas reads it)")
                            .arg(state.loneQuoteLines)
                            .arg(state.firstLoneQuoteLine));
    }
    if (readAsLatin1)
        dataset.addNote(
            QStringLiteral("the file is not UTF-8; it was read as Latin-1 "
                           "(Windows-1252), as spreadsheet exports often are"));
    for (const QString& column : state.decimalCommaColumns)
        dataset.addNote(QStringLiteral("column '%1' writes decimals with a comma (12,99); it was "
                                       "read as numbers")
                            .arg(column));
    if (options.inferRoles) inferRoles(dataset);
    options.mapping.applyRoles(dataset);
    job.report({QStringLiteral("parse"), 1.0, std::int64_t(total), std::int64_t(total)});
    return dataset;
}

Result<Dataset> readCsvFile(const QString& path, const CsvOptions& options, const JobContext& job,
                            CsvPreview* preview) {
    auto bytes = FileBytes::open(path);
    if (!bytes) return bytes.error();
    auto result = parseCsv(bytes->view(), path, options, job, preview);
    if (result) {
        result->setName(QFileInfo(path).completeBaseName());
    }
    return result;
}

}  // namespace adstudio
