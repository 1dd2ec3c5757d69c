// SPDX-License-Identifier: MIT
#include "train/training_events.h"

#include "common/atomic_file.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

namespace adstudio {

QJsonArray historyToJson(const std::vector<EpochRecord>& history) {
    QJsonArray rows;
    for (const auto& r : history) {
        QJsonObject values;
        for (const auto& [key, value] : r.values) values.insert(key, value);
        rows.append(QJsonObject{{"epoch", r.epoch},
                                {"seconds", r.seconds},
                                {"lr", r.learningRate},
                                {"loss", r.loss},
                                {"samples_per_s", r.samplesPerSecond},
                                {"values", values}});
    }
    return rows;
}

std::vector<EpochRecord> historyFromJson(const QJsonArray& rows) {
    std::vector<EpochRecord> history;
    for (const auto& value : rows) {
        const auto row = value.toObject();
        EpochRecord r;
        r.epoch = row.value("epoch").toInt();
        r.seconds = row.value("seconds").toDouble();
        r.learningRate = row.value("lr").toDouble();
        r.loss = row.value("loss").toDouble();
        r.samplesPerSecond = row.value("samples_per_s").toDouble();
        const auto values = row.value("values").toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            r.values[it.key()] = it->toDouble();
        history.push_back(r);
    }
    return history;
}

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
