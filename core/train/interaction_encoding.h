// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/movielens.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace adstudio {

// What the recommender learns from a table of interactions.
enum class RecommenderTask {
    Auto,      // Ctr when a label column exists, else Implicit
    Implicit,  // every row is a positive; negatives are sampled (MovieLens, NCF, purchase logs)
    Ctr,       // rows carry a 0/1 label (impressions with clicks)
    Rating,    // rows carry a rating to regress (MSE)
};
QString recommenderTaskName(RecommenderTask task);
bool parseRecommenderTask(const QString& text, RecommenderTask* out);

enum class FeatureSource { User, Item, Context };

// One categorical input field. Code 0 is "unknown or missing"; vocabulary[code] is its label.
struct CategoricalField {
    QString name;
    FeatureSource source = FeatureSource::Context;
    QStringList vocabulary;
};

// One numeric input field, standardized with the training statistics.
struct NumericField {
    QString name;
    FeatureSource source = FeatureSource::Context;
    double mean = 0;
    double scale = 1;
};

// Interactions as dense integer codes and float tables, ready for tensors. Users and items get
// dense indices 0..n-1 (the id fields); side features live in per-user and per-item tables so
// a sampled negative item brings its own features.
struct EncodedInteractions {
public:
    RecommenderTask task = RecommenderTask::Implicit;
    // A click log of fields alone (Criteo, Avazu, a CRM export): no user or item column, so one
    // placeholder user and item stand for every row and only the fields carry information.
    bool featureOnly = false;
    QString userColumn, itemColumn, labelColumn;
    QString itemCategoryColumn;  // the catalogue's category (role or name); empty when none
    QStringList userIds;         // dense index -> raw id
    QStringList itemIds;
    std::vector<std::int32_t> users;  // per row
    std::vector<std::int32_t> items;
    std::vector<float> labels;             // 1 for implicit rows
    std::vector<std::int64_t> timestamps;  // empty when the source has none

    // Side fields beyond the ids, in order: user, item, context.
    std::vector<CategoricalField> categorical;
    std::vector<NumericField> numeric;
    int userCategorical = 0, itemCategorical = 0, contextCategorical = 0;
    int userNumeric = 0, itemNumeric = 0, contextNumeric = 0;
    std::vector<std::int32_t> userCodes, itemCodes, contextCodes;  // row-major tables
    std::vector<float> userValues, itemValues, contextValues;

    std::int64_t rows() const { return std::int64_t(users.size()); }
    int userCount() const { return userIds.size(); }
    int itemCount() const { return itemIds.size(); }
    // Dense index of a raw id, -1 when unknown.
    int userIndex(const QString& id) const { return m_userIndex.value(id, -1); }
    int itemIndex(const QString& id) const { return m_itemIndex.value(id, -1); }
    void rebuildIndex();
    // Field list for model.json: names, sources, vocabularies and scaling.
    QJsonObject describeFields() const;

private:
    QHash<QString, int> m_userIndex, m_itemIndex;
};

// Builds the encoding. Roles decide the columns: User and Item ids, Label or Rating, Timestamp;
// the side tables are joined by their User/Item columns. Categorical columns, integer columns
// with few values and "a;b" tag lists (as one 0/1 field per tag) become categorical fields;
// other numbers become standardized numeric fields; free text is skipped.
// A log with a 0/1 label but no user or item column is encoded feature-only, as CTR practice
// does for Criteo-style logs: text columns keep the values seen at least a few times (the rest
// share the "?" bucket), heavy-tailed counts are log-square bucketed, an id column present
// becomes an ordinary field.
Result<EncodedInteractions> encodeInteractions(const InteractionData& data, RecommenderTask task);

// The shape of a saved encoding (fields and ids, no rows) from describeFields() and the ids.
EncodedInteractions encodingFromJson(const QJsonObject& fields, const QStringList& userIds,
                                     const QStringList& itemIds);

}  // namespace adstudio
