// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace adstudio {

enum class ColumnType : std::uint8_t { Integer, Float, Categorical, Text, Timestamp };
enum class ColumnRole : std::uint8_t {
    Feature,
    User,
    Item,
    Label,
    Rating,
    Timestamp,
    ImagePath,
    Ignore,
    // What creatives say about an item (catalogue tables). Category, brand and price also feed
    // the recommender as features; the name and the landing URL do not.
    ItemName,
    Price,
    Brand,
    Category,
    LandingUrl
};
constexpr int kColumnRoleCount = int(ColumnRole::LandingUrl) + 1;

QString columnTypeName(ColumnType type);
QString columnRoleName(ColumnRole role);
bool parseColumnType(const QString& text, ColumnType* out);
bool parseColumnRole(const QString& text, ColumnRole* out);
// Whether a column with this role is a model input (besides the user and item keys).
bool feedsModel(ColumnRole role);

// One typed column of a Dataset. Storage is a single contiguous vector per type, so a million
// rows of integers cost 8 MB, not a million QStrings. Missing values are tracked in a byte mask
// that is only allocated once the first missing value arrives.
class Column {
public:
    Column() = default;
    Column(QString name, ColumnType type);
    Column(const Column& other);
    Column& operator=(const Column& other);
    Column(Column&&) noexcept = default;
    Column& operator=(Column&&) noexcept = default;

    const QString& name() const { return m_name; }
    void setName(const QString& name) { m_name = name; }
    ColumnType type() const { return m_type; }
    ColumnRole role() const { return m_role; }
    void setRole(ColumnRole role) { m_role = role; }
    bool isNumeric() const;

    std::int64_t size() const { return m_size; }
    void reserve(std::int64_t rows);
    bool isMissing(std::int64_t row) const { return !m_missing.empty() && m_missing[row] != 0; }
    std::int64_t missingCount() const;

    // Typed reads. Integer and Timestamp use intAt; Categorical codes too.
    std::int64_t intAt(std::int64_t row) const { return m_ints[row]; }
    double floatAt(std::int64_t row) const { return m_floats[row]; }
    // Any numeric column as double; NaN when missing or not numeric.
    double numberAt(std::int64_t row) const;
    // Text and categorical labels; empty when missing.
    std::string_view textAt(std::int64_t row) const;
    // The value as a user would read it (for tables and `inspect --rows`).
    QString displayAt(std::int64_t row) const;

    // Appends (used by loaders and transforms).
    void appendInt(std::int64_t value);
    void appendFloat(double value);
    void appendText(std::string_view value);  // Text or Categorical
    void appendMissing();
    // Drops the rows from `rows` on (a row that turned out not to read is taken back).
    void truncate(std::int64_t rows);

    // Raw storage for fast numeric work.
    const std::vector<std::int64_t>& ints() const { return m_ints; }
    std::vector<std::int64_t>& ints() { return m_ints; }
    const std::vector<double>& floats() const { return m_floats; }
    std::vector<double>& floats() { return m_floats; }
    const std::vector<std::string>& categories() const { return m_categories; }
    void setMissing(std::int64_t row, bool missing);

    // Widening used when a column inferred as integer later holds fractions.
    void convertIntegerToFloat();
    // Copy of selected rows, same type, role and dictionary.
    Column take(const std::vector<std::int64_t>& rows) const;

private:
    std::int32_t internCategory(std::string_view value);

    QString m_name;
    ColumnType m_type = ColumnType::Text;
    ColumnRole m_role = ColumnRole::Feature;
    std::int64_t m_size = 0;
    std::vector<std::int64_t> m_ints;  // Integer, Timestamp (epoch seconds), Categorical code
    std::vector<double> m_floats;      // Float
    std::string m_textData;            // Text: concatenated UTF-8
    std::vector<std::uint64_t> m_textOffsets{0};
    std::vector<std::string> m_categories;  // Categorical dictionary, code -> label
    std::unique_ptr<std::unordered_map<std::string_view, std::int32_t>> m_categoryIndex;
    std::vector<std::uint8_t> m_missing;  // empty = nothing missing
};

}  // namespace adstudio
