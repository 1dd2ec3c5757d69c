// SPDX-License-Identifier: MIT
#pragma once

#include "data/preprocess.h"
#include "data/schema.h"
#include "data/source.h"

#include <QJsonObject>

namespace adstudio {

// What a user decided about a table source: which file is which table, column type/role
// overrides of every table ("items.price_eur" for the catalogue's), the interactions'
// preprocessing, and what the catalogue does not say (the advertiser's brand, the currency).
// Kept in project.json ("data_settings") so the GUI and `adstudio-cli run --project` load the
// data the same way.
struct DataSettings {
    TableFiles tables;
    ColumnMapping mapping;
    std::vector<ColumnTransform> transforms;  // unfitted: fitted anew on every load
    QString brand;     // for items without a brand column value; empty: no logo line
    QString currency;  // ISO 4217 for prices whose column names none; empty: EUR
    // Rows that do not read are set aside in a rejects file instead of failing the load.
    bool setAsideBadRows = false;

    bool isEmpty() const {
        return tables.isEmpty() && mapping.isEmpty() && transforms.empty() && brand.isEmpty() &&
               currency.isEmpty() && !setAsideBadRows;
    }
    QJsonObject toJson() const;
    // `file` names where the JSON came from, for error messages.
    static Result<DataSettings> fromJson(const QJsonObject& json, const QString& file);
};

// Loads `path` with the mapping and then fits and applies the transforms to the interactions
// table (rows dropped by a "drop_row" policy are gone from the result). Rows set aside go to
// `rejectsFolder` (a project's rejects/).
Result<LoadedSource> loadSourceWithSettings(const QString& path, const DataSettings& settings,
                                            const JobContext& job = {},
                                            const QString& rejectsFolder = {});

}  // namespace adstudio
