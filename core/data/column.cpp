// SPDX-License-Identifier: MIT
#include "data/column.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace adstudio {

namespace {
const char* const kTypeNames[] = {"integer", "float", "categorical", "text", "timestamp"};
const char* const kRoleNames[] = {"feature",   "user",       "item",       "label",     "rating",
                                  "timestamp", "image_path", "ignore",     "item_name", "price",
                                  "brand",     "category",   "landing_url"};
static_assert(std::size(kRoleNames) == kColumnRoleCount);
}  // namespace

QString columnTypeName(ColumnType type) {
    return QString::fromLatin1(kTypeNames[int(type)]);
}
QString columnRoleName(ColumnRole role) {
    return QString::fromLatin1(kRoleNames[int(role)]);
}

bool parseColumnType(const QString& text, ColumnType* out) {
    for (int i = 0; i < 5; ++i) {
        if (text.compare(QLatin1String(kTypeNames[i]), Qt::CaseInsensitive) == 0) {
            *out = ColumnType(i);
            return true;
        }
    }
    return false;
}

bool parseColumnRole(const QString& text, ColumnRole* out) {
    for (int i = 0; i < kColumnRoleCount; ++i) {
        if (text.compare(QLatin1String(kRoleNames[i]), Qt::CaseInsensitive) == 0) {
            *out = ColumnRole(i);
            return true;
        }
    }
    return false;
}

bool feedsModel(ColumnRole role) {
    return role == ColumnRole::Feature || role == ColumnRole::Category ||
           role == ColumnRole::Brand || role == ColumnRole::Price;
}

Column::Column(QString name, ColumnType type) : m_name(std::move(name)), m_type(type) {}

Column::Column(const Column& other)
    : m_name(other.m_name),
      m_type(other.m_type),
      m_role(other.m_role),
      m_size(other.m_size),
      m_ints(other.m_ints),
      m_floats(other.m_floats),
      m_textData(other.m_textData),
      m_textOffsets(other.m_textOffsets),
      m_categories(other.m_categories),
      m_missing(other.m_missing) {}  // the category index points into m_categories: rebuilt lazily

Column& Column::operator=(const Column& other) {
    if (this != &other) {
        Column copy(other);
        *this = std::move(copy);
    }
    return *this;
}

bool Column::isNumeric() const {
    return m_type == ColumnType::Integer || m_type == ColumnType::Float ||
           m_type == ColumnType::Timestamp;
}

void Column::reserve(std::int64_t rows) {
    switch (m_type) {
        case ColumnType::Float:
            m_floats.reserve(rows);
            break;
        case ColumnType::Text:
            m_textOffsets.reserve(rows + 1);
            break;
        default:
            m_ints.reserve(rows);
    }
}

std::int64_t Column::missingCount() const {
    return std::count(m_missing.begin(), m_missing.end(), std::uint8_t(1));
}

double Column::numberAt(std::int64_t row) const {
    if (isMissing(row)) return std::numeric_limits<double>::quiet_NaN();
    switch (m_type) {
        case ColumnType::Integer:
        case ColumnType::Timestamp:
            return double(m_ints[row]);
        case ColumnType::Float:
            return m_floats[row];
        default:
            return std::numeric_limits<double>::quiet_NaN();
    }
}

std::string_view Column::textAt(std::int64_t row) const {
    if (isMissing(row)) return {};
    if (m_type == ColumnType::Text) {
        const auto begin = m_textOffsets[row];
        return std::string_view(m_textData).substr(begin, m_textOffsets[row + 1] - begin);
    }
    if (m_type == ColumnType::Categorical) return m_categories[m_ints[row]];
    return {};
}

QString Column::displayAt(std::int64_t row) const {
    if (isMissing(row)) return {};
    switch (m_type) {
        case ColumnType::Integer:
            return QString::number(m_ints[row]);
        case ColumnType::Float:
            return QString::number(m_floats[row], 'g', 10);
        case ColumnType::Timestamp:
            return QDateTime::fromSecsSinceEpoch(m_ints[row], Qt::UTC).toString(Qt::ISODate);
        case ColumnType::Categorical:
        case ColumnType::Text: {
            const auto text = textAt(row);
            return QString::fromUtf8(text.data(), qsizetype(text.size()));
        }
    }
    return {};
}

void Column::appendInt(std::int64_t value) {
    if (m_type == ColumnType::Float) {
        m_floats.push_back(double(value));
    } else {
        m_ints.push_back(value);
    }
    if (!m_missing.empty()) m_missing.push_back(0);
    ++m_size;
}

void Column::appendFloat(double value) {
    m_floats.push_back(value);
    if (!m_missing.empty()) m_missing.push_back(0);
    ++m_size;
}

std::int32_t Column::internCategory(std::string_view value) {
    if (!m_categoryIndex) {
        m_categoryIndex = std::make_unique<std::unordered_map<std::string_view, std::int32_t>>();
        // Labels live in m_categories; reserve so views stay valid while the dictionary grows.
        for (std::size_t i = 0; i < m_categories.size(); ++i) {
            m_categoryIndex->emplace(m_categories[i], std::int32_t(i));
        }
    }
    auto it = m_categoryIndex->find(value);
    if (it != m_categoryIndex->end()) return it->second;
    const auto code = std::int32_t(m_categories.size());
    const bool willReallocate = m_categories.size() == m_categories.capacity();
    m_categories.emplace_back(value);
    if (willReallocate) {
        // Short strings live inside std::string (SSO) and move on reallocation: re-point views.
        m_categoryIndex->clear();
        for (std::size_t i = 0; i < m_categories.size(); ++i) {
            m_categoryIndex->emplace(m_categories[i], std::int32_t(i));
        }
    } else {
        m_categoryIndex->emplace(m_categories.back(), code);
    }
    return code;
}

void Column::appendText(std::string_view value) {
    if (m_type == ColumnType::Categorical) {
        m_ints.push_back(internCategory(value));
    } else {
        m_textData.append(value.data(), value.size());
        m_textOffsets.push_back(m_textData.size());
    }
    if (!m_missing.empty()) m_missing.push_back(0);
    ++m_size;
}

void Column::truncate(std::int64_t rows) {
    if (rows >= m_size) return;
    switch (m_type) {
        case ColumnType::Float:
            m_floats.resize(std::size_t(rows));
            break;
        case ColumnType::Text:
            m_textOffsets.resize(std::size_t(rows) + 1);
            m_textData.resize(m_textOffsets.back());
            break;
        default:
            m_ints.resize(std::size_t(rows));
    }
    if (!m_missing.empty()) m_missing.resize(std::size_t(rows));
    m_size = rows;
}

void Column::appendMissing() {
    if (m_missing.empty()) m_missing.assign(std::size_t(m_size), 0);
    switch (m_type) {
        case ColumnType::Float:
            m_floats.push_back(std::numeric_limits<double>::quiet_NaN());
            break;
        case ColumnType::Text:
            m_textOffsets.push_back(m_textData.size());
            break;
        case ColumnType::Categorical:
            m_ints.push_back(-1);
            break;
        default:
            m_ints.push_back(0);
    }
    m_missing.push_back(1);
    ++m_size;
}

void Column::setMissing(std::int64_t row, bool missing) {
    if (!missing && m_missing.empty()) return;
    if (m_missing.empty()) m_missing.assign(std::size_t(m_size), 0);
    m_missing[row] = missing ? 1 : 0;
}

void Column::convertIntegerToFloat() {
    if (m_type != ColumnType::Integer) return;
    m_floats.resize(m_ints.size());
    for (std::size_t i = 0; i < m_ints.size(); ++i) {
        m_floats[i] = isMissing(std::int64_t(i)) ? std::numeric_limits<double>::quiet_NaN()
                                                 : double(m_ints[i]);
    }
    std::vector<std::int64_t>().swap(m_ints);
    m_type = ColumnType::Float;
}

Column Column::take(const std::vector<std::int64_t>& rows) const {
    Column out(m_name, m_type);
    out.m_role = m_role;
    out.m_categories = m_categories;
    out.reserve(std::int64_t(rows.size()));
    for (const auto row : rows) {
        if (isMissing(row)) {
            out.appendMissing();
            continue;
        }
        switch (m_type) {
            case ColumnType::Float:
                out.appendFloat(m_floats[row]);
                break;
            case ColumnType::Text:
                out.appendText(textAt(row));
                break;
            default:  // codes are shared because the dictionary is copied whole
                out.appendInt(m_ints[row]);
        }
    }
    return out;
}

}  // namespace adstudio
