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
// Epoch seconds from ISO 8601 "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" or with 'T' and optional 'Z'.
bool parseIsoTimestamp(std::string_view text, std::int64_t* out);
// "", NA, N/A, null, NULL, NaN, nan, None: the spellings of "no value" seen in exported tables.
bool isMissingToken(std::string_view text);
// Offset of the first byte that breaks UTF-8, or npos when the text is valid.
std::size_t findInvalidUtf8(std::string_view text);
// Latin-1 bytes to UTF-8 (MovieLens titles are Latin-1).
std::string latin1ToUtf8(std::string_view text);

}  // namespace adstudio
