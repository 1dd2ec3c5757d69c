// SPDX-License-Identifier: MIT
#include "serving_options.h"

namespace adstudio::cli {

QString ServingOptionSet::read(const QCommandLineParser& parser, ServingSettings* settings) const {
    const auto policy = banditPolicyFromName(parser.value(bandit));
    if (!policy)
        return QStringLiteral("--bandit takes thompson, epsilon-greedy, greedy or uniform");
    settings->bandit.policy = *policy;
    bool ok = false;
    settings->bandit.priorStrength = parser.value(priorStrength).toDouble(&ok);
    if (!ok || settings->bandit.priorStrength < 0)
        return QStringLiteral("--prior-strength takes a number >= 0");
    settings->bandit.epsilon = parser.value(epsilon).toDouble(&ok);
    if (!ok || settings->bandit.epsilon < 0 || settings->bandit.epsilon > 1)
        return QStringLiteral("--epsilon takes a number in [0, 1]");
    settings->seed = parser.value(seed).toULongLong(&ok);
    if (!ok) return QStringLiteral("--seed takes a whole number");
    settings->approvedOnly = parser.isSet(approvedOnly);
    return {};
}

}  // namespace adstudio::cli
