// SPDX-License-Identifier: MIT
// Decision latency in process: p50/p99 per request kind and decisions per second on one
// thread, for Thompson sampling (with its propensity estimate) against the greedy policy (no
// sampling: the floor any policy pays for placement, bookkeeping and the log) in the same run.
//   serving_bench --project DIR [--decisions N] [--log]
#include "project/project.h"
#include "serving/decision_engine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace adstudio;

namespace {

struct Figures {
    double p50us = 0, p99us = 0, perSecond = 0;
};

Figures measure(DecisionEngine& engine, const std::vector<DecisionRequest>& requests) {
    std::vector<double> micros;
    micros.reserve(requests.size());
    QElapsedTimer total;
    total.start();
    for (const auto& request : requests) {
        QElapsedTimer one;
        one.start();
        const auto decision = engine.decide(request);
        micros.push_back(double(one.nsecsElapsed()) / 1000.0);
        if (!decision) {
            std::fprintf(stderr, "%s\n", qPrintable(decision.error().toString()));
            std::exit(1);
        }
        engine.settle(decision->eventId);
    }
    const double seconds = double(total.nsecsElapsed()) * 1e-9;
    std::sort(micros.begin(), micros.end());
    return {micros[micros.size() / 2], micros[std::size_t(double(micros.size()) * 0.99)],
            double(requests.size()) / seconds};
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption project("project", "Project folder (run --demo).", "DIR");
    const QCommandLineOption count("decisions", "Decisions per measurement (default 20000).", "N",
                                   "20000");
    const QCommandLineOption withLog("log",
                                     "Also write the event log (group commit) while measuring.");
    parser.addHelpOption();
    parser.addOptions({project, count, withLog});
    parser.process(app);
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "serving_bench needs --project DIR\n");
        return 2;
    }
    auto opened = Project::open(parser.value(project));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    const int n = parser.value(count).toInt();
    const auto& users = opened->segments().users;
    const QString size = opened->creatives().front().size;
    QStringList items;
    for (const auto& profile : opened->segments().profiles) items += profile.topItems;

    std::vector<DecisionRequest> known(static_cast<std::size_t>(n)),
        unknown(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        known[std::size_t(i)].user.userId = users[std::size_t(i * 7919) % users.size()].userId;
        known[std::size_t(i)].size = size;
        unknown[std::size_t(i)].user.recentItems = {items[(i * 31) % items.size()],
                                                    items[(i * 17 + 3) % items.size()]};
        unknown[std::size_t(i)].user.fields = {{"age_band", i % 2 ? "18-24" : "35-44"},
                                               {"device", "mobile"}};
        unknown[std::size_t(i)].size = size;
    }
    QTemporaryDir scratch;
    std::printf("%-34s %9s %9s %12s\n", "policy / user", "p50 us", "p99 us", "decisions/s");
    for (const auto policy : {BanditPolicy::Greedy, BanditPolicy::Thompson}) {
        ServingSettings settings;
        settings.bandit.policy = policy;
        const QString log = parser.isSet(withLog)
                                ? scratch.filePath(banditPolicyName(policy) + ".jsonl")
                                : QString();
        auto engine = DecisionEngine::open(opened->folder(), log, settings);
        if (!engine) {
            std::fprintf(stderr, "%s\n", qPrintable(engine.error().toString()));
            return 1;
        }
        measure(**engine, std::vector<DecisionRequest>(
                              known.begin(), known.begin() + std::min(n, 2000)));  // warm-up
        for (const auto& [label, requests] :
             {std::pair{"known", &known}, {"new (2 clicks + 2 fields)", &unknown}}) {
            const Figures f = measure(**engine, *requests);
            std::printf("%-34s %9.1f %9.1f %12.0f\n",
                        qPrintable(banditPolicyName(policy) + " / " + QString::fromLatin1(label)),
                        f.p50us, f.p99us, f.perSecond);
        }
    }
    return 0;
}
