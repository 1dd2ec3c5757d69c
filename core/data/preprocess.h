// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/dataset.h"

#include <QJsonObject>

namespace adstudio {

enum class MissingPolicy { Keep, DropRow, Mean, Median, Constant };
enum class Normalization { None, ZScore, MinMax, Log1p };

// What to do to one column. Fitted values are filled by Preprocessor::fit and saved with it, so
// new data is transformed exactly like the training data.
struct ColumnTransform {
    QString column;
    MissingPolicy missing = MissingPolicy::Keep;
    double constant = 0;         // MissingPolicy::Constant, numeric columns
    QString constantText;        // MissingPolicy::Constant, text/categorical columns
    double clipLowQuantile = 0;  // 0 and 1: no clipping
    double clipHighQuantile = 1;
    Normalization normalize = Normalization::None;
    int minCount = 0;  // > 0: encode categories seen fewer times as the out-of-vocabulary code 0

    // Fitted.
    double fillValue = 0;
    double clipLow = 0, clipHigh = 0;
    double center = 0, scale = 1;  // (x - center) / scale
    QStringList vocabulary;        // code i+1 = vocabulary[i]; 0 = out of vocabulary / missing
};

class Preprocessor {
public:
    void add(const ColumnTransform& transform) { m_transforms.push_back(transform); }
    const std::vector<ColumnTransform>& transforms() const { return m_transforms; }
    bool isFitted() const { return m_fitted; }

    Status fit(const Dataset& data);
    Result<Dataset> apply(const Dataset& data) const;

    QJsonObject toJson() const;
    static Result<Preprocessor> fromJson(const QJsonObject& json, const QString& file = {});
    Status save(const QString& path) const;  // atomic
    static Result<Preprocessor> load(const QString& path);

private:
    std::vector<ColumnTransform> m_transforms;
    bool m_fitted = false;
};

QString missingPolicyName(MissingPolicy policy);
QString normalizationName(Normalization normalization);

}  // namespace adstudio
