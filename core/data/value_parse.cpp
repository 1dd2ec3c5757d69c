// SPDX-License-Identifier: MIT
#include "data/value_parse.h"

#include <charconv>
#include <cmath>

namespace adstudio {

IntParse parseInt64(std::string_view text, std::int64_t* out) {
    if (text.empty()) return IntParse::NotANumber;
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (*begin == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, *out);
    if (ec == std::errc::result_out_of_range) return IntParse::Overflow;
    if (ec != std::errc() || ptr != end) return IntParse::NotANumber;
    return IntParse::Ok;
}

bool parseDouble(std::string_view text, double* out) {
    if (text.empty()) return false;
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (*begin == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, *out);
    return ec == std::errc() && ptr == end && std::isfinite(*out);
}

namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    *out = value;
    return true;
}

// Howard Hinnant's days_from_civil.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

}  // namespace

bool parseIsoTimestamp(std::string_view text, std::int64_t* out) {
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
    if (!digits(text, 0, 4, &year) || !digits(text, 5, 2, &month) || !digits(text, 8, 2, &day))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    std::size_t pos = 10;
    if (pos < text.size()) {
        if (text[pos] != ' ' && text[pos] != 'T') return false;
        if (!digits(text, pos + 1, 2, &hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !digits(text, pos + 4, 2, &minute))
            return false;
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            if (!digits(text, pos + 1, 2, &second)) return false;
            pos += 3;
            if (pos < text.size() && text[pos] == '.') {  // fractional seconds are dropped
                ++pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            }
        }
        int offsetMinutes = 0;
        if (pos < text.size() && text[pos] == 'Z') {
            ++pos;
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            const int sign = text[pos] == '-' ? -1 : 1;
            int zoneHours = 0, zoneMinutes = 0;
            if (!digits(text, pos + 1, 2, &zoneHours)) return false;
            pos += 3;
            if (pos < text.size() && text[pos] == ':') ++pos;
            if (pos < text.size()) {
                if (!digits(text, pos, 2, &zoneMinutes)) return false;
                pos += 2;
            }
            if (zoneHours > 14 || zoneMinutes > 59) return false;
            offsetMinutes = sign * (zoneHours * 60 + zoneMinutes);
        }
        if (pos != text.size() || hour > 23 || minute > 59 || second > 60) return false;
        minute -= offsetMinutes;  // to UTC
    }
    *out = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 +
           std::int64_t(minute) * 60 + second;
    return true;
}

bool parseDecimalComma(std::string_view text, double* out) {
    std::string plain;
    plain.reserve(text.size());
    std::size_t digitsSinceDot = 0;
    bool comma = false, grouped = false, anyDigit = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            plain += c, ++digitsSinceDot, anyDigit = true;
        } else if (c == '-' && i == 0) {
            plain += c;
        } else if (c == '.' && !comma && anyDigit) {
            // a thousands separator: three digits must follow before the next separator
            if (grouped && digitsSinceDot != 3) return false;
            grouped = true, digitsSinceDot = 0;
        } else if (c == ',' && !comma && anyDigit) {
            if (grouped && digitsSinceDot != 3) return false;
            comma = true, plain += '.', digitsSinceDot = 0;
        } else {
            return false;
        }
    }
    if (!comma || digitsSinceDot == 0) return false;
    return parseDouble(plain, out);
}

bool looksLikeLatin1(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    bool invalid = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (s[i] < 0x80) continue;
        const std::size_t rest = text.size() - i;
        const int need = (s[i] & 0xE0) == 0xC0   ? 1
                         : (s[i] & 0xF0) == 0xE0 ? 2
                         : (s[i] & 0xF8) == 0xF0 ? 3
                                                 : 0;
        bool sequence = need > 0 && rest > std::size_t(need) && s[i] >= 0xC2;
        for (int k = 1; sequence && k <= need; ++k) sequence = (s[i + k] & 0xC0) == 0x80;
        if (sequence) return false;  // real UTF-8 text somewhere: not a Latin-1 file
        invalid = true;
    }
    return invalid;
}

bool isMissingToken(std::string_view text) {
    switch (text.size()) {
        case 0:
            return true;
        case 2:
            return text == "NA";
        case 3:
            return text == "N/A" || text == "NaN" || text == "nan";
        case 4:
            return text == "null" || text == "NULL" || text == "None";
        default:
            return false;
    }
}

std::size_t findInvalidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        const bool overlong =
            (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::string latin1ToUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(char(0xC0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

}  // namespace adstudio
