// SPDX-License-Identifier: MIT
#include "error_box.h"

#include <QMessageBox>
#include <QPushButton>

namespace adstudio::ui {

QString remedyButtonText(const Remedy& remedy) {
    switch (remedy.kind) {
        case Remedy::Kind::MapColumn:
            if (remedy.column.isEmpty())
                return QObject::tr("Choose the %1 column…").arg(remedy.value);
            return QObject::tr("Map '%1' as %2").arg(remedy.column, remedy.value);
        case Remedy::Kind::SetAsideBadRows:
            return QObject::tr("Load without the bad rows");
        case Remedy::Kind::ReadAsLatin1:
        case Remedy::Kind::UseDelimiter:
            return {};  // the GUI detects encodings and delimiters; there is no control for it
        case Remedy::Kind::SetSetting:
            return QObject::tr("Set %1 to %2 and train again")
                .arg(QString(remedy.column).replace('_', ' '), remedy.value);
        case Remedy::Kind::StartAfresh:
            return QObject::tr("Train from the start");
    }
    return {};
}

QMessageBox* showErrorBox(QWidget* parent, const QString& title, const Error& error,
                          std::function<void(const Remedy&)> onRemedy) {
    auto* box = new QMessageBox(QMessageBox::Critical, title, error.toString(),
                                QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (onRemedy) {
        for (const Remedy& remedy : error.remedies) {
            const QString text = remedyButtonText(remedy);
            if (text.isEmpty()) continue;
            QPushButton* button = box->addButton(text, QMessageBox::ActionRole);
            if (remedy.kind == Remedy::Kind::SetAsideBadRows)
                button->setToolTip(QObject::tr(
                    "Rows that do not read are counted and kept in a rejects file to fix"));
            QObject::connect(button, &QPushButton::clicked, box,
                             [onRemedy, remedy] { onRemedy(remedy); });
        }
    }
    box->addButton(QMessageBox::Close);
    box->open();
    return box;
}

}  // namespace adstudio::ui
