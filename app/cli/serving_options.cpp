// SPDX-License-Identifier: MIT
#include "serving_options.h"

#include "project/project.h"

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
    settings->online.enabled = parser.isSet(online);
    settings->online.everyEvents = parser.value(updateEvery).toInt(&ok);
    if (!ok || settings->online.everyEvents < 100)
        return QStringLiteral("--update-every takes a whole number >= 100");
    settings->online.everyMinutes = parser.value(updateMinutes).toDouble(&ok);
    if (!ok || settings->online.everyMinutes < 0)
        return QStringLiteral("--update-minutes takes a number >= 0");
    settings->resegmentAfterMoves = parser.value(resegmentAfter).toInt(&ok);
    if (!ok || settings->resegmentAfterMoves < -1)
        return QStringLiteral("--resegment-after takes a whole number >= -1");
    return {};
}

Result<QString> eventLogPathFrom(const QCommandLineParser& parser,
                                 const QCommandLineOption& project, const QCommandLineOption& log) {
    if (parser.isSet(log)) return parser.value(log);
    auto opened = Project::open(parser.value(project));
    if (!opened) return opened.error();
    return opened->eventLogPath();
}

}  // namespace adstudio::cli
