// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/dataset.h"
#include "data/schema.h"

#include <string_view>

namespace adstudio {

struct CsvOptions {
    char delimiter = 0;                     // 0: sniff among , TAB ; |
    int header = -1;                        // -1: sniff, 0: no header, 1: first record
    char quote = '"';                       // 0 disables quoting (MovieLens titles hold quotes)
    bool latin1 = false;                    // decode bytes as Latin-1 instead of UTF-8
    QStringList columnNames;                // names to use when there is no header
    ColumnMapping mapping;                  // type and role overrides
    bool inferRoles = true;                 // guess user/item/label/... from names
    std::int64_t maxRows = -1;              // stop after this many data rows (-1: all)
    std::int64_t maxRecordBytes = 4 << 20;  // a longer record is an error, not an OOM
    int inferenceRows = 1000;               // rows sampled to infer column types
    // Rows with a value that does not read, or the wrong number of fields, are set aside instead
    // of failing the load: counted in the dataset, and copied verbatim (with the header) to
    // REJECTS/<file>.rejects.csv, their reasons to <file>.rejects.txt, when a folder is given.
    bool setAsideBadRows = false;
    QString rejectsFolder;
};

// The first rows exactly as the parser split them (quotes removed, embedded newlines kept).
struct CsvPreview {
    QStringList header;
    std::vector<QStringList> rows;
    int wanted = 0;
};

// Streams a delimited text file into a typed Dataset with libcsv. Errors name the file, the
// physical line and the field number.
Result<Dataset> readCsvFile(const QString& path, const CsvOptions& options,
                            const JobContext& job = {}, CsvPreview* preview = nullptr);
// Same, over bytes already in memory; `displayPath` is used in messages.
Result<Dataset> parseCsv(std::string_view data, const QString& displayPath,
                         const CsvOptions& options, const JobContext& job = {},
                         CsvPreview* preview = nullptr);

// Delimiter that splits the sample into the most, consistent fields; 0 when none does.
char sniffDelimiter(std::string_view sample, char quote = '"');

}  // namespace adstudio
