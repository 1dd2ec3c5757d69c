// SPDX-License-Identifier: MIT
#pragma once

#include "project/project.h"
#include "train/training_events.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMetaObject>
#include <QPointer>
#include <QStandardPaths>

namespace adstudio::ui {

// A new run folder under the project's runs/ (or the app's data folder without a project),
// for the Train page's recommender and GAN tabs alike; the naming is core's.
inline QString newRunFolder(const QString& projectFolder, const QString& kind) {
    return newRunFolderUnder(projectFolder.isEmpty() ? QStandardPaths::writableLocation(
                                                           QStandardPaths::AppLocalDataLocation)
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

// Whether a cancelled run left a checkpoint to resume from.
inline bool hasCheckpoint(const QString& runFolder) {
    return !runFolder.isEmpty() && QFile::exists(QDir(runFolder).filePath("checkpoint.pt"));
}

// What a cancelled run left behind, said as it is: a checkpoint only once an epoch finished.
inline QString cancelledRunMessage(const QString& runFolder) {
    return hasCheckpoint(runFolder)
               ? QCoreApplication::translate("TrainingRuns",
                                             "Cancelled; the last finished epoch is saved "
                                             "(Resume continues from it).")
               : QCoreApplication::translate("TrainingRuns",
                                             "Cancelled before the first epoch finished; nothing "
                                             "was saved.");
}

}  // namespace adstudio::ui
