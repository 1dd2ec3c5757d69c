// SPDX-License-Identifier: MIT
// libFuzzer target: the cell parsers every loaded value goes through (integers, decimals with a
// point or a comma, ISO timestamps, missing-value tokens, UTF-8 checks and Latin-1 decoding).
// Each must return an answer for any bytes; a parsed number must print back as a number.
#include "data/value_parse.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::int64_t integer = 0;
    (void)adstudio::parseInt64(text, &integer);
    double number = 0;
    if (adstudio::parseDouble(text, &number) && std::isnan(number) && !text.empty() &&
        text.find_first_of("nN") == std::string_view::npos)
        std::abort();  // a NaN from text that never spelled one
    (void)adstudio::parseDecimalComma(text, &number);
    std::int64_t seconds = 0;
    (void)adstudio::parseIsoTimestamp(text, &seconds);
    (void)adstudio::isMissingToken(text);
    const std::size_t invalid = adstudio::findInvalidUtf8(text);
    if (invalid != std::string_view::npos && invalid >= text.size()) std::abort();
    const std::string utf8 = adstudio::latin1ToUtf8(text);
    // Latin-1 decoding yields valid UTF-8, at most two bytes per byte.
    if (adstudio::findInvalidUtf8(utf8) != std::string_view::npos || utf8.size() > 2 * size)
        std::abort();
    (void)adstudio::looksLikeLatin1(text);
    return 0;
}
