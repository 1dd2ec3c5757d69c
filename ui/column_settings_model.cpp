// SPDX-License-Identifier: MIT
#include "column_settings_model.h"

#include <algorithm>

namespace adstudio::ui {
namespace {

QStringList typeNames() {
    QStringList names;
    for (auto t : {ColumnType::Integer, ColumnType::Float, ColumnType::Categorical,
                   ColumnType::Text, ColumnType::Timestamp})
        names << columnTypeName(t);
    return names;
}

// The roles that mean something in each table.
QStringList columnRoleNames(const QString& table) {
    std::vector<ColumnRole> roles;
    if (table == QLatin1String("items"))
        roles = {ColumnRole::Item,       ColumnRole::ItemName, ColumnRole::Price,
                 ColumnRole::Brand,      ColumnRole::Category, ColumnRole::ImagePath,
                 ColumnRole::LandingUrl, ColumnRole::Feature,  ColumnRole::Ignore};
    else if (table == QLatin1String("users"))
        roles = {ColumnRole::User, ColumnRole::Feature, ColumnRole::Ignore};
    else
        for (int r = 0; r < kColumnRoleCount; ++r) roles.push_back(ColumnRole(r));
    QStringList names;
    for (ColumnRole role : roles) names << columnRoleName(role);
    return names;
}

QStringList missingNames(bool numeric) {
    QStringList names{missingPolicyName(MissingPolicy::Keep),
                      missingPolicyName(MissingPolicy::DropRow)};
    if (numeric)
        names << missingPolicyName(MissingPolicy::Mean) << missingPolicyName(MissingPolicy::Median);
    return names;
}

QStringList normalizationNames(bool numeric) {
    if (!numeric) return {normalizationName(Normalization::None)};
    return {normalizationName(Normalization::None), normalizationName(Normalization::ZScore),
            normalizationName(Normalization::MinMax), normalizationName(Normalization::Log1p)};
}

template <typename E>
E parseEnum(const QString& text, QString (*name)(E), int count) {
    for (int i = 0; i < count; ++i)
        if (name(E(i)) == text) return E(i);
    return E(0);
}

}  // namespace

ColumnSettingsModel::ColumnSettingsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ColumnSettingsModel::setTables(const InteractionData* tables, const DataSettings& applied) {
    m_tables = tables;
    m_settings = applied;
    m_table = QStringLiteral("interactions");
    loadRows();
    if (m_modified) {
        m_modified = false;
        Q_EMIT modifiedChanged(false);
    }
}

bool ColumnSettingsModel::showTable(const QString& table) {
    if (table != QLatin1String("interactions") && table != QLatin1String("items") &&
        table != QLatin1String("users"))
        return false;
    m_table = table;
    loadRows();
    return true;
}

QString ColumnSettingsModel::mappingKey(const QString& column) const {
    return isLog() ? column : m_table + QLatin1Char('.') + column;
}

int ColumnSettingsModel::rowOf(const QString& name) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == name) return int(i);
    return -1;
}

void ColumnSettingsModel::loadRows() {
    beginResetModel();
    m_rows.clear();
    const Dataset* dataset = nullptr;
    if (m_tables) {
        if (isLog())
            dataset = &m_tables->interactions;
        else if (m_table == QLatin1String("items") && m_tables->items)
            dataset = &*m_tables->items;
        else if (m_table == QLatin1String("users") && m_tables->users)
            dataset = &*m_tables->users;
    }
    if (dataset) {
        for (const Column& c : dataset->columns()) {
            Row row;
            row.name = c.name();
            // The pending mapping shows through: switching tables loses no edit.
            const auto entry = m_settings.mapping.entries().value(mappingKey(c.name()));
            row.type = columnTypeName(entry.type ? *entry.type : c.type());
            row.role = columnRoleName(entry.role ? *entry.role : c.role());
            const ColumnType type = entry.type ? *entry.type : c.type();
            row.numeric = type == ColumnType::Integer || type == ColumnType::Float;
            for (const auto& t : m_settings.transforms)
                if (isLog() && t.column == row.name) {
                    row.missing = missingPolicyName(t.missing);
                    row.normalize = normalizationName(t.normalize);
                }
            m_rows.push_back(row);
        }
    }
    endResetModel();
}

int ColumnSettingsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ColumnSettingsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 5;
}

QVariant ColumnSettingsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size())) return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
            case NameColumn:
                return row.name;
            case TypeColumn:
                return row.type;
            case RoleColumn:
                return row.role;
            case MissingColumn:
                return row.missing;
            case NormalizeColumn:
                return row.normalize;
        }
    }
    if (role == ChoicesRole) {
        switch (index.column()) {
            case TypeColumn:
                return typeNames();
            case RoleColumn:
                return columnRoleNames(m_table);
            case MissingColumn:
                return isLog() ? missingNames(row.numeric) : QStringList{row.missing};
            case NormalizeColumn:
                return isLog() ? normalizationNames(row.numeric) : QStringList{row.normalize};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
            case TypeColumn:
                return tr("How the values are read; takes effect on Apply");
            case RoleColumn:
                if (m_table == QLatin1String("items"))
                    return tr(
                        "item id (the key the log refers to), name, price, brand, category, "
                        "image path and landing URL: what the creatives say");
                if (m_table == QLatin1String("users")) return tr("user id (the key) or a feature");
                return tr(
                    "user / item ids, label (0/1 click), rating, timestamp, feature, "
                    "or ignore");
            case MissingColumn:
                return isLog() ? tr("What to do with empty cells before training")
                               : tr("Preprocessing applies to the interaction log");
            case NormalizeColumn:
                return isLog() ? tr("Rescaling fitted on this data, saved with it")
                               : tr("Preprocessing applies to the interaction log");
        }
    }
    return {};
}

ColumnTransform* ColumnSettingsModel::transformFor(const QString& column) {
    for (auto& t : m_settings.transforms)
        if (t.column == column) return &t;
    ColumnTransform t;
    t.column = column;
    m_settings.transforms.push_back(t);
    return &m_settings.transforms.back();
}

bool ColumnSettingsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !index.isValid() || index.row() >= int(m_rows.size())) return false;
    Row& row = m_rows[std::size_t(index.row())];
    const QString text = value.toString();
    if (!data(index, ChoicesRole).toStringList().contains(text)) return false;
    switch (index.column()) {
        case TypeColumn: {
            ColumnType type;
            parseColumnType(text, &type);
            m_settings.mapping.setType(mappingKey(row.name), type);
            row.type = text;
            row.numeric = type == ColumnType::Integer || type == ColumnType::Float;
            break;
        }
        case RoleColumn: {
            ColumnRole r;
            parseColumnRole(text, &r);
            m_settings.mapping.setRole(mappingKey(row.name), r);
            row.role = text;
            break;
        }
        case MissingColumn:
            transformFor(row.name)->missing = parseEnum<MissingPolicy>(text, &missingPolicyName, 5);
            row.missing = text;
            break;
        case NormalizeColumn:
            transformFor(row.name)->normalize =
                parseEnum<Normalization>(text, &normalizationName, 4);
            row.normalize = text;
            break;
        default:
            return false;
    }
    // A transform back to "keep" and "none" is no transform at all.
    auto& transforms = m_settings.transforms;
    transforms.erase(std::remove_if(transforms.begin(), transforms.end(),
                                    [](const ColumnTransform& t) {
                                        return t.missing == MissingPolicy::Keep &&
                                               t.normalize == Normalization::None;
                                    }),
                     transforms.end());
    Q_EMIT dataChanged(index, index);
    markModified();
    return true;
}

void ColumnSettingsModel::markModified() {
    if (m_modified) return;
    m_modified = true;
    Q_EMIT modifiedChanged(true);
}

Qt::ItemFlags ColumnSettingsModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    const Qt::ItemFlags base = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const bool preprocessing = index.column() == MissingColumn || index.column() == NormalizeColumn;
    if (index.column() == NameColumn || (preprocessing && !isLog())) return base;
    return base | Qt::ItemIsEditable;
}

QVariant ColumnSettingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Column");
        case TypeColumn:
            return tr("Type");
        case RoleColumn:
            return tr("Role");
        case MissingColumn:
            return tr("Missing values");
        case NormalizeColumn:
            return tr("Normalize");
    }
    return {};
}

}  // namespace adstudio::ui
