// SPDX-License-Identifier: MIT
#pragma once

#include "data/data_settings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace adstudio::ui {

class ColumnSettingsModel;

// The Data page's column-role mapping and preprocessing for every table of the source: which
// file is the interaction log, the catalogue and the user table; each table's columns with the
// inferred type and role pre-filled and a list per cell to change them; the brand and currency
// the catalogue does not say; whether rows that do not read are set aside. Apply reloads.
class ColumnsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ColumnsPanel(QWidget* parent = nullptr);
    // `source` stays owned by the caller and alive until the next call.
    void setSource(const LoadedSource* source, const DataSettings& applied);
    ColumnSettingsModel* model() const { return m_model; }
    // Shows a table's columns: "interactions", "items" or "users".
    bool showTable(const QString& table);
    // Makes `file` (a file name in the source's folder, or empty for none) the table's file.
    bool setTableFile(const QString& table, const QString& file);
    // The files of the source's folder a table can be read from.
    QStringList candidateFiles() const { return m_files; }
    // Sends the pending settings (applyRequested), as the Apply button does.
    void apply();

Q_SIGNALS:
    void applyRequested(const DataSettings& settings);

private:
    void showFileOfTable();
    QString tableKey(int index) const;
    QString fileOf(const QString& table) const;

    ColumnSettingsModel* m_model;
    QComboBox* m_table;
    QComboBox* m_file;
    QTableView* m_view;
    QLineEdit* m_brand;
    QLineEdit* m_currency;
    QCheckBox* m_setAside;
    QPushButton* m_apply;
    QPushButton* m_revert;
    QLabel* m_hint;
    const LoadedSource* m_source = nullptr;
    DataSettings m_applied;
    QStringList m_files;  // the source folder's table files
};

}  // namespace adstudio::ui
