// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QString>

#include <functional>

class QMessageBox;
class QWidget;

namespace adstudio::ui {

// The words of a remedy on a button; empty when the GUI has no control that does it.
QString remedyButtonText(const Remedy& remedy);

// An error in a non-modal box (the window keeps working) with a button per remedy the GUI can
// carry out; a click calls `onRemedy` and closes the box. Returns the box (deleted on close).
QMessageBox* showErrorBox(QWidget* parent, const QString& title, const Error& error,
                          std::function<void(const Remedy&)> onRemedy = {});

}  // namespace adstudio::ui
