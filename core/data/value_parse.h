// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace adstudio {

enum class IntParse { Ok, NotANumber, Overflow };

// Strict decimal integer (optional sign, no spaces).
IntParse parseInt64(std::string_view text, std::int64_t* out);
bool parseDouble(std::string_view text, double* out);
// A decimal written with a comma, as in German or French exports: "12,99", "-0,5", "1.234,50".
bool parseDecimalComma(std::string_view text, double* out);
// Epoch seconds (UTC) from ISO 8601 "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.fff]]", with ' ' or 'T',
// and an optional zone: 'Z', "+01:00", "+0100", "-05".
bool parseIsoTimestamp(std::string_view text, std::int64_t* out);
// "", NA, N/A, null, NULL, NaN, nan, None: the spellings of "no value" seen in exported tables.
bool isMissingToken(std::string_view text);
// Offset of the first byte that breaks UTF-8, or npos when the text is valid.
std::size_t findInvalidUtf8(std::string_view text);
// Latin-1 bytes to UTF-8 (MovieLens titles are Latin-1).
std::string latin1ToUtf8(std::string_view text);
// Holds bytes that are not UTF-8 and no multi-byte UTF-8 sequence: Latin-1 (or Windows-1252).
bool looksLikeLatin1(std::string_view text);

}  // namespace adstudio
