// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes through the CSV reader, as a user's export would arrive. The first
// byte picks the options (delimiter sniffed or given, header, quoting, Latin-1, bad rows set
// aside); the reader must answer with a Dataset or an Error, never crash, hang or leak.
#include "data/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    adstudio::CsvOptions options;
    static const char delimiters[] = {0, ',', ';', '\t'};
    options.delimiter = delimiters[flags & 3];
    options.header = (flags >> 2 & 1) ? -1 : 1;
    options.quote = (flags >> 3 & 1) ? '"' : 0;
    options.latin1 = flags >> 4 & 1;
    options.setAsideBadRows = flags >> 5 & 1;  // no rejects folder: counted, not written
    options.maxRecordBytes = 1 << 16;
    options.inferenceRows = 64;
    auto read = adstudio::parseCsv(bytes, QStringLiteral("fuzz.csv"), options);
    if (read) {
        // Every cell the reader accepted can be shown.
        const adstudio::Dataset& dataset = read.value();
        for (int c = 0; c < dataset.columnCount(); ++c)
            for (std::int64_t r = 0; r < dataset.rowCount(); ++r)
                (void)dataset.column(c).displayAt(r);
    } else {
        (void)read.error().toString();
    }
    return 0;
}
