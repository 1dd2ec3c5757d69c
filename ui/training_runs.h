// SPDX-License-Identifier: MIT
#pragma once

#include "project/project.h"
#include "train/training_events.h"

#include <QMetaObject>
#include <QPointer>
#include <QStandardPaths>

namespace adstudio::ui {

// A new run folder under the project's runs/ (or the app's data folder without a project),
// for the Train page's recommender and GAN tabs alike; the naming is core's.
inline QString newRunFolder(const QString& projectFolder, const QString& kind) {
    return newRunFolderUnder(
        projectFolder.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
            : projectFolder,
        kind);
}

// A trainer callback (called on the worker thread) that hands each event to `handle` on
// `page`'s thread, queued; events after the page is gone are dropped.
template <typename Page>
TrainCallback queuedTrainCallback(Page* page, void (Page::*handle)(const TrainEvent&)) {
    QPointer<Page> self(page);
    return [self, handle](const TrainEvent& e) {
        QMetaObject::invokeMethod(
            self,
            [self, handle, e] {
                if (self) (self.data()->*handle)(e);
            },
            Qt::QueuedConnection);
    };
}

}  // namespace adstudio::ui
