// SPDX-License-Identifier: MIT
#include "screenshot_tour.h"

#include "job.h"
#include "main_window.h"
#include "pipeline/pipeline.h"
#include "project_session.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <iterator>
#include <memory>

namespace adstudio::app {
namespace {

const char* const kPages[] = {"data",  "columns",   "train",  "gan", "segments",
                              "brand", "creatives", "export", "live"};

bool reportSaved(bool saved, const QString& file) {
    std::printf("%s %s\n", saved ? "wrote" : "could not write", qPrintable(file));
    return saved;
}

// The export's contact sheet as a browser would show it.
bool saveContactSheet(ui::MainWindow& window, const QString& dir) {
    QTextBrowser sheet;
    sheet.setSearchPaths({window.session()->folder() + "/export"});
    QFile html(window.session()->folder() + "/export/index.html");
    if (!html.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "error: %s: cannot read the contact sheet\n",
                     qPrintable(html.fileName()));
        return false;
    }
    sheet.setHtml(QString::fromUtf8(html.readAll()));
    sheet.resize(1200, 1400);
    const QString file = QDir(dir).filePath("contact-sheet.png");
    return reportSaved(sheet.grab().save(file), file);
}

// One page after another: the next is shown only once the previous is grabbed (fixed timers
// let a slow page's grab catch the next one).
void grabPages(ui::MainWindow& window, const QString& dir) {
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&window, dir, next](int i) {
        if (i == int(std::size(kPages))) {
            QApplication::exit(saveContactSheet(window, dir) ? 0 : 1);
            return;
        }
        window.showPage(kPages[i]);
        QTimer::singleShot(400, &window, [&window, dir, next, i] {
            const QString file = QDir(dir).filePath(QString(kPages[i]) + ".png");
            if (reportSaved(window.grab().save(file), file))
                (*next)(i + 1);
            else
                QApplication::exit(1);
        });
    };
    QTimer::singleShot(400, &window, [next] { (*next)(0); });
}

}  // namespace

void startScreenshotTour(ui::MainWindow& window, const QString& dir) {
    QDir().mkpath(dir);
    const QString project = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                            "/screenshot-project";
    using Made = Result<PipelineSummary>;
    auto* job = new ui::Job<Made>(&window, [&window, dir, project](Made made) {
        if (!made.ok()) {
            std::fprintf(stderr, "error: %s\n", qPrintable(made.error().toString()));
            QApplication::exit(1);
            return;
        }
        QObject::connect(&window, &ui::MainWindow::loaded, &window,
                         [&window, dir] { grabPages(window, dir); });
        window.openProject(project);
    });
    job->start([project](const JobContext&) -> Made {
        if (QFileInfo::exists(project + "/project.json")) return PipelineSummary{};
        PipelineOptions options;
        options.demo = true;
        options.fast = true;
        options.projectDir = project;
        return runPipeline(options);
    });
}

}  // namespace adstudio::app
