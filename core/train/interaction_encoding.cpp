// SPDX-License-Identifier: MIT
#include "train/interaction_encoding.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>

namespace adstudio {
namespace {

constexpr int kMaxTags = 64;               // a tag list with more distinct tags is free text
constexpr int kMaxIntegerCategories = 32;  // integers with more values are numeric
constexpr int kMaxCategories = 100000;

QString idText(const Column& column, std::int64_t row) {
    if (column.type() == ColumnType::Integer) return QString::number(column.intAt(row));
    return QString::fromUtf8(column.textAt(row).data(), int(column.textAt(row).size()));
}

bool looksLikeTagList(const Column& column, QStringList* tags) {
    if (column.type() != ColumnType::Text && column.type() != ColumnType::Categorical) return false;
    const std::int64_t sample = std::min<std::int64_t>(column.size(), 2000);
    std::int64_t withSeparator = 0;
    QSet<QString> distinct;
    const QRegularExpression separator("[;|]");
    for (std::int64_t row = 0; row < column.size(); ++row) {
        const QString text = idText(column, row);
        if (row < sample && (text.contains(';') || text.contains('|'))) ++withSeparator;
        if (row == sample && withSeparator * 10 < sample) return false;  // not a tag list
        for (const QString& tag : text.split(separator, Qt::SkipEmptyParts)) {
            distinct.insert(tag.trimmed());
            if (distinct.size() > kMaxTags) return false;
        }
    }
    if (withSeparator * 10 < sample) return false;
    *tags = QStringList(distinct.begin(), distinct.end());
    tags->sort();
    return !tags->isEmpty();
}

// Appends one table's feature columns as fields; codes/values are filled per table row.
struct TableFeatures {
    std::vector<CategoricalField> categorical;
    std::vector<NumericField> numeric;
    std::vector<std::vector<std::int32_t>> codes;  // per field, per table row
    std::vector<std::vector<float>> values;
};

// How a feature-only log's fields are encoded (CTR practice for Criteo-style logs).
struct FieldPractice {
    bool featureOnly = false;
    std::int64_t minCount = 1;  // a text value seen fewer times shares the "?" bucket
};

bool isFeature(const Column& column, const FieldPractice& practice) {
    if (feedsModel(column.role())) return true;
    // Without the other id column, an id present is an ordinary (frequency-encoded) field.
    return practice.featureOnly &&
           (column.role() == ColumnRole::User || column.role() == ColumnRole::Item);
}

// A text column as a categorical field of its values seen at least `minCount` times, most
// frequent first; false (the column is free text) when those cover under 5% of its rows.
bool appendFrequencyField(const Column& column, FeatureSource source, std::int64_t minCount,
                          TableFeatures* out) {
    std::unordered_map<std::string_view, std::int64_t> counts;
    std::int64_t present = 0;
    for (std::int64_t row = 0; row < column.size(); ++row) {
        if (column.isMissing(row)) continue;
        ++counts[column.textAt(row)];
        ++present;
    }
    std::vector<std::pair<std::string_view, std::int64_t>> kept;
    std::int64_t covered = 0;
    for (const auto& [value, count] : counts) {
        if (count < minCount) continue;
        kept.emplace_back(value, count);
        covered += count;
    }
    if (kept.empty() || covered * 20 < present || int(kept.size()) > kMaxCategories) return false;
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    CategoricalField field{column.name(), source, {"?"}};
    std::unordered_map<std::string_view, std::int32_t> codeOf;
    for (const auto& [value, count] : kept) {
        codeOf.emplace(value, std::int32_t(field.vocabulary.size()));
        field.vocabulary.append(QString::fromUtf8(value.data(), int(value.size())));
    }
    std::vector<std::int32_t> codes(std::size_t(column.size()), 0);
    for (std::int64_t row = 0; row < column.size(); ++row) {
        if (column.isMissing(row)) continue;
        const auto it = codeOf.find(column.textAt(row));
        if (it != codeOf.end()) codes[std::size_t(row)] = it->second;
    }
    out->categorical.push_back(std::move(field));
    out->codes.push_back(std::move(codes));
    return true;
}

// Criteo practice for counts: values up to 2 kept, larger ones in buckets floor(ln(v)^2).
std::int64_t logSquareBucket(std::int64_t value) {
    if (value <= 2) return value;
    const double l = std::log(double(value));
    return 1000 + std::int64_t(std::floor(l * l));
}

QString logSquareLabel(std::int64_t key) {
    if (key <= 2) return QString::number(key);
    const double b = double(key - 1000);
    const auto low = std::int64_t(std::ceil(std::exp(std::sqrt(b))));
    const auto high = std::int64_t(std::ceil(std::exp(std::sqrt(b + 1)))) - 1;
    return QStringLiteral("%1..%2").arg(std::max<std::int64_t>(3, low)).arg(high);
}

// Counts with a heavy tail (99th percentile over 20x the median), which standardizing would
// squash into a few extreme values.
bool heavyTailedCounts(const Column& column) {
    std::vector<std::int64_t> values;
    values.reserve(std::size_t(column.size()));
    for (std::int64_t row = 0; row < column.size(); ++row)
        if (!column.isMissing(row)) values.push_back(column.intAt(row));
    if (values.size() < 20) return false;
    const auto at = [&](double q) {
        auto nth = values.begin() + std::ptrdiff_t(q * double(values.size() - 1));
        std::nth_element(values.begin(), nth, values.end());
        return *nth;
    };
    const std::int64_t median = at(0.5), p99 = at(0.99);
    return values.front() >= -10 && double(p99) > 20.0 * double(std::max<std::int64_t>(1, median));
}

void appendLogSquareField(const Column& column, FeatureSource source, TableFeatures* out) {
    std::map<std::int64_t, std::int32_t> keys;
    for (std::int64_t row = 0; row < column.size(); ++row)
        if (!column.isMissing(row)) keys.emplace(logSquareBucket(column.intAt(row)), 0);
    CategoricalField field{column.name(), source, {"?"}};
    for (auto& [key, code] : keys) {
        code = std::int32_t(field.vocabulary.size());
        field.vocabulary.append(logSquareLabel(key));
    }
    std::vector<std::int32_t> codes(std::size_t(column.size()), 0);
    for (std::int64_t row = 0; row < column.size(); ++row)
        if (!column.isMissing(row))
            codes[std::size_t(row)] = keys[logSquareBucket(column.intAt(row))];
    out->categorical.push_back(std::move(field));
    out->codes.push_back(std::move(codes));
}

TableFeatures tableFeatures(const Dataset& table, FeatureSource source,
                            const FieldPractice& practice = {}) {
    TableFeatures out;
    for (const Column& column : table.columns()) {
        if (!isFeature(column, practice)) continue;
        const std::int64_t rows = column.size();
        QStringList tags;
        if (looksLikeTagList(column, &tags)) {
            // One 0/1 field per tag; each row is split once (1 = absent, 2 = present).
            const std::size_t first = out.codes.size();
            for (const QString& tag : tags) {
                out.categorical.push_back({column.name() + "=" + tag, source, {"?", "no", "yes"}});
                out.codes.emplace_back(std::size_t(rows), 0);
            }
            const QRegularExpression separator("[;|]");
            for (std::int64_t row = 0; row < rows; ++row) {
                if (column.isMissing(row)) continue;
                for (std::size_t t = 0; t < std::size_t(tags.size()); ++t)
                    out.codes[first + t][std::size_t(row)] = 1;
                for (const QString& p : idText(column, row).split(separator, Qt::SkipEmptyParts)) {
                    const int t = tags.indexOf(p.trimmed());
                    if (t >= 0) out.codes[first + std::size_t(t)][std::size_t(row)] = 2;
                }
            }
            continue;
        }
        if (practice.featureOnly &&
            (column.type() == ColumnType::Categorical || column.type() == ColumnType::Text)) {
            appendFrequencyField(column, source, practice.minCount, &out);
            continue;
        }
        if (column.type() == ColumnType::Categorical &&
            int(column.categories().size()) <= kMaxCategories) {
            CategoricalField field{column.name(), source, {"?"}};
            for (const auto& label : column.categories())
                field.vocabulary.append(QString::fromStdString(label));
            std::vector<std::int32_t> codes(std::size_t(rows), 0);
            for (std::int64_t row = 0; row < rows; ++row)
                if (!column.isMissing(row))
                    codes[std::size_t(row)] = std::int32_t(column.intAt(row) + 1);
            out.categorical.push_back(std::move(field));
            out.codes.push_back(std::move(codes));
            continue;
        }
        if (column.type() == ColumnType::Integer) {
            std::map<std::int64_t, std::int32_t> values;
            for (std::int64_t row = 0; row < rows && int(values.size()) <= kMaxIntegerCategories;
                 ++row)
                if (!column.isMissing(row)) values.emplace(column.intAt(row), 0);
            if (int(values.size()) <= kMaxIntegerCategories) {
                CategoricalField field{column.name(), source, {"?"}};
                for (auto& [value, code] : values) {
                    code = std::int32_t(field.vocabulary.size());
                    field.vocabulary.append(QString::number(value));
                }
                std::vector<std::int32_t> codes(std::size_t(rows), 0);
                for (std::int64_t row = 0; row < rows; ++row)
                    if (!column.isMissing(row)) codes[std::size_t(row)] = values[column.intAt(row)];
                out.categorical.push_back(std::move(field));
                out.codes.push_back(std::move(codes));
                continue;
            }
            if (practice.featureOnly && heavyTailedCounts(column)) {
                appendLogSquareField(column, source, &out);
                continue;
            }
        }
        if (column.type() == ColumnType::Integer || column.type() == ColumnType::Float) {
            double sum = 0, squares = 0;
            std::int64_t present = 0;
            for (std::int64_t row = 0; row < rows; ++row) {
                const double v = column.numberAt(row);
                if (std::isnan(v)) continue;
                sum += v;
                squares += v * v;
                ++present;
            }
            const double mean = present ? sum / double(present) : 0;
            const double variance = present ? squares / double(present) - mean * mean : 0;
            const double scale = variance > 1e-12 ? std::sqrt(variance) : 1;
            std::vector<float> values(std::size_t(rows), 0.f);
            for (std::int64_t row = 0; row < rows; ++row) {
                const double v = column.numberAt(row);
                if (!std::isnan(v)) values[std::size_t(row)] = float((v - mean) / scale);
            }
            out.numeric.push_back({column.name(), source, mean, scale});
            out.values.push_back(std::move(values));
        }
        // Free text, timestamps: not model inputs.
    }
    return out;
}

// Copies a side table's features into per-entity rows (entity order = dense ids).
void scatterFeatures(const TableFeatures& features, const std::vector<std::int64_t>& tableRowOf,
                     std::vector<std::int32_t>* codes, std::vector<float>* values) {
    const std::size_t entities = tableRowOf.size();
    const std::size_t nc = features.codes.size(), nv = features.values.size();
    codes->assign(entities * nc, 0);
    values->assign(entities * nv, 0.f);
    for (std::size_t e = 0; e < entities; ++e) {
        const std::int64_t row = tableRowOf[e];
        if (row < 0) continue;
        for (std::size_t f = 0; f < nc; ++f)
            (*codes)[e * nc + f] = features.codes[f][std::size_t(row)];
        for (std::size_t f = 0; f < nv; ++f)
            (*values)[e * nv + f] = features.values[f][std::size_t(row)];
    }
}

const Column* keyColumn(const Dataset& table, ColumnRole role, const QString& name) {
    if (const Column* byRole = table.findRole(role)) return byRole;
    return table.find(name);
}

// For each dense id, the side table row holding it (-1 when the table lacks it).
std::vector<std::int64_t> joinRows(const Dataset& table, const Column& key,
                                   const QStringList& ids) {
    QHash<QString, std::int64_t> rowOf;
    for (std::int64_t row = 0; row < key.size(); ++row) rowOf.insert(idText(key, row), row);
    std::vector<std::int64_t> rows(std::size_t(ids.size()), -1);
    for (int i = 0; i < ids.size(); ++i) rows[std::size_t(i)] = rowOf.value(ids[i], -1);
    return rows;
}

// Dense ids for an id column, in order of first appearance.
std::vector<std::int32_t> denseIds(const Column& column, QStringList* ids) {
    std::vector<std::int32_t> out(std::size_t(column.size()));
    if (column.type() == ColumnType::Integer) {
        std::unordered_map<std::int64_t, std::int32_t> index;
        for (std::int64_t row = 0; row < column.size(); ++row) {
            auto [it, inserted] = index.emplace(column.intAt(row), std::int32_t(index.size()));
            if (inserted) ids->append(QString::number(column.intAt(row)));
            out[std::size_t(row)] = it->second;
        }
        return out;
    }
    std::unordered_map<std::string, std::int32_t> index;
    for (std::int64_t row = 0; row < column.size(); ++row) {
        const std::string key(column.textAt(row));
        auto [it, inserted] = index.emplace(key, std::int32_t(index.size()));
        if (inserted) ids->append(QString::fromStdString(key));
        out[std::size_t(row)] = it->second;
    }
    return out;
}

void appendFields(EncodedInteractions* out, const TableFeatures& features) {
    out->categorical.insert(out->categorical.end(), features.categorical.begin(),
                            features.categorical.end());
    out->numeric.insert(out->numeric.end(), features.numeric.begin(), features.numeric.end());
}

QString sourceName(FeatureSource source) {
    switch (source) {
        case FeatureSource::User:
            return "user";
        case FeatureSource::Item:
            return "item";
        case FeatureSource::Context:
            return "context";
    }
    return "context";
}

// The label (0 or 1) or rating of every row; an error names the first bad cell.
Status readTargets(const Dataset& table, const Column& target, RecommenderTask task,
                   const QString& file, std::vector<float>* out) {
    for (std::int64_t row = 0; row < table.rowCount(); ++row) {
        const double v = target.numberAt(row);
        const bool bad = std::isnan(v) || (task == RecommenderTask::Ctr && v != 0 && v != 1);
        if (bad) {
            return makeError(file, row + 2, table.indexOf(target.name()) + 1,
                             QString("%1 is '%2', not %3")
                                 .arg(target.name(), target.displayAt(row),
                                      task == RecommenderTask::Ctr ? "0 or 1" : "a number"),
                             "fix or remove the row");
        }
        (*out)[std::size_t(row)] = float(v);
    }
    return {};
}

// A click log of fields alone: one placeholder user and item, every field a context field.
Result<EncodedInteractions> encodeFeatureOnly(const Dataset& table, const Column& label,
                                              const QString& file) {
    EncodedInteractions out;
    out.task = RecommenderTask::Ctr;
    out.featureOnly = true;
    out.userIds = {QStringLiteral("(all)")};
    out.itemIds = {QStringLiteral("(all)")};
    const auto rows = std::size_t(table.rowCount());
    out.users.assign(rows, 0);
    out.items.assign(rows, 0);
    out.labels.assign(rows, 0.f);
    out.labelColumn = label.name();
    if (Status read = readTargets(table, label, out.task, file, &out.labels); !read)
        return read.error();
    out.rebuildIndex();
    FieldPractice practice;
    practice.featureOnly = true;
    practice.minCount = std::clamp<std::int64_t>(table.rowCount() / 10000, 2, 10);
    const TableFeatures features = tableFeatures(table, FeatureSource::Context, practice);
    std::vector<std::int64_t> identity(rows);
    for (std::size_t i = 0; i < rows; ++i) identity[i] = std::int64_t(i);
    scatterFeatures(features, identity, &out.contextCodes, &out.contextValues);
    out.contextCategorical = int(features.categorical.size());
    out.contextNumeric = int(features.numeric.size());
    appendFields(&out, features);
    if (out.categorical.empty() && out.numeric.empty())
        return makeError(file, 1, 0, "no feature columns to learn from beside the label",
                         "a click log of fields alone needs columns besides the label");
    return out;
}

}  // namespace

void EncodedInteractions::rebuildIndex() {
    m_userIndex.clear();
    m_itemIndex.clear();
    for (int i = 0; i < userIds.size(); ++i) m_userIndex.insert(userIds[i], i);
    for (int i = 0; i < itemIds.size(); ++i) m_itemIndex.insert(itemIds[i], i);
}

QJsonObject EncodedInteractions::describeFields() const {
    QJsonArray categoricalFields, numericFields;
    for (const auto& field : categorical) {
        categoricalFields.append(
            QJsonObject{{"name", field.name},
                        {"source", sourceName(field.source)},
                        {"vocabulary", QJsonArray::fromStringList(field.vocabulary)}});
    }
    for (const auto& field : numeric) {
        numericFields.append(QJsonObject{{"name", field.name},
                                         {"source", sourceName(field.source)},
                                         {"mean", field.mean},
                                         {"scale", field.scale}});
    }
    return {{"task", recommenderTaskName(task)}, {"feature_only", featureOnly},
            {"user_column", userColumn},         {"item_column", itemColumn},
            {"label_column", labelColumn},       {"item_category_column", itemCategoryColumn},
            {"categorical", categoricalFields},  {"numeric", numericFields}};
}

EncodedInteractions encodingFromJson(const QJsonObject& fields, const QStringList& userIds,
                                     const QStringList& itemIds) {
    EncodedInteractions e;
    parseRecommenderTask(fields.value("task").toString(), &e.task);
    e.featureOnly = fields.value("feature_only").toBool();
    e.userColumn = fields.value("user_column").toString();
    e.itemColumn = fields.value("item_column").toString();
    e.labelColumn = fields.value("label_column").toString();
    e.itemCategoryColumn = fields.value("item_category_column").toString();
    e.userIds = userIds;
    e.itemIds = itemIds;
    auto source = [](const QString& name) {
        return name == "user"   ? FeatureSource::User
               : name == "item" ? FeatureSource::Item
                                : FeatureSource::Context;
    };
    for (const auto& value : fields.value("categorical").toArray()) {
        const auto o = value.toObject();
        CategoricalField field{
            o.value("name").toString(), source(o.value("source").toString()), {}};
        for (const auto& label : o.value("vocabulary").toArray())
            field.vocabulary.append(label.toString());
        (field.source == FeatureSource::User   ? e.userCategorical
         : field.source == FeatureSource::Item ? e.itemCategorical
                                               : e.contextCategorical)++;
        e.categorical.push_back(field);
    }
    for (const auto& value : fields.value("numeric").toArray()) {
        const auto o = value.toObject();
        NumericField field{o.value("name").toString(), source(o.value("source").toString()),
                           o.value("mean").toDouble(), o.value("scale").toDouble(1)};
        (field.source == FeatureSource::User   ? e.userNumeric
         : field.source == FeatureSource::Item ? e.itemNumeric
                                               : e.contextNumeric)++;
        e.numeric.push_back(field);
    }
    e.rebuildIndex();
    return e;
}

Result<EncodedInteractions> encodeInteractions(const InteractionData& data, RecommenderTask task) {
    const Dataset& table = data.interactions;
    const QString file = table.sourcePath().isEmpty() ? table.name() : table.sourcePath();
    const Column* user = table.findRole(ColumnRole::User);
    const Column* item = table.findRole(ColumnRole::Item);
    const Column* label = table.findRole(ColumnRole::Label);
    const Column* rating = table.findRole(ColumnRole::Rating);
    const bool featureOnly = (!user || !item) && label &&
                             (task == RecommenderTask::Auto || task == RecommenderTask::Ctr);
    if ((!user || !item) && !featureOnly) {
        Error error = makeError(file, 0, 0, "no user and item columns found",
                                "name them user_id and item_id, or map columns to the user and "
                                "item roles; a click log of fields alone needs a 0/1 label "
                                "column (named e.g. label or clicked) for the CTR task");
        error.remedies = {{Remedy::Kind::MapColumn, {}, "user"},
                          {Remedy::Kind::MapColumn, {}, "item"}};
        return error;
    }
    if (table.rowCount() == 0)
        return makeError(file, 0, 0, "no interactions to learn from", "check the file");
    if (featureOnly) return encodeFeatureOnly(table, *label, file);
    if (task == RecommenderTask::Auto)
        task = label ? RecommenderTask::Ctr : RecommenderTask::Implicit;
    if (task == RecommenderTask::Ctr && !label) {
        return withRemedy(makeError(file, 0, 0, "the CTR task needs a 0/1 label column",
                                    "map a column to the label role, or train for the implicit "
                                    "task"),
                          {Remedy::Kind::MapColumn, {}, "label"});
    }
    if (task == RecommenderTask::Rating && !rating) {
        return withRemedy(makeError(file, 0, 0, "the rating task needs a rating column",
                                    "map a column to the rating role"),
                          {Remedy::Kind::MapColumn, {}, "rating"});
    }

    EncodedInteractions out;
    out.task = task;
    out.userColumn = user->name();
    out.itemColumn = item->name();
    out.users = denseIds(*user, &out.userIds);
    out.items = denseIds(*item, &out.itemIds);
    out.labels.assign(std::size_t(table.rowCount()), 1.f);
    const Column* target = task == RecommenderTask::Ctr      ? label
                           : task == RecommenderTask::Rating ? rating
                                                             : nullptr;
    if (target) {
        out.labelColumn = target->name();
        if (Status read = readTargets(table, *target, task, file, &out.labels); !read)
            return read.error();
    }
    if (const Column* time = table.findRole(ColumnRole::Timestamp)) {
        out.timestamps.resize(std::size_t(table.rowCount()));
        for (std::int64_t row = 0; row < table.rowCount(); ++row)
            out.timestamps[std::size_t(row)] =
                time->isMissing(row) ? 0 : std::int64_t(time->numberAt(row));
    }
    out.rebuildIndex();

    TableFeatures userFeatures, itemFeatures, contextFeatures;
    if (data.users) {
        if (const Column* key = keyColumn(*data.users, ColumnRole::User, user->name())) {
            userFeatures = tableFeatures(*data.users, FeatureSource::User);
            scatterFeatures(userFeatures, joinRows(*data.users, *key, out.userIds), &out.userCodes,
                            &out.userValues);
        }
    }
    if (data.items) {
        if (const Column* key = keyColumn(*data.items, ColumnRole::Item, item->name())) {
            itemFeatures = tableFeatures(*data.items, FeatureSource::Item);
            const Column* category = data.items->findRole(ColumnRole::Category);
            if (!category) category = data.items->find(QStringLiteral("category"));
            if (category) out.itemCategoryColumn = category->name();
            scatterFeatures(itemFeatures, joinRows(*data.items, *key, out.itemIds), &out.itemCodes,
                            &out.itemValues);
        }
    }
    // Sampled negatives have no context, so implicit feedback uses user and item features only.
    if (task != RecommenderTask::Implicit) {
        contextFeatures = tableFeatures(table, FeatureSource::Context);
        std::vector<std::int64_t> identity(std::size_t(table.rowCount()));
        for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = std::int64_t(i);
        scatterFeatures(contextFeatures, identity, &out.contextCodes, &out.contextValues);
    }
    out.userCategorical = int(userFeatures.categorical.size());
    out.itemCategorical = int(itemFeatures.categorical.size());
    out.contextCategorical = int(contextFeatures.categorical.size());
    out.userNumeric = int(userFeatures.numeric.size());
    out.itemNumeric = int(itemFeatures.numeric.size());
    out.contextNumeric = int(contextFeatures.numeric.size());
    appendFields(&out, userFeatures);
    appendFields(&out, itemFeatures);
    appendFields(&out, contextFeatures);
    return out;
}

}  // namespace adstudio
