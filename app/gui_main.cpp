// SPDX-License-Identifier: MIT
// adstudio: the studio window. `adstudio [PATH]` opens a data source;
// `adstudio --screenshot DIR` renders the pages with the demo world to PNG files and exits.
#include "main_window.h"
#include "system/about.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
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

    adstudio::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString dir = parser.value(screenshot);
        QDir().mkpath(dir);
        QObject::connect(&window, &adstudio::ui::MainWindow::loaded, &window, [&window, dir] {
            QTimer::singleShot(200, &window, [&window, dir] {
                const bool saved = window.grab().save(QDir(dir).filePath("data.png"));
                std::printf("%s %s\n", saved ? "wrote" : "could not write",
                            qPrintable(QDir(dir).filePath("data.png")));
                QApplication::exit(saved ? 0 : 1);
            });
        });
        QObject::connect(&window, &adstudio::ui::MainWindow::loadFailed, &window,
                         [](const QString& message) {
                             std::fprintf(stderr, "error: %s\n", qPrintable(message));
                             QApplication::exit(1);
                         });
        window.openDemoWorld();
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openPath(parser.positionalArguments().front());
    }
    return app.exec();
}
