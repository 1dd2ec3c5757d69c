// SPDX-License-Identifier: MIT
#include "train/training_events.h"

#include "common/atomic_file.h"

#include <QStringList>
#include <QTextStream>

namespace adstudio {

Status writeHistoryCsv(const QString& path, const std::vector<EpochRecord>& history) {
    QStringList valueKeys;
    for (const auto& r : history)
        for (const auto& [key, value] : r.values)
            if (!valueKeys.contains(key)) valueKeys.append(key);
    QByteArray csv;
    QTextStream out(&csv);
    out << "epoch,seconds,lr,loss,samples_per_s";
    for (const auto& key : valueKeys) out << ',' << key;
    out << "\n";
    for (const auto& r : history) {
        out << r.epoch << ',' << QString::number(r.seconds, 'f', 3) << ','
            << QString::number(r.learningRate, 'g', 6) << ',' << QString::number(r.loss, 'g', 8)
            << ',' << QString::number(r.samplesPerSecond, 'f', 0);
        for (const auto& key : valueKeys) {
            const auto it = r.values.find(key);
            out << ',' << (it == r.values.end() ? QString() : QString::number(it->second, 'g', 8));
        }
        out << "\n";
    }
    out.flush();
    return writeFileAtomically(path, csv);
}

}  // namespace adstudio
