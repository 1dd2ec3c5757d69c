// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QImage>
#include <QJsonArray>
#include <QString>

#include <functional>
#include <map>
#include <vector>

namespace adstudio {

// What a trainer tells its watcher (the GUI's live curves, the CLI's progress line). Sent from
// the worker thread every few batches and once at the end of each epoch.
struct TrainEvent {
    QString phase;  // "train", "pretrain gmf", "gan", ...
    int epoch = 0;  // 1-based
    int epochs = 0;
    qint64 batch = 0;  // 1-based within the epoch
    qint64 batches = 0;
    double loss = 0;  // running mean of the epoch so far
    double samplesPerSecond = 0;
    bool epochEnd = false;
    std::map<QString, double> values;  // validation metrics at epoch end; D/G values for GANs
    QImage preview;  // GANs: the fixed-noise sample grid, when GanConfig::previewSeconds asks
};
using TrainCallback = std::function<void(const TrainEvent&)>;

// One row of history.csv.
struct EpochRecord {
    int epoch = 0;
    double seconds = 0;
    double learningRate = 0;
    double loss = 0;
    double samplesPerSecond = 0;
    std::map<QString, double> values;
};

// The history inside checkpoints, so a resumed run continues its table.
QJsonArray historyToJson(const std::vector<EpochRecord>& history);
std::vector<EpochRecord> historyFromJson(const QJsonArray& rows);

// history.csv: epoch, seconds, lr, loss, samples_per_s, then every value key, atomically.
Status writeHistoryCsv(const QString& path, const std::vector<EpochRecord>& history);

}  // namespace adstudio
