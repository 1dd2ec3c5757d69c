// SPDX-License-Identifier: MIT
#pragma once

#include "data/data_settings.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace adstudio::ui {

class ColumnSettingsModel;

// The Data page's column-role mapping and preprocessing: the inferred schema pre-filled, a
// list per cell to change it, Apply to reload the data with the changes.
class ColumnsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ColumnsPanel(QWidget* parent = nullptr);
    void setDataset(const Dataset* dataset, const DataSettings& applied);
    ColumnSettingsModel* model() const { return m_model; }

Q_SIGNALS:
    void applyRequested(const DataSettings& settings);

private:
    ColumnSettingsModel* m_model;
    QTableView* m_view;
    QPushButton* m_apply;
    QPushButton* m_revert;
    QLabel* m_hint;
    const Dataset* m_dataset = nullptr;
    DataSettings m_applied;
};

}  // namespace adstudio::ui
