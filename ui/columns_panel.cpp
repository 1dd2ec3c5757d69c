// SPDX-License-Identifier: MIT
#include "columns_panel.h"

#include "column_settings_model.h"

#include "data/table_set.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

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

const char* const kTables[] = {"interactions", "items", "users"};

}  // namespace

ColumnsPanel::ColumnsPanel(QWidget* parent) : QWidget(parent) {
    m_model = new ColumnSettingsModel(this);
    m_table = new QComboBox(this);
    m_table->setObjectName(QStringLiteral("columnsTable"));
    m_table->addItems({tr("Interaction log"), tr("Catalogue"), tr("Users")});
    m_table->setToolTip(tr("The table whose columns are shown below"));
    m_file = new QComboBox(this);
    m_file->setObjectName(QStringLiteral("columnsFile"));
    m_file->setToolTip(
        tr("The file this table is read from; AdStudio recognised it by its columns"));
    auto* tableRow = new QHBoxLayout;
    tableRow->addWidget(new QLabel(tr("Table:"), this));
    tableRow->addWidget(m_table);
    tableRow->addWidget(new QLabel(tr("File:"), this));
    tableRow->addWidget(m_file, 1);

    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ChoiceDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setEditTriggers(QAbstractItemView::AllEditTriggers);

    m_brand = new QLineEdit(this);
    m_brand->setObjectName(QStringLiteral("columnsBrand"));
    m_brand->setPlaceholderText(tr("from the catalogue"));
    m_brand->setToolTip(tr("The advertiser's name, shown on creatives of items without a brand"));
    m_currency = new QLineEdit(this);
    m_currency->setObjectName(QStringLiteral("columnsCurrency"));
    m_currency->setMaxLength(3);
    m_currency->setMaximumWidth(60);
    m_currency->setPlaceholderText(QStringLiteral("EUR"));
    m_currency->setToolTip(
        tr("ISO 4217 code of prices whose column name says none (price_eur says EUR)"));
    m_setAside = new QCheckBox(tr("Set aside rows that do not read"), this);
    m_setAside->setToolTip(
        tr("Load without rows that hold a bad value or the wrong number of fields; they are "
           "counted and kept in a rejects file to fix"));
    auto* extras = new QHBoxLayout;
    extras->addWidget(new QLabel(tr("Brand:"), this));
    extras->addWidget(m_brand, 1);
    extras->addWidget(new QLabel(tr("Currency:"), this));
    extras->addWidget(m_currency);
    extras->addWidget(m_setAside);

    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setToolTip(
        tr("Reload the data with these files, types, roles and preprocessing (saved in the "
           "open project)"));
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
    layout->addLayout(tableRow);
    layout->addWidget(m_view);
    layout->addLayout(extras);
    layout->addLayout(buttons);

    connect(m_model, &ColumnSettingsModel::modifiedChanged, this, [this](bool modified) {
        m_apply->setEnabled(modified);
        m_revert->setEnabled(modified);
    });
    connect(m_table, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        m_model->showTable(tableKey(index));
        m_view->resizeColumnsToContents();
        showFileOfTable();
    });
    connect(m_file, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        setTableFile(tableKey(m_table->currentIndex()), m_file->itemData(index).toString());
    });
    connect(m_brand, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_model->settings().brand = text.trimmed();
        m_model->markModified();
    });
    connect(m_currency, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_model->settings().currency = text.trimmed().toUpper();
        m_model->markModified();
    });
    connect(m_setAside, &QCheckBox::clicked, this, [this](bool on) {
        m_model->settings().setAsideBadRows = on;
        m_model->markModified();
    });
    connect(m_apply, &QPushButton::clicked, this, &ColumnsPanel::apply);
    connect(m_revert, &QPushButton::clicked, this, [this] { setSource(m_source, m_applied); });
}

QString ColumnsPanel::tableKey(int index) const {
    return QString::fromLatin1(kTables[std::clamp(index, 0, 2)]);
}

void ColumnsPanel::setSource(const LoadedSource* source, const DataSettings& applied) {
    m_source = source;
    m_applied = applied;
    m_files.clear();
    if (source && source->tables) {
        const QFileInfo info(source->path);
        m_files = tableFiles(info.isDir() ? QDir(source->path) : info.dir());
    }
    m_model->setTables(source && source->tables ? &*source->tables : nullptr, applied);
    m_brand->setText(applied.brand);
    m_currency->setText(applied.currency);
    m_setAside->setChecked(applied.setAsideBadRows);
    const bool tables = source && source->tables;
    for (QWidget* w : {static_cast<QWidget*>(m_table), static_cast<QWidget*>(m_file),
                       static_cast<QWidget*>(m_brand), static_cast<QWidget*>(m_currency),
                       static_cast<QWidget*>(m_setAside)})
        w->setEnabled(tables);
    QSignalBlocker block(m_table);
    m_table->setCurrentIndex(0);
    showFileOfTable();
    m_view->resizeColumnsToContents();
}

bool ColumnsPanel::showTable(const QString& table) {
    for (int i = 0; i < 3; ++i)
        if (table == QLatin1String(kTables[i])) {
            m_table->setCurrentIndex(i);
            return true;
        }
    return false;
}

QString ColumnsPanel::fileOf(const QString& table) const {
    const TableFiles& pending = m_model->settings().tables;
    const QString chosen = table == QLatin1String("items")   ? pending.items
                           : table == QLatin1String("users") ? pending.users
                                                             : pending.interactions;
    if (!chosen.isEmpty() || !m_source || !m_source->tables) return chosen;
    const InteractionData& t = *m_source->tables;
    const Dataset* loaded = table == QLatin1String("items")   ? (t.items ? &*t.items : nullptr)
                            : table == QLatin1String("users") ? (t.users ? &*t.users : nullptr)
                                                              : &t.interactions;
    return loaded ? loaded->sourcePath() : QString();
}

void ColumnsPanel::showFileOfTable() {
    const QString table = tableKey(m_table->currentIndex());
    const QString current = fileOf(table);
    QSignalBlocker block(m_file);
    m_file->clear();
    if (table != QLatin1String("interactions")) m_file->addItem(tr("(none)"), QString());
    for (const QString& file : m_files) m_file->addItem(QFileInfo(file).fileName(), file);
    if (!current.isEmpty() && m_file->findData(current) < 0)
        m_file->addItem(QFileInfo(current).fileName(), current);
    const int at = m_file->findData(current);
    m_file->setCurrentIndex(std::max(0, at));
    m_hint->setText(
        current.isEmpty() && table != QLatin1String("interactions")
            ? tr("No %1 recognised; choose its file above.")
                  .arg(table == QLatin1String("items") ? tr("catalogue") : tr("user table"))
            : tr("Inferred from the data; change a cell to correct it."));
}

bool ColumnsPanel::setTableFile(const QString& table, const QString& file) {
    if (!file.isEmpty() && !m_files.contains(file) && !QFileInfo::exists(file)) return false;
    TableFiles& files = m_model->settings().tables;
    QString* slot = table == QLatin1String("items")          ? &files.items
                    : table == QLatin1String("users")        ? &files.users
                    : table == QLatin1String("interactions") ? &files.interactions
                                                             : nullptr;
    if (!slot) return false;
    // The absolute path: the data may be a single file whose folder holds the other tables.
    *slot = file.isEmpty() ? QString() : QFileInfo(file).absoluteFilePath();
    // A table's mapping names that file's columns; choosing another file starts it afresh.
    m_model->markModified();
    if (table == tableKey(m_table->currentIndex())) showFileOfTable();
    return true;
}

void ColumnsPanel::apply() {
    Q_EMIT applyRequested(m_model->settings());
}

}  // namespace adstudio::ui
