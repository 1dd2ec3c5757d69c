// SPDX-License-Identifier: MIT
#include "columns_panel.h"

#include "column_settings_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace adstudio::ui {
namespace {

// A combo box over the cell's ChoicesRole list.
class ChoiceDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&,
                          const QModelIndex& index) const override {
        auto* box = new QComboBox(parent);
        box->addItems(index.data(ColumnSettingsModel::ChoicesRole).toStringList());
        // Commit as soon as a choice is made: one click, not click-choose-click-away.
        connect(box, qOverload<int>(&QComboBox::activated), this, [this, box] {
            auto* self = const_cast<ChoiceDelegate*>(this);
            Q_EMIT self->commitData(box);
            Q_EMIT self->closeEditor(box);
        });
        return box;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        auto* box = static_cast<QComboBox*>(editor);
        box->setCurrentIndex(std::max(0, box->findText(index.data(Qt::EditRole).toString())));
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
    }
};

}  // namespace

ColumnsPanel::ColumnsPanel(QWidget* parent) : QWidget(parent) {
    m_model = new ColumnSettingsModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ChoiceDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setToolTip(
        tr("Reload the data with these types, roles and preprocessing (saved "
           "in the open project)"));
    m_apply->setEnabled(false);
    m_revert = new QPushButton(tr("Revert"), this);
    m_revert->setEnabled(false);
    m_hint = new QLabel(tr("Inferred from the data; change a cell to correct it."), this);
    m_hint->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    connect(m_model, &ColumnSettingsModel::modifiedChanged, this, [this](bool modified) {
        m_apply->setEnabled(modified);
        m_revert->setEnabled(modified);
    });
    connect(m_apply, &QPushButton::clicked, this,
            [this] { Q_EMIT applyRequested(m_model->settings()); });
    connect(m_revert, &QPushButton::clicked, this,
            [this] { m_model->setDataset(m_dataset, m_applied); });
}

void ColumnsPanel::setDataset(const Dataset* dataset, const DataSettings& applied) {
    m_dataset = dataset;
    m_applied = applied;
    m_model->setDataset(dataset, applied);
    m_view->resizeColumnsToContents();
}

}  // namespace adstudio::ui
