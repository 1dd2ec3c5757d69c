// SPDX-License-Identifier: MIT
#include "data/data_settings.h"

#include <QJsonArray>

namespace adstudio {

QJsonObject DataSettings::toJson() const {
    QJsonObject columns;
    for (auto it = mapping.entries().cbegin(); it != mapping.entries().cend(); ++it) {
        QJsonObject o;
        if (it->type) o.insert("type", columnTypeName(*it->type));
        if (it->role) o.insert("role", columnRoleName(*it->role));
        columns.insert(it.key(), o);
    }
    Preprocessor unfitted;
    for (const auto& t : transforms) unfitted.add(t);
    QJsonObject json{{"columns", columns}, {"preprocess", unfitted.toJson()}};
    QJsonObject tableFiles;
    for (const auto& [key, file] : {std::pair{"interactions", tables.interactions},
                                    {"items", tables.items},
                                    {"users", tables.users}})
        if (!file.isEmpty()) tableFiles.insert(key, file);
    if (!tableFiles.isEmpty()) json.insert("tables", tableFiles);
    if (!brand.isEmpty()) json.insert("brand", brand);
    if (!currency.isEmpty()) json.insert("currency", currency);
    if (setAsideBadRows) json.insert("set_aside_bad_rows", true);
    return json;
}

Result<DataSettings> DataSettings::fromJson(const QJsonObject& json, const QString& file) {
    DataSettings settings;
    const QJsonObject columns = json.value("columns").toObject();
    for (auto it = columns.begin(); it != columns.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        ColumnType type;
        ColumnRole role;
        if (o.contains("type")) {
            if (!parseColumnType(o.value("type").toString(), &type))
                return makeError(file, 0, 0,
                                 QString("column '%1' has an unknown type '%2'")
                                     .arg(it.key(), o.value("type").toString()),
                                 "use integer, float, categorical, text or timestamp");
            settings.mapping.setType(it.key(), type);
        }
        if (o.contains("role")) {
            if (!parseColumnRole(o.value("role").toString(), &role))
                return makeError(file, 0, 0,
                                 QString("column '%1' has an unknown role '%2'")
                                     .arg(it.key(), o.value("role").toString()),
                                 "use feature, user, item, label, rating, timestamp, image_path, "
                                 "ignore, item_name, price, brand, category or landing_url");
            settings.mapping.setRole(it.key(), role);
        }
    }
    const QJsonObject tableFiles = json.value("tables").toObject();
    settings.tables.interactions = tableFiles.value("interactions").toString();
    settings.tables.items = tableFiles.value("items").toString();
    settings.tables.users = tableFiles.value("users").toString();
    settings.brand = json.value("brand").toString();
    settings.currency = json.value("currency").toString().toUpper();
    settings.setAsideBadRows = json.value("set_aside_bad_rows").toBool();
    if (json.contains("preprocess")) {
        auto preprocessor = Preprocessor::fromJson(json.value("preprocess").toObject(), file);
        if (!preprocessor) return preprocessor.error();
        settings.transforms = preprocessor->transforms();
    }
    return settings;
}

Result<LoadedSource> loadSourceWithSettings(const QString& path, const DataSettings& settings,
                                            const JobContext& job, const QString& rejectsFolder) {
    LoadOptions options;
    options.csv.mapping = settings.mapping;
    options.csv.setAsideBadRows = settings.setAsideBadRows;
    options.csv.rejectsFolder = rejectsFolder;
    options.tables = settings.tables;
    auto source = loadSource(path, options, job);
    if (!source || settings.transforms.empty()) return source;
    if (!source->tables)
        return makeError(path, 0, 0, "preprocessing applies to tables, not images",
                         "clear the preprocessing settings for an image source");
    Preprocessor preprocessor;
    for (const auto& t : settings.transforms) preprocessor.add(t);
    Dataset& table = source->tables->interactions;
    if (Status s = preprocessor.fit(table); !s) return s.error();
    auto transformed = preprocessor.apply(table);
    if (!transformed) return transformed.error();
    table = std::move(transformed.value());
    return source;
}

}  // namespace adstudio
