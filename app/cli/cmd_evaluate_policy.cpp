// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "project/project.h"
#include "serving/off_policy.h"
#include "serving_options.h"

namespace adstudio::cli {

int runEvaluatePolicy(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption project(
        "project", "Project folder; its log is PROJECT/events/events.jsonl.", "DIR");
    const QCommandLineOption log("log", "Event log to evaluate (serve's or simulate --log's).",
                                 "FILE");
    const QCommandLineOption policy(
        "policy",
        "uniform, segment-greedy, epsilon-greedy, or creative-set: the project's current "
        "creatives (preflight of a new set against the log of serving older ones).",
        "NAME");
    const QCommandLineOption samples(
        "bootstrap", "Bootstrap resamples for the intervals (default 200).", "N", "200");
    const QCommandLineOption seed("seed", "Seed of the bootstrap (default 42).", "N", "42");
    const QCommandLineOption json("json", "Print the result as JSON.");
    parser.addOptions({project, log, policy, samples, seed, json});
    int exitCode = kOk;
    if (!parseArguments(parser, arguments,
                        "Estimate a policy's CTR from a logged serving run (IPS, SNIPS, DR).",
                        &exitCode))
        return exitCode;
    if (!parser.isSet(log) && !parser.isSet(project))
        return usageError("evaluate-policy needs --log FILE or --project DIR");
    if (!parser.isSet(policy))
        return usageError("evaluate-policy needs --policy " + evaluablePolicyNames().join("|") +
                          "|creative-set");
    const bool preflight = parser.value(policy) == QLatin1String("creative-set");
    if (preflight && !parser.isSet(project))
        return usageError("--policy creative-set needs --project DIR (its creatives are the set)");
    bool ok = false;
    const int resamples = parser.value(samples).toInt(&ok);
    if (!ok || resamples < 20) return usageError("--bootstrap takes a whole number >= 20");
    const auto seedValue = parser.value(seed).toULongLong(&ok);
    if (!ok) return usageError("--seed takes a whole number");
    const auto logFile = eventLogPathFrom(parser, project, log);
    if (!logFile) return reportError(logFile.error());
    const QString logPath = logFile.value();
    const auto rounds = readLoggedRounds(logPath);
    if (!rounds) return reportError(rounds.error());
    Result<PolicyEvaluation> evaluation = Error{};
    if (preflight) {
        auto opened = Project::open(parser.value(project));
        if (!opened) return reportError(opened.error());
        std::vector<CandidateCreative> set;
        for (const Creative& c : opened->creatives())
            if (c.servable(opened->manifest().serveApprovedOnly))
                set.push_back({c.id, c.segment, c.size, c.predictedCtr});
        evaluation = evaluateCreativeSet(rounds.value(), set, resamples, seedValue);
    } else {
        evaluation = evaluatePolicy(rounds.value(), parser.value(policy), resamples, seedValue);
    }
    if (!evaluation) return reportError(evaluation.error());
    if (parser.isSet(json)) {
        printJson(evaluation->toJson());
        return kOk;
    }
    QString text = QString("%1 over %2 logged rounds (95% bootstrap intervals)\n")
                       .arg(evaluation->policy)
                       .arg(evaluation->rounds);
    for (const auto& [name, e] :
         {std::pair{"ips", evaluation->ips}, {"snips", evaluation->snips}, {"dr", evaluation->dr}})
        text += QString("  %1 %2  [%3, %4]\n")
                    .arg(name, -6)
                    .arg(e.estimate, 0, 'f', 4)
                    .arg(e.low, 0, 'f', 4)
                    .arg(e.high, 0, 'f', 4);
    for (const auto& warning : evaluation->warnings) text += "warning: " + warning + "\n";
    printText(text);
    return kOk;
}

}  // namespace adstudio::cli
