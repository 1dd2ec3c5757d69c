// SPDX-License-Identifier: MIT
#pragma once

#include "data/data_settings.h"

#include <QAbstractTableModel>

namespace adstudio::ui {

// The column-role mapping and preprocessing editor: one row per column of one table (the
// interaction log, the catalogue or the user table) with its type, role, missing-value policy
// and normalization, each editable from a list (ChoicesRole). Edits of every table accumulate
// into one DataSettings on top of the settings already applied; a catalogue column is mapped as
// "items.NAME", a user-table column as "users.NAME". Preprocessing applies to the log only.
class ColumnSettingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Columns { NameColumn, TypeColumn, RoleColumn, MissingColumn, NormalizeColumn };
    static constexpr int ChoicesRole = Qt::UserRole + 1;  // QStringList for the editor

    explicit ColumnSettingsModel(QObject* parent = nullptr);
    // Starts over from `applied`, showing the log's columns.
    void setTables(const InteractionData* tables, const DataSettings& applied);
    // Shows another table ("interactions", "items" or "users"); pending edits are kept.
    bool showTable(const QString& table);
    const QString& table() const { return m_table; }
    const DataSettings& settings() const { return m_settings; }
    DataSettings& settings() { return m_settings; }
    bool isModified() const { return m_modified; }
    // Marks an edit made beside the table (files, brand, currency) as pending.
    void markModified();
    // Row of the column `name` in the shown table, -1 when absent.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void modifiedChanged(bool modified);

private:
    struct Row {
        QString name;
        QString type, role, missing = "keep", normalize = "none";
        bool numeric = false;
    };
    ColumnTransform* transformFor(const QString& column);
    void loadRows();
    bool isLog() const { return m_table == QLatin1String("interactions"); }
    // The mapping key of a column of the shown table.
    QString mappingKey(const QString& column) const;

    const InteractionData* m_tables = nullptr;
    QString m_table = QStringLiteral("interactions");
    std::vector<Row> m_rows;
    DataSettings m_settings;
    bool m_modified = false;
};

}  // namespace adstudio::ui
