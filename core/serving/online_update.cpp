// SPDX-License-Identifier: MIT
#include "serving/online_update.h"

#include "train/metrics.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <numeric>

namespace adstudio {

QJsonObject ModelCheck::toJson() const {
    return QJsonObject{{"train_events", trainEvents},
                       {"held_out_events", heldOutEvents},
                       {"old_logloss", oldLogloss},
                       {"new_logloss", newLogloss},
                       {"old_auc", oldAuc},
                       {"new_auc", newAuc},
                       {"observed_ctr", observedCtr},
                       {"old_mean_prediction", oldMeanPrediction},
                       {"new_mean_prediction", newMeanPrediction},
                       {"accepted", accepted},
                       {"reason", reason}};
}

Result<OnlineUpdate> fineTuneOnEvents(const RecommenderModel& current,
                                      const std::vector<LabeledEvent>& events,
                                      const ProjectSegments& segments,
                                      const OnlineUpdateSettings& settings) {
    std::vector<std::int32_t> trainUsers, trainItems, testUsers, testItems;
    std::vector<float> trainLabels, testLabels;
    for (std::size_t e = 0; e < events.size(); ++e) {
        const bool heldOut = e % 5 == 4;
        (heldOut ? testUsers : trainUsers).push_back(events[e].user);
        (heldOut ? testItems : trainItems).push_back(events[e].item);
        (heldOut ? testLabels : trainLabels).push_back(events[e].label);
    }
    OnlineUpdate update;
    ModelCheck& check = update.check;
    check.trainEvents = int(trainUsers.size());
    check.heldOutEvents = int(testUsers.size());
    if (testUsers.empty()) {
        check.reason = QStringLiteral("too few events to hold any out");
        return update;
    }
    auto candidate = current.fineTuned(trainUsers, trainItems, trainLabels, settings.fineTune);
    if (!candidate) return candidate.error();
    const std::vector<float> before = current.predict(testUsers, testItems);
    const std::vector<float> after = candidate.value().predict(testUsers, testItems);
    const double n = double(testLabels.size());
    check.oldLogloss = logLoss(before, testLabels);
    check.newLogloss = logLoss(after, testLabels);
    check.oldAuc = areaUnderRoc(before, testLabels);
    check.newAuc = areaUnderRoc(after, testLabels);
    check.observedCtr = std::accumulate(testLabels.begin(), testLabels.end(), 0.0) / n;
    check.oldMeanPrediction = std::accumulate(before.begin(), before.end(), 0.0) / n;
    check.newMeanPrediction = std::accumulate(after.begin(), after.end(), 0.0) / n;
    if (!(check.newLogloss < check.oldLogloss)) {
        check.reason = QStringLiteral("held-out logloss %1 is not below the model in use (%2)")
                           .arg(check.newLogloss, 0, 'f', 4)
                           .arg(check.oldLogloss, 0, 'f', 4);
        return update;
    }
    auto locator = SegmentLocator::build(candidate.value(), segments);
    if (!locator) return locator.error();
    check.accepted = true;
    check.reason = QStringLiteral("held-out logloss %1 -> %2")
                       .arg(check.oldLogloss, 0, 'f', 4)
                       .arg(check.newLogloss, 0, 'f', 4);
    update.model = std::make_shared<RecommenderModel>(std::move(candidate).value());
    update.locator = std::make_shared<SegmentLocator>(std::move(locator).value());
    if (!settings.weightsFolder.isEmpty() && QDir().mkpath(settings.weightsFolder)) {
        // A new file per accepted model: the log line that names it keeps meaning those weights.
        const QDir folder(settings.weightsFolder);
        const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
        QString file = folder.filePath(QStringLiteral("model-%1.pt").arg(stamp));
        for (int n = 2; QFileInfo::exists(file); ++n)
            file = folder.filePath(QStringLiteral("model-%1-%2.pt").arg(stamp).arg(n));
        if (const Status saved = update.model->saveWeights(file); saved)
            update.weightsFile = file;
        else
            check.reason +=
                QStringLiteral("; its weights could not be kept: ") + saved.error().toString();
    }
    return update;
}

}  // namespace adstudio
