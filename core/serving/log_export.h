// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QStringList>

namespace adstudio {

struct LogExportSummary {
    int rounds = 0;
    int actions = 0;
    QStringList files;
};

// Serving's log as Vowpal Wabbit DSJSON for `vw --cb_explore_adf --dsjson`: one line per settled
// decision, the decision's own line with the reward joined in (_label_cost = -reward,
// _label_probability, _label_Action, _labelIndex).
Result<LogExportSummary> exportLogAsDsjson(const QString& logPath, const QString& outFile);

// Serving's log in Open Bandit Pipeline's bandit_feedback layout, as plain files in `outDir`:
// bandit_feedback.csv (round, action, position, reward, pscore, context columns),
// action_context.csv (action, creative_id, segment, prior) and bandit_feedback.json describing
// both (n_rounds, n_actions, len_list, the columns).
Result<LogExportSummary> exportLogForOpenBanditPipeline(const QString& logPath,
                                                        const QString& outDir);

}  // namespace adstudio
