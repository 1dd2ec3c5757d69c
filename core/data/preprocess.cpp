// SPDX-License-Identifier: MIT
#include "data/preprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace adstudio {

namespace {

const char* const kPolicyNames[] = {"keep", "drop_row", "mean", "median", "constant"};
const char* const kNormNames[] = {"none", "zscore", "minmax", "log1p"};

template <typename E, std::size_t N>
bool parseName(const QString& text, const char* const (&names)[N], E* out) {
    for (std::size_t i = 0; i < N; ++i) {
        if (text == QLatin1String(names[i])) {
            *out = E(i);
            return true;
        }
    }
    return false;
}

double quantile(std::vector<double> sorted, double q) {
    if (sorted.empty()) return 0;
    const double pos = q * double(sorted.size() - 1);
    const auto lo = std::size_t(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

Error missingColumn(const Dataset& data, const QString& column) {
    return makeError(
        data.sourcePath(), 0, 0,
        QStringLiteral("transform names column '%1', which the data does not have").arg(column),
        QStringLiteral("the columns are: %1").arg(data.columnNames().join(", ")));
}

double clipValue(const ColumnTransform& t, double v) {
    if (t.clipLowQuantile > 0 || t.clipHighQuantile < 1) v = std::clamp(v, t.clipLow, t.clipHigh);
    return v;
}

}  // namespace

QString missingPolicyName(MissingPolicy policy) {
    return QString::fromLatin1(kPolicyNames[int(policy)]);
}
QString normalizationName(Normalization n) {
    return QString::fromLatin1(kNormNames[int(n)]);
}

Status Preprocessor::fit(const Dataset& data) {
    for (auto& t : m_transforms) {
        const Column* column = data.find(t.column);
        if (!column) return missingColumn(data, t.column);
        if (column->isNumeric()) {
            std::vector<double> values;
            values.reserve(std::size_t(column->size()));
            for (std::int64_t r = 0; r < column->size(); ++r) {
                const double v = column->numberAt(r);
                if (!std::isnan(v)) values.push_back(v);
            }
            std::sort(values.begin(), values.end());
            double sum = 0;
            for (double v : values) sum += v;
            const double mean = values.empty() ? 0 : sum / double(values.size());
            switch (t.missing) {
                case MissingPolicy::Mean:
                    t.fillValue = mean;
                    break;
                case MissingPolicy::Median:
                    t.fillValue = quantile(values, 0.5);
                    break;
                case MissingPolicy::Constant:
                    t.fillValue = t.constant;
                    break;
                default:
                    break;
            }
            t.clipLow = quantile(values, t.clipLowQuantile);
            t.clipHigh = quantile(values, t.clipHighQuantile);
            // Scale statistics describe the values as the model will see them: clipped.
            double lo = INFINITY, hi = -INFINITY, s = 0, s2 = 0;
            for (double v : values) {
                v = clipValue(t, v);
                lo = std::min(lo, v), hi = std::max(hi, v), s += v, s2 += v * v;
            }
            const double n = std::max<double>(1, double(values.size()));
            switch (t.normalize) {
                case Normalization::ZScore: {
                    t.center = s / n;
                    const double var = std::max(0.0, s2 / n - t.center * t.center);
                    t.scale = var > 0 ? std::sqrt(var) : 1;
                    break;
                }
                case Normalization::MinMax:
                    t.center = values.empty() ? 0 : lo;
                    t.scale = values.empty() || hi <= lo ? 1 : hi - lo;
                    break;
                default:
                    t.center = 0, t.scale = 1;
            }
        } else if (t.minCount > 0) {
            std::map<std::string, std::int64_t> counts;
            for (std::int64_t r = 0; r < column->size(); ++r) {
                if (!column->isMissing(r)) ++counts[std::string(column->textAt(r))];
            }
            // Most frequent first, then by name: a stable, readable vocabulary.
            std::vector<std::pair<std::string, std::int64_t>> ranked(counts.begin(), counts.end());
            std::stable_sort(ranked.begin(), ranked.end(),
                             [](const auto& a, const auto& b) { return a.second > b.second; });
            t.vocabulary.clear();
            for (const auto& [value, count] : ranked) {
                if (count >= t.minCount) t.vocabulary << QString::fromStdString(value);
            }
        }
    }
    m_fitted = true;
    return {};
}

Result<Dataset> Preprocessor::apply(const Dataset& data) const {
    if (!m_fitted) {
        return makeError(data.sourcePath(), 0, 0, QStringLiteral("transforms are not fitted"),
                         QStringLiteral("fit them on training data first"));
    }
    std::vector<const ColumnTransform*> byColumn(std::size_t(data.columnCount()), nullptr);
    std::vector<std::uint8_t> drop(std::size_t(data.rowCount()), 0);
    for (const auto& t : m_transforms) {
        const int index = data.indexOf(t.column);
        if (index < 0) return missingColumn(data, t.column);
        byColumn[std::size_t(index)] = &t;
        if (t.missing != MissingPolicy::DropRow) continue;
        const Column& column = data.column(index);
        for (std::int64_t r = 0; r < column.size(); ++r) {
            if (column.isMissing(r)) drop[std::size_t(r)] = 1;
        }
    }
    std::vector<std::int64_t> keep;
    keep.reserve(drop.size());
    for (std::size_t r = 0; r < drop.size(); ++r) {
        if (!drop[r]) keep.push_back(std::int64_t(r));
    }

    Dataset out(data.name());
    out.setSourcePath(data.sourcePath());
    for (int c = 0; c < data.columnCount(); ++c) {
        const Column& in = data.column(c);
        const ColumnTransform* t = byColumn[std::size_t(c)];
        if (!t) {
            out.addColumn(in.take(keep));
            continue;
        }
        if (in.isNumeric()) {
            const bool scaled = t->normalize != Normalization::None;
            const bool changed = scaled || t->clipLowQuantile > 0 || t->clipHighQuantile < 1 ||
                                 t->missing == MissingPolicy::Mean ||
                                 t->missing == MissingPolicy::Median;
            Column column(in.name(), changed ? ColumnType::Float : in.type());
            column.setRole(in.role());
            column.reserve(std::int64_t(keep.size()));
            for (const auto r : keep) {
                double v = in.numberAt(r);
                if (std::isnan(v)) {
                    if (t->missing == MissingPolicy::Keep || t->missing == MissingPolicy::DropRow) {
                        column.appendMissing();
                        continue;
                    }
                    v = t->fillValue;
                }
                v = clipValue(*t, v);
                if (t->normalize == Normalization::Log1p)
                    v = std::log1p(std::max(0.0, v));
                else
                    v = (v - t->center) / t->scale;
                if (column.type() == ColumnType::Float)
                    column.appendFloat(v);
                else
                    column.appendInt(std::int64_t(std::llround(v)));
            }
            out.addColumn(std::move(column));
        } else if (t->minCount > 0) {
            std::unordered_map<std::string, std::int64_t> codes;
            for (int i = 0; i < t->vocabulary.size(); ++i)
                codes[t->vocabulary[i].toStdString()] = i + 1;
            Column column(in.name(), ColumnType::Integer);
            column.setRole(in.role());
            column.reserve(std::int64_t(keep.size()));
            const std::string fill = t->constantText.toStdString();
            for (const auto r : keep) {
                std::string value = in.isMissing(r) ? fill : std::string(in.textAt(r));
                const auto it = codes.find(value);
                column.appendInt(it == codes.end() ? 0 : it->second);
            }
            out.addColumn(std::move(column));
        } else {
            Column column(in.name(), in.type());
            column.setRole(in.role());
            const std::string fill = t->constantText.toStdString();
            for (const auto r : keep) {
                if (!in.isMissing(r))
                    column.appendText(in.textAt(r));
                else if (t->missing == MissingPolicy::Constant)
                    column.appendText(fill);
                else
                    column.appendMissing();
            }
            out.addColumn(std::move(column));
        }
    }
    return out;
}

QJsonObject Preprocessor::toJson() const {
    QJsonArray steps;
    for (const auto& t : m_transforms) {
        steps.append(QJsonObject{{"column", t.column},
                                 {"missing", missingPolicyName(t.missing)},
                                 {"constant", t.constant},
                                 {"constant_text", t.constantText},
                                 {"clip_low_quantile", t.clipLowQuantile},
                                 {"clip_high_quantile", t.clipHighQuantile},
                                 {"normalize", normalizationName(t.normalize)},
                                 {"min_count", t.minCount},
                                 {"fill_value", t.fillValue},
                                 {"clip_low", t.clipLow},
                                 {"clip_high", t.clipHigh},
                                 {"center", t.center},
                                 {"scale", t.scale},
                                 {"vocabulary", QJsonArray::fromStringList(t.vocabulary)}});
    }
    return QJsonObject{{"format", "adstudio-preprocessor"},
                       {"version", 1},
                       {"fitted", m_fitted},
                       {"transforms", steps}};
}

Result<Preprocessor> Preprocessor::fromJson(const QJsonObject& json, const QString& file) {
    if (json.value("format").toString() != QLatin1String("adstudio-preprocessor")) {
        return makeError(file, 0, 0, QStringLiteral("not an AdStudio preprocessor file"),
                         QStringLiteral("choose a transforms .json saved by AdStudio"));
    }
    if (json.value("version").toInt() > 1) {
        return makeError(file, 0, 0,
                         QStringLiteral("written by a newer AdStudio (version %1)")
                             .arg(json.value("version").toInt()),
                         QStringLiteral("update AdStudio to read it"));
    }
    Preprocessor p;
    for (const auto& value : json.value("transforms").toArray()) {
        const QJsonObject o = value.toObject();
        ColumnTransform t;
        t.column = o.value("column").toString();
        if (!parseName(o.value("missing").toString(), kPolicyNames, &t.missing) ||
            !parseName(o.value("normalize").toString(), kNormNames, &t.normalize) ||
            t.column.isEmpty()) {
            return makeError(
                file, 0, 0, QStringLiteral("transform for column '%1' is malformed").arg(t.column),
                QStringLiteral("missing is one of keep, drop_row, mean, median, constant; "
                               "normalize one of none, zscore, minmax, log1p"));
        }
        t.constant = o.value("constant").toDouble();
        t.constantText = o.value("constant_text").toString();
        t.clipLowQuantile = o.value("clip_low_quantile").toDouble(0);
        t.clipHighQuantile = o.value("clip_high_quantile").toDouble(1);
        t.minCount = o.value("min_count").toInt();
        t.fillValue = o.value("fill_value").toDouble();
        t.clipLow = o.value("clip_low").toDouble();
        t.clipHigh = o.value("clip_high").toDouble();
        t.center = o.value("center").toDouble();
        t.scale = o.value("scale").toDouble(1);
        for (const auto& v : o.value("vocabulary").toArray()) t.vocabulary << v.toString();
        p.m_transforms.push_back(t);
    }
    p.m_fitted = json.value("fitted").toBool();
    return p;
}

Status Preprocessor::save(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(path, 0, 0, file.errorString(),
                         QStringLiteral("choose a writable folder"));
    }
    file.write(QJsonDocument(toJson()).toJson());
    if (!file.commit()) {
        return makeError(path, 0, 0, file.errorString(), QStringLiteral("check free disk space"));
    }
    return {};
}

Result<Preprocessor> Preprocessor::load(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(path, 0, 0, file.errorString(), QStringLiteral("check the path"));
    }
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull()) {
        return makeError(path, 0, parseError.offset, parseError.errorString(),
                         QStringLiteral("the file is not valid JSON"));
    }
    return fromJson(doc.object(), path);
}

}  // namespace adstudio
