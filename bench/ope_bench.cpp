// SPDX-License-Identifier: MIT
// Off-policy evaluation against the truth: for each of N seeds, the simulator writes a log with
// the uniform logging policy, and IPS, SNIPS and DR estimate segment-greedy's CTR from it; the
// truth is segment-greedy's expected CTR on the same arrivals. Reports bias, RMSE, interval
// coverage and width per estimator, beside the naive baseline (the log's own mean reward).
//   ope_bench --project DIR [--seeds 20] [--steps 20000] [--policy segment-greedy]
#include "serving/off_policy.h"
#include "serving/simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>
#include <map>

using namespace adstudio;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption project("project", "Project folder (run --demo).", "DIR");
    const QCommandLineOption seeds("seeds", "Simulated logs (default 20).", "N", "20");
    const QCommandLineOption steps("steps", "Rounds per log (default 20000).", "N", "20000");
    parser.addHelpOption();
    parser.addOptions({project, seeds, steps});
    parser.process(app);
    if (!parser.isSet(project)) {
        std::fprintf(stderr, "ope_bench needs --project DIR\n");
        return 2;
    }
    QTemporaryDir scratch;
    struct Tally {
        double bias = 0, squared = 0, width = 0;
        int covered = 0;
    };
    std::map<QString, Tally> tallies;
    const int n = parser.value(seeds).toInt();
    for (int seed = 1; seed <= n; ++seed) {
        SimulationOptions logging;
        logging.steps = parser.value(steps).toInt();
        logging.seed = std::uint64_t(seed);
        logging.serving.seed = logging.seed;
        logging.policies = {"bandit"};
        logging.serving.bandit.policy = BanditPolicy::Uniform;
        logging.logPath = scratch.filePath(QString("log-%1.jsonl").arg(seed));
        const auto logged = simulate(parser.value(project), logging);
        SimulationOptions target = logging;
        target.policies = {"segment-greedy"};
        target.logPath.clear();
        const auto truth = simulate(parser.value(project), target);
        if (!logged || !truth) {
            std::fprintf(stderr, "%s\n",
                         qPrintable((!logged ? logged.error() : truth.error()).toString()));
            return 1;
        }
        const double value = truth.value().outcomes[0].expectedCtr;
        const auto rounds = readLoggedRounds(logging.logPath);
        const auto evaluation =
            evaluatePolicy(rounds.value(), "segment-greedy", 200, std::uint64_t(seed));
        if (!evaluation) {
            std::fprintf(stderr, "%s\n", qPrintable(evaluation.error().toString()));
            return 1;
        }
        const auto& e = evaluation.value();
        for (const auto& [name, estimate] : {std::pair{QString("ips"), e.ips},
                                             {QString("snips"), e.snips},
                                             {QString("dr"), e.dr}}) {
            Tally& t = tallies[name];
            t.bias += estimate.estimate - value;
            t.squared += (estimate.estimate - value) * (estimate.estimate - value);
            t.width += estimate.high - estimate.low;
            t.covered += estimate.low <= value && value <= estimate.high;
        }
        Tally& naive = tallies["naive (log mean)"];
        const double mean = logged.value().outcomes[0].ctr;
        naive.bias += mean - value;
        naive.squared += (mean - value) * (mean - value);
    }
    std::printf("%d logs of %s rounds, uniform logging policy, target segment-greedy\n", n,
                qPrintable(parser.value(steps)));
    std::printf("%-18s %10s %10s %12s %10s\n", "estimator", "bias", "RMSE", "coverage", "width");
    for (const auto& [name, t] : tallies) {
        const bool hasInterval = name != QLatin1String("naive (log mean)");
        std::printf("%-18s %+10.4f %10.4f %12s %10s\n", qPrintable(name), t.bias / n,
                    std::sqrt(t.squared / n),
                    hasInterval ? qPrintable(QString("%1/%2").arg(t.covered).arg(n)) : "-",
                    hasInterval ? qPrintable(QString::number(t.width / n, 'f', 4)) : "-");
    }
    return 0;
}
