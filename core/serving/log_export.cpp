// SPDX-License-Identifier: MIT
#include "serving/log_export.h"

#include "common/atomic_file.h"
#include "serving/off_policy.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace adstudio {

Result<LogExportSummary> exportLogAsDsjson(const QString& logPath, const QString& outFile) {
    const auto log = readLoggedRounds(logPath);
    if (!log) return log.error();
    QByteArray out;
    LogExportSummary summary;
    for (const auto& round : log.value().rounds) {
        QJsonObject line = round.decision;
        line.remove("_type");
        const int action = round.chosen + 1;
        line.insert("_label_cost", -round.reward);
        line.insert("_label_probability", round.propensity);
        line.insert("_label_Action", action);
        line.insert("_labelIndex", action - 1);
        out += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
        ++summary.rounds;
    }
    if (const Status written = writeFileAtomically(outFile, out); !written) return written.error();
    summary.files << outFile;
    return summary;
}

Result<LogExportSummary> exportLogForOpenBanditPipeline(const QString& logPath,
                                                        const QString& outDir) {
    const auto log = readLoggedRounds(logPath);
    if (!log) return log.error();
    // OBP numbers actions 0..n-1 over the whole log; a round offers only its segment's.
    std::map<QString, std::pair<int, double>> actionInfo;  // creative -> segment, prior
    int segments = 0;
    for (const auto& round : log.value().rounds) {
        for (int a = 0; a < round.actions.size(); ++a) {
            if (!actionInfo.count(round.actions[a]))
                actionInfo[round.actions[a]] = {round.segment, round.priors[std::size_t(a)]};
        }
        segments = std::max(segments, round.segment + 1);
    }
    QHash<QString, int> actionIndex;
    QByteArray actionCsv = "action,creative_id,segment,prior\n";
    for (const auto& [id, info] : actionInfo) {
        actionCsv += QByteArray::number(actionIndex.size()) + ',' + id.toUtf8() + ',' +
                     QByteArray::number(info.first) + ',' +
                     QByteArray::number(info.second, 'g', 8) + '\n';
        actionIndex.insert(id, int(actionIndex.size()));
    }
    QByteArray feedback = "round,action,position,reward,pscore";
    for (int s = 0; s < segments; ++s) feedback += ",context_segment_" + QByteArray::number(s);
    feedback += '\n';
    int round = 0;
    for (const auto& r : log.value().rounds) {
        feedback += QByteArray::number(round++) + ',' +
                    QByteArray::number(actionIndex.value(r.actions[r.chosen])) + ",0," +
                    QByteArray::number(r.reward) + ',' + QByteArray::number(r.propensity, 'g', 8);
        for (int s = 0; s < segments; ++s) feedback += s == r.segment ? ",1" : ",0";
        feedback += '\n';
    }
    const QJsonObject description{
        {"format", "open-bandit-pipeline bandit_feedback"},
        {"n_rounds", round},
        {"n_actions", int(actionIndex.size())},
        {"len_list", 1},
        {"files", QJsonObject{{"bandit_feedback", "bandit_feedback.csv"},
                              {"action_context", "action_context.csv"}}},
        {"columns",
         QJsonObject{
             {"action", "index into action_context.csv"},
             {"position", "always 0 (one creative per slot)"},
             {"reward",
              "1: clicked or converted; 0: the default reward (no click within the wait)"},
             {"pscore",
              "probability with which the logging policy chose the action; actions outside the "
              "round's segment had probability 0"},
             {"context_segment_*", "one-hot segment of the user (context)"}}},
        {"load",
         "pandas.read_csv each file; bandit_feedback = dict(n_rounds, n_actions, "
         "action=df.action.values, "
         "position=df.position.values, reward=df.reward.values, pscore=df.pscore.values, "
         "context=df.filter(like='context_').values, "
         "action_context=actions[['segment','prior']].values)"},
        {"warnings", QJsonArray::fromStringList(log.value().warnings)}};
    QDir().mkpath(outDir);
    const QDir dir(outDir);
    LogExportSummary summary;
    summary.rounds = round;
    summary.actions = int(actionIndex.size());
    for (const auto& [name, bytes] :
         {std::pair{QStringLiteral("bandit_feedback.csv"), feedback},
          {QStringLiteral("action_context.csv"), actionCsv},
          {QStringLiteral("bandit_feedback.json"), QJsonDocument(description).toJson()}}) {
        if (const Status written = writeFileAtomically(dir.filePath(name), bytes); !written)
            return written.error();
        summary.files << dir.filePath(name);
    }
    return summary;
}

}  // namespace adstudio
