// SPDX-License-Identifier: MIT
#include "data/schema.h"

#include "data/value_parse.h"

#include <QRegularExpression>

#include <cmath>

#include <unordered_set>

namespace adstudio {

Status ColumnMapping::parseEntry(const QString& entry) {
    const int eq = entry.lastIndexOf(QLatin1Char('='));
    if (eq <= 0 || eq == entry.size() - 1) {
        return makeError({}, 0, 0,
                         QStringLiteral("column mapping '%1' is not NAME=KIND").arg(entry),
                         QStringLiteral("write it as e.g. 'price=float' or 'uid=user'"));
    }
    const QString name = entry.left(eq);
    const QString kind = entry.mid(eq + 1);
    ColumnType type;
    ColumnRole role;
    bool known = false;
    if (parseColumnType(kind, &type)) m_entries[name].type = type, known = true;
    if (parseColumnRole(kind, &role)) m_entries[name].role = role, known = true;
    if (!known) {
        return makeError({}, 0, 0,
                         QStringLiteral("unknown column kind '%1' in '%2'").arg(kind, entry),
                         QStringLiteral("use a type (integer, float, categorical, text, timestamp) "
                                        "or a role (user, item, label, rating, feature, "
                                        "image_path, ignore, item_name, price, brand, category, "
                                        "landing_url)"));
    }
    return {};
}

std::optional<ColumnType> ColumnMapping::typeFor(const QString& column) const {
    const auto it = m_entries.find(column);
    return it == m_entries.end() ? std::nullopt : it->type;
}

ColumnMapping ColumnMapping::forTable(const QString& table) const {
    static const QStringList kTables{QStringLiteral("interactions"), QStringLiteral("items"),
                                     QStringLiteral("users")};
    ColumnMapping out;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const int dot = it.key().indexOf(QLatin1Char('.'));
        const QString prefix = dot > 0 ? it.key().left(dot) : QString();
        if (kTables.contains(prefix)) {
            if (prefix == table) out.m_entries[it.key().mid(dot + 1)] = it.value();
        } else if (table == kTables.front()) {
            out.m_entries[it.key()] = it.value();
        }
    }
    return out;
}

Status ColumnMapping::validate(const QStringList& columns, const QString& file) const {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!columns.contains(it.key())) {
            return makeError(file, 1, 0,
                             QStringLiteral("mapped column '%1' does not exist").arg(it.key()),
                             QStringLiteral("the columns are: %1").arg(columns.join(", ")));
        }
    }
    return {};
}

void ColumnMapping::applyRoles(Dataset& dataset) const {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->role) continue;
        // A role given by the user moves it away from whichever column inference chose.
        if (*it->role != ColumnRole::Feature && *it->role != ColumnRole::Ignore) {
            for (auto& column : dataset.columns()) {
                if (column.role() == *it->role) column.setRole(ColumnRole::Feature);
            }
        }
        if (Column* column = dataset.find(it.key())) column->setRole(*it->role);
    }
}

ColumnType inferColumnType(const QString& name, const std::vector<std::string>& samples) {
    bool allInt = true, allFloat = true, allIso = true, any = false;
    std::unordered_set<std::string_view> distinct;
    std::size_t totalLength = 0;
    for (const auto& value : samples) {
        if (isMissingToken(value)) continue;
        any = true;
        std::int64_t i;
        double d;
        const auto intResult = parseInt64(value, &i);
        // An overflowing integer keeps the column integer so the reader reports the overflow
        // instead of silently rounding an identifier through a double.
        if (intResult == IntParse::NotANumber) allInt = false;
        // An integer that overflows is still "a number" so the reader reports the overflow.
        if (intResult != IntParse::Overflow && !parseDouble(value, &d)) allFloat = false;
        if (allIso && !parseIsoTimestamp(value, &i)) allIso = false;
        distinct.insert(value);
        totalLength += value.size();
    }
    if (!any) return ColumnType::Text;
    const QString lower = name.toLower();
    const bool timeName = lower.contains(QLatin1String("time")) ||
                          lower.contains(QLatin1String("date")) || lower == QLatin1String("ts");
    if (allInt) return timeName ? ColumnType::Timestamp : ColumnType::Integer;
    if (allFloat) return ColumnType::Float;
    if (allIso) return ColumnType::Timestamp;
    const std::size_t nonMissing = std::max<std::size_t>(1, samples.size());
    const double meanLength = double(totalLength) / double(nonMissing);
    const bool fewValues = distinct.size() <= std::max<std::size_t>(20, nonMissing / 2);
    return fewValues && meanLength <= 40 ? ColumnType::Categorical : ColumnType::Text;
}

namespace {

bool nameMatches(const QString& name, const char* pattern) {
    static thread_local QHash<QString, QRegularExpression> cache;
    const QString key = QString::fromUtf8(pattern);
    auto it = cache.find(key);
    if (it == cache.end()) {
        it = cache.insert(key, QRegularExpression(key, QRegularExpression::CaseInsensitiveOption));
    }
    return it->match(name).hasMatch();
}

const char* const kUserIdNames =
    "^(user|user[_ ]?id|uid|customer|customer[_ ]?(id|no|number)|client[_ ]?id|visitor[_ ]?id|"
    "member[_ ]?id|kunden?[_ ]?(id|nr))$";
const char* const kItemIdNames =
    "^(item|item[_ ]?id|iid|movie[_ ]?id|product|product[_ ]?(id|sku|code|no)|ad[_ ]?id|"
    "creative[_ ]?id|sku|article|article[_ ]?(id|no|number)|artikel[_ ]?(id|nr)?|asin|ean)$";
const char* const kPriceNames =
    "^(price|preis|prix|precio|prezzo|unit[_ ]?price|sale[_ ]?price|list[_ ]?price)"
    "([_ ]?[(\\[]?[a-z€$£]{1,3}[)\\]]?)?$";

bool isText(const Column& column) {
    return column.type() == ColumnType::Text || column.type() == ColumnType::Categorical;
}

bool isBinary(const Column& column) {
    if (column.type() == ColumnType::Categorical) return column.categories().size() <= 2;
    if (!column.isNumeric()) return false;
    for (std::int64_t r = 0; r < column.size(); ++r) {
        const double v = column.numberAt(r);
        if (!std::isnan(v) && v != 0.0 && v != 1.0) return false;
    }
    return true;
}

}  // namespace

void inferRoles(Dataset& dataset) {
    auto assign = [&](ColumnRole role, auto predicate) {
        if (dataset.findRole(role)) return;
        for (auto& column : dataset.columns()) {
            if (column.role() == ColumnRole::Feature && predicate(column)) {
                column.setRole(role);
                return;
            }
        }
    };
    const auto idLike = [](const Column& c) {
        return c.type() == ColumnType::Integer || c.type() == ColumnType::Categorical ||
               c.type() == ColumnType::Text;
    };
    assign(ColumnRole::User,
           [&](const Column& c) { return idLike(c) && nameMatches(c.name(), kUserIdNames); });
    assign(ColumnRole::Item,
           [&](const Column& c) { return idLike(c) && nameMatches(c.name(), kItemIdNames); });
    assign(ColumnRole::Label, [&](const Column& c) {
        return isBinary(c) && nameMatches(c.name(), "(click|label|target|converted|^y$|purchase)");
    });
    assign(ColumnRole::Rating, [&](const Column& c) {
        return c.isNumeric() && nameMatches(c.name(), "^(rating|score|stars)$");
    });
    assign(ColumnRole::Timestamp,
           [&](const Column& c) { return c.type() == ColumnType::Timestamp; });
    assign(ColumnRole::ImagePath, [&](const Column& c) {
        if (!isText(c)) return false;
        for (std::int64_t r = 0; r < c.size(); ++r) {
            if (c.isMissing(r)) continue;
            const auto text = c.textAt(r);
            const auto dot = text.rfind('.');
            if (dot == std::string_view::npos) return false;
            const QString ext =
                QString::fromUtf8(text.substr(dot).data(), qsizetype(text.size() - dot)).toLower();
            return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" ||
                   ext == ".webp";
        }
        return false;
    });
    // What creatives say about an item, from the names shops and their systems use.
    assign(ColumnRole::ItemName, [&](const Column& c) {
        return isText(c) && nameMatches(c.name(),
                                        "^(name|title|(product|item|article)[_ ]?(name|title)|"
                                        "produktname|bezeichnung|nom|nombre)$");
    });
    assign(ColumnRole::Price,
           [&](const Column& c) { return c.isNumeric() && nameMatches(c.name(), kPriceNames); });
    assign(ColumnRole::Brand, [&](const Column& c) {
        return isText(c) &&
               nameMatches(c.name(), "^(brand|brand[_ ]?name|marke|marque|manufacturer|vendor)$");
    });
    assign(ColumnRole::Category, [&](const Column& c) {
        return c.type() == ColumnType::Categorical &&
               nameMatches(c.name(),
                           "^(category|categories|cat|genre|department|section|kategorie|"
                           "(product|item)[_ ]?(category|type|group))$");
    });
    assign(ColumnRole::LandingUrl, [&](const Column& c) {
        return isText(c) &&
               nameMatches(c.name(), "^(url|link|landing[_ ]?(page|url)?|(product|item)[_ ]?url)$");
    });
}

QString currencyFromColumnName(const QString& name) {
    static const QRegularExpression code(QStringLiteral("(^|[_ (\\[])(eur|usd|gbp|chf|jpy|sek|"
                                                        "nok|dkk|pln|cad|aud)([_ )\\]]|$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    if (const auto match = code.match(name); match.hasMatch()) return match.captured(2).toUpper();
    if (name.contains(QChar(0x20AC))) return QStringLiteral("EUR");
    if (name.contains(QLatin1Char('$'))) return QStringLiteral("USD");
    if (name.contains(QChar(0x00A3))) return QStringLiteral("GBP");
    return {};
}

}  // namespace adstudio
