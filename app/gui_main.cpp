// SPDX-License-Identifier: MIT
// adstudio: the studio window. `adstudio [PATH]` opens a data source;
// `adstudio --screenshot DIR` renders the pages with the demo world to PNG files and exits.
#include "main_window.h"
#include "pipeline/pipeline.h"
#include "screenshot_tour.h"
#include "system/about.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTemporaryDir>

int main(int argc, char** argv) {
    adstudio::prepareComputeProcess(argv);  // before anything else: it may restart the process
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("AdStudio"));
    QApplication::setOrganizationName(QStringLiteral("AdStudio"));
    QApplication::setApplicationVersion(adstudio::aboutInfo().adstudio);  // one version: CMake's
    adstudio::setComputeThreads(0);

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("PATH", "Data source to open.");
    const QCommandLineOption screenshot(
        "screenshot", "Render each page with the demo world into DIR and exit.", "DIR");
    parser.addOption(screenshot);
    parser.process(app);
    // The screenshot run keeps its settings (recent projects, last folders) to itself: its
    // internal project must never show up in the user's Recent Projects.
    QTemporaryDir screenshotSettings;
    if (parser.isSet(screenshot)) {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, screenshotSettings.path());
    }

    adstudio::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        adstudio::app::startScreenshotTour(window, parser.value(screenshot));
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openPath(parser.positionalArguments().front());
    }
    return app.exec();
}
