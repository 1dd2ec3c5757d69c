// SPDX-License-Identifier: MIT
#pragma once

#include "data/preprocess.h"
#include "data/schema.h"
#include "data/source.h"

#include <QJsonObject>

namespace adstudio {

// What a user decided about a table source: column type/role overrides of the interactions
// table and its preprocessing. Kept in project.json ("data_settings") so the GUI and
// `adstudio-cli run --project` load the data the same way.
struct DataSettings {
    ColumnMapping mapping;
    std::vector<ColumnTransform> transforms;  // unfitted: fitted anew on every load

    bool isEmpty() const { return mapping.isEmpty() && transforms.empty(); }
    QJsonObject toJson() const;
    // `file` names where the JSON came from, for error messages.
    static Result<DataSettings> fromJson(const QJsonObject& json, const QString& file);
};

// Loads `path` with the mapping and then fits and applies the transforms to the interactions
// table (rows dropped by a "drop_row" policy are gone from the result).
Result<LoadedSource> loadSourceWithSettings(const QString& path, const DataSettings& settings,
                                            const JobContext& job = {});

}  // namespace adstudio
