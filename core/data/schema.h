// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/dataset.h"

#include <QMap>

#include <optional>
#include <string_view>

namespace adstudio {

// A user's correction of what inference guessed, per column name.
struct ColumnOverride {
    std::optional<ColumnType> type;
    std::optional<ColumnRole> role;
};

class ColumnMapping {
public:
    // "name=type" or "name=role" (either vocabulary; "timestamp" means both).
    Status parseEntry(const QString& entry);
    void setType(const QString& column, ColumnType type) { m_entries[column].type = type; }
    void setRole(const QString& column, ColumnRole role) { m_entries[column].role = role; }
    const QMap<QString, ColumnOverride>& entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    std::optional<ColumnType> typeFor(const QString& column) const;
    // The entries of one table ("interactions", "items" or "users"): "items.price_eur" maps the
    // catalogue's column price_eur; an unqualified name maps a column of the interactions.
    ColumnMapping forTable(const QString& table) const;

    // Every mapped column must exist; the error lists the columns that do.
    Status validate(const QStringList& columns, const QString& file) const;
    void applyRoles(Dataset& dataset) const;

private:
    QMap<QString, ColumnOverride> m_entries;
};

// Type from a sample of raw values (missing tokens ignored).
ColumnType inferColumnType(const QString& name, const std::vector<std::string>& samples);
// Roles from names and contents; at most one column per non-feature role.
void inferRoles(Dataset& dataset);
// ISO 4217 code a price column's name carries ("price_eur", "Preis (EUR)", "price $"); empty
// when it names none.
QString currencyFromColumnName(const QString& name);

}  // namespace adstudio
