// SPDX-License-Identifier: MIT
// Finding the studio's error box and its remedy buttons, as a user would see them.
#pragma once

#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

// The error box `window` shows now (objectName "errorBox"); null when none is visible.
inline QMessageBox* openErrorBox(QWidget* window) {
    for (QMessageBox* box : window->findChildren<QMessageBox*>("errorBox"))
        if (box->isVisible()) return box;
    return nullptr;
}

// The box's button labelled `text`; null when it has none.
inline QPushButton* buttonNamed(QMessageBox* box, const QString& text) {
    for (QAbstractButton* button : box->buttons())
        if (button->text() == text) return qobject_cast<QPushButton*>(button);
    return nullptr;
}
