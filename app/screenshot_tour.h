// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace adstudio::ui {
class MainWindow;
}

namespace adstudio::app {

// `adstudio --screenshot DIR`: makes (or reuses) a demo project with the main job's --fast run,
// opens it in `window`, grabs every page and the export's contact sheet into DIR as PNG files,
// then quits the application (exit code 1 when a step failed).
void startScreenshotTour(ui::MainWindow& window, const QString& dir);

}  // namespace adstudio::app
