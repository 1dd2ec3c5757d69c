// SPDX-License-Identifier: MIT
#pragma once

#include "data/data_settings.h"

#include <QAbstractTableModel>

namespace adstudio::ui {

// The column-role mapping and preprocessing editor: one row per column of the interactions
// table with its type, role, missing-value policy and normalization, each editable from a list
// (ChoicesRole). Edits accumulate into DataSettings on top of the settings already applied.
class ColumnSettingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Columns { NameColumn, TypeColumn, RoleColumn, MissingColumn, NormalizeColumn };
    static constexpr int ChoicesRole = Qt::UserRole + 1;  // QStringList for the editor

    explicit ColumnSettingsModel(QObject* parent = nullptr);
    void setDataset(const Dataset* dataset, const DataSettings& applied);
    const DataSettings& settings() const { return m_settings; }
    bool isModified() const { return m_modified; }

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
    void markModified();

    std::vector<Row> m_rows;
    DataSettings m_settings;
    bool m_modified = false;
};

}  // namespace adstudio::ui
