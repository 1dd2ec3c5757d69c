// SPDX-License-Identifier: MIT
// adstudio: the studio window. `adstudio [PATH]` opens a data source;
// `adstudio --screenshot DIR` renders the pages with the demo world to PNG files and exits.
#include "main_window.h"
#include "pipeline/pipeline.h"
#include "project_session.h"
#include "system/about.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtConcurrent>

#include <cstdio>
#include <functional>
#include <iterator>

namespace {

// The export's contact sheet as a browser would show it.
void saveContactSheet(adstudio::ui::MainWindow& window, const QString& dir) {
    QTextBrowser sheet;
    sheet.setSearchPaths({window.session()->folder() + "/export"});
    QFile html(window.session()->folder() + "/export/index.html");
    html.open(QIODevice::ReadOnly);
    sheet.setHtml(QString::fromUtf8(html.readAll()));
    sheet.resize(1200, 1400);
    const QString file = QDir(dir).filePath("contact-sheet.png");
    std::printf("%s %s\n", sheet.grab().save(file) ? "wrote" : "could not write", qPrintable(file));
}

}  // namespace

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
        // A real demo project (the main job's --fast run), then every page grabbed in turn.
        const QString dir = parser.value(screenshot);
        QDir().mkpath(dir);
        const QString project =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
            "/screenshot-project";
        auto* watcher =
            new QFutureWatcher<std::shared_ptr<adstudio::Result<adstudio::PipelineSummary>>>(
                &window);
        QObject::connect(
            watcher, &QFutureWatcherBase::finished, &window, [&window, watcher, dir, project] {
                const auto result = watcher->result();
                if (!result->ok()) {
                    std::fprintf(stderr, "error: %s\n", qPrintable(result->error().toString()));
                    QApplication::exit(1);
                    return;
                }
                QObject::connect(
                    &window, &adstudio::ui::MainWindow::loaded, &window, [&window, dir] {
                        static const char* names[] = {"data",     "columns",   "train", "gan",
                                                      "segments", "creatives", "export"};
                        // One page after another: the next is shown only once the previous
                        // is grabbed (fixed timers let a slow page's grab catch the next one).
                        auto next = std::make_shared<std::function<void(int)>>();
                        *next = [&window, dir, next](int i) {
                            if (i == int(std::size(names))) {
                                saveContactSheet(window, dir);
                                QApplication::exit(0);
                                return;
                            }
                            window.showPage(names[i]);
                            QTimer::singleShot(400, &window, [&window, dir, next, i] {
                                const QString file = QDir(dir).filePath(QString(names[i]) + ".png");
                                const bool saved = window.grab().save(file);
                                std::printf("%s %s\n", saved ? "wrote" : "could not write",
                                            qPrintable(file));
                                if (!saved)
                                    QApplication::exit(1);
                                else
                                    (*next)(i + 1);
                            });
                        };
                        QTimer::singleShot(400, &window, [next] { (*next)(0); });
                    });
                window.openProject(project);
            });
        watcher->setFuture(QtConcurrent::run([project] {
            if (QFileInfo::exists(project + "/project.json"))
                return std::make_shared<adstudio::Result<adstudio::PipelineSummary>>(
                    adstudio::PipelineSummary{});
            adstudio::PipelineOptions options;
            options.demo = true;
            options.fast = true;
            options.projectDir = project;
            return std::make_shared<adstudio::Result<adstudio::PipelineSummary>>(
                adstudio::runPipeline(options));
        }));
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openPath(parser.positionalArguments().front());
    }
    return app.exec();
}
