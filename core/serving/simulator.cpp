// SPDX-License-Identifier: MIT
#include "serving/simulator.h"

#include "common/random.h"
#include "data/demo_truth.h"
#include "project/project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace adstudio {

namespace {

struct Served {
    QString id, itemId;
    int segment = 0;
    double predictedCtr = 0;
};

// The creative drift: per model segment, the item its users liked best among the segment's
// creatives and the one they liked least swap appeal. Returns each creative's item for the second
// phase.
std::vector<QString> itemsAfterCreativeDrift(const std::vector<Served>& served,
                                             const QStringList& users,
                                             const QHash<QString, int>& modelSegment,
                                             const DemoTruth& truth, int segments) {
    std::vector<QString> drifted;
    for (const Served& s : served) drifted.push_back(s.itemId);
    // Summed first-phase click probability of each item a segment's creatives show.
    std::vector<QMap<QString, double>> appeal(static_cast<std::size_t>(segments));
    for (const Served& s : served)
        if (s.segment >= 0 && s.segment < segments) appeal[std::size_t(s.segment)][s.itemId] = 0;
    for (const auto& user : users) {
        auto& items = appeal[std::size_t(modelSegment.value(user))];
        for (auto it = items.begin(); it != items.end(); ++it)
            *it += std::max(0.0,
                            truth.clickProbability(user, it.key(), truth.userSegment.value(user)));
    }
    for (int segment = 0; segment < segments; ++segment) {
        const auto& items = appeal[std::size_t(segment)];
        if (items.size() < 2) continue;
        QString best = items.firstKey(), worst = items.firstKey();
        for (auto it = items.begin(); it != items.end(); ++it) {
            if (*it > items.value(best)) best = it.key();
            if (*it < items.value(worst)) worst = it.key();
        }
        for (std::size_t c = 0; c < served.size(); ++c) {
            if (served[c].segment != segment) continue;
            if (served[c].itemId == best) drifted[c] = worst;
            if (served[c].itemId == worst) drifted[c] = best;
        }
    }
    return drifted;
}

QString truthPathOf(const Project& project) {
    const QFileInfo data(project.dataPath());
    return QDir(data.isDir() ? data.absoluteFilePath() : data.absolutePath())
        .filePath(QStringLiteral("truth.json"));
}

// Chooses a creative index for one arrival; `eventId` is for the bandit.
struct PolicyRunner {
    virtual ~PolicyRunner() = default;
    virtual Result<int> choose(const QString& user, int segment, const QString& eventId,
                               const QStringList& recentItems) = 0;
    virtual void feedback(const QString&, bool) {}
};

struct FixedChoice : PolicyRunner {
    std::function<int(int)> pick;
    Result<int> choose(const QString&, int segment, const QString&, const QStringList&) override {
        return pick(segment);
    }
};

struct BanditRunner : PolicyRunner {
    DecisionEngine* engine = nullptr;
    QString size;
    QHash<QString, int> indexOf;
    std::shared_ptr<qint64> step = std::make_shared<qint64>(0);  // the engine's clock
    Result<int> choose(const QString& user, int, const QString& eventId,
                       const QStringList& recentItems) override {
        ++*step;
        DecisionRequest request;
        request.eventId = eventId;
        request.user.userId = user;
        request.user.recentItems = recentItems;
        request.size = size;
        const auto decision = engine->decide(request);
        if (!decision) return decision.error();
        return indexOf.value(decision->creativeId, 0);
    }
    void feedback(const QString& eventId, bool clicked) override {
        if (clicked)
            engine->reward(eventId, RewardKind::Click);
        else
            engine->settle(eventId);
    }
};

}  // namespace

QStringList simulatedPolicyNames() {
    return {QStringLiteral("random"), QStringLiteral("best-fixed"),
            QStringLiteral("segment-greedy"), QStringLiteral("bandit")};
}

Result<SimulationReport> simulate(const QString& projectFolder, const SimulationOptions& options,
                                  const JobContext& job) {
    for (const auto& policy : options.policies) {
        if (!simulatedPolicyNames().contains(policy)) {
            return makeError(QString(), 0, 0, QStringLiteral("unknown policy '%1'").arg(policy),
                             QStringLiteral("use one of: ") + simulatedPolicyNames().join(", "));
        }
    }
    auto project = Project::open(projectFolder);
    if (!project) return project.error();
    auto truth = readDemoTruth(truthPathOf(*project));
    if (!truth) return truth.error();

    // The creatives serving would consider at the size.
    QStringList sizes;
    for (const auto& c : project->creatives()) {
        if (!sizes.contains(c.size)) sizes << c.size;
    }
    const QString size = !options.size.isEmpty()                     ? options.size
                         : sizes.contains(QStringLiteral("300x250")) ? QStringLiteral("300x250")
                                                                     : sizes.value(0);
    std::vector<Served> served;
    for (const auto& c : project->creatives()) {
        if (c.size != size || !c.checks.passed() || c.review == QLatin1String("rejected")) continue;
        if ((options.serving.approvedOnly || project->manifest().serveApprovedOnly) &&
            c.review != QLatin1String("approved"))
            continue;
        served.push_back({c.id, c.itemId, c.segment, c.predictedCtr});
    }
    std::sort(served.begin(), served.end(),
              [](const Served& a, const Served& b) { return a.id < b.id; });
    if (served.empty()) {
        return makeError(project->filePath(QStringLiteral("creatives/creatives.json")), 0, 0,
                         QStringLiteral("no creative of size '%1' can be served").arg(size),
                         QStringLiteral("sizes with creatives: ") + sizes.join(", "));
    }
    // Arrivals: users both the model's segmentation and the truth know.
    QStringList users;
    QHash<QString, int> modelSegment;
    for (const auto& placement : project->segments().users) {
        if (!truth->userSegment.contains(placement.userId)) continue;
        users << placement.userId;
        modelSegment.insert(placement.userId, placement.segment);
    }
    if (users.isEmpty()) {
        return makeError(truthPathOf(*project), 0, 0,
                         QStringLiteral("no user of the truth file is in the project's segments"),
                         QStringLiteral("simulate a project made from this demo world"));
    }
    const int n = int(served.size());
    const int k = int(project->segments().profiles.size());
    // With drift, every planted segment takes on the next one's tastes halfway through.
    const bool drifts = options.drift || options.creativeDrift;
    const int phases = drifts ? 2 : 1;
    auto phaseOf = [&](int t) { return drifts && t >= options.steps / 2 ? 1 : 0; };
    const int truthSegments = int(truth->affinity.size());
    // The item whose appeal each creative has in the second phase (its own unless the
    // creative drift swaps it).
    std::vector<QString> driftedItem(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) driftedItem[std::size_t(c)] = served[std::size_t(c)].itemId;
    auto trueP = [&](const QString& user, int creative, int phase) {
        const int segment =
            (truth->userSegment.value(user) + (options.drift ? phase : 0)) % truthSegments;
        const QString& item =
            phase == 1 ? driftedItem[std::size_t(creative)] : served[std::size_t(creative)].itemId;
        return std::max(0.0, truth->clickProbability(user, item, segment));
    };
    if (options.creativeDrift)
        driftedItem = itemsAfterCreativeDrift(served, users, modelSegment, *truth, k);

    // Reference choices: the best fixed creative over all users (and phases), each segment's
    // truly best one per phase, and each segment's best by the model's prediction.
    std::vector<double> overall(std::size_t(n), 0.0);
    std::vector<std::vector<std::vector<double>>> bySegment(
        std::size_t(phases),
        std::vector<std::vector<double>>(std::size_t(k), std::vector<double>(std::size_t(n), 0.0)));
    for (int phase = 0; phase < phases; ++phase) {
        for (const auto& user : users) {
            for (int c = 0; c < n; ++c) {
                const double p = trueP(user, c, phase);
                overall[std::size_t(c)] += p;
                bySegment[std::size_t(phase)][std::size_t(modelSegment.value(user))]
                         [std::size_t(c)] += p;
            }
        }
    }
    const int bestFixed = int(std::max_element(overall.begin(), overall.end()) - overall.begin());
    std::vector<int> segmentGreedy(std::size_t(k), -1);
    std::vector<std::vector<int>> segmentOracle(std::size_t(phases),
                                                std::vector<int>(std::size_t(k), -1));
    for (int s = 0; s < k; ++s) {
        double bestPredicted = -1;
        for (int c = 0; c < n; ++c) {
            if (served[std::size_t(c)].segment != s) continue;
            if (served[std::size_t(c)].predictedCtr > bestPredicted) {
                bestPredicted = served[std::size_t(c)].predictedCtr;
                segmentGreedy[std::size_t(s)] = c;
            }
        }
        // A segment without creatives of its own is served from all (as the engine does).
        const bool borrows = segmentGreedy[std::size_t(s)] < 0;
        if (borrows) {
            segmentGreedy[std::size_t(s)] =
                int(std::max_element(served.begin(), served.end(),
                                     [](const Served& a, const Served& b) {
                                         return a.predictedCtr < b.predictedCtr;
                                     }) -
                    served.begin());
        }
        for (int phase = 0; phase < phases; ++phase) {
            const auto& row = bySegment[std::size_t(phase)][std::size_t(s)];
            double bestTrue = -1;
            for (int c = 0; c < n; ++c) {
                if (!borrows && served[std::size_t(c)].segment != s) continue;
                if (row[std::size_t(c)] > bestTrue) {
                    bestTrue = row[std::size_t(c)];
                    segmentOracle[std::size_t(phase)][std::size_t(s)] = c;
                }
            }
        }
    }

    // The arrivals and click draws every policy shares.
    Rng arrivals(options.seed);
    std::vector<int> arrivingUser(std::size_t(options.steps));
    std::vector<double> clickDraw(std::size_t(options.steps));
    for (int t = 0; t < options.steps; ++t) {
        arrivingUser[std::size_t(t)] = int(arrivals.below(std::uint64_t(users.size())));
        clickDraw[std::size_t(t)] = arrivals.uniform();
    }

    // What each arriving user clicked in the shop lately, drawn from their taste of the moment.
    QStringList catalogue = truth->itemCategory.keys();
    catalogue.sort();
    std::vector<QStringList> recent(std::size_t(options.steps));
    if (options.recentClicks > 0) {
        Rng browsing(options.seed ^ 0xB0B5ull);
        std::vector<double> weights(std::size_t(catalogue.size()));
        for (int t = 0; t < options.steps; ++t) {
            const QString& user = users[arrivingUser[std::size_t(t)]];
            const int segment =
                (truth->userSegment.value(user) + (options.drift ? phaseOf(t) : 0)) % truthSegments;
            for (int i = 0; i < catalogue.size(); ++i)
                weights[std::size_t(i)] = truth->clickProbability(user, catalogue[i], segment);
            for (int r = 0; r < options.recentClicks; ++r)
                recent[std::size_t(t)] << catalogue[int(browsing.categorical(weights))];
        }
    }
    auto recentClicks = [&](int t) -> const QStringList& { return recent[std::size_t(t)]; };

    SimulationReport report;
    report.size = size;
    report.steps = options.steps;
    report.seed = options.seed;
    report.drift = options.drift;
    report.creativeDrift = options.creativeDrift;
    report.bestFixedCreative = served[std::size_t(bestFixed)].id;
    for (int t = 0; t < options.steps; ++t) {
        const QString& user = users[arrivingUser[std::size_t(t)]];
        const int phase = phaseOf(t);
        double mean = 0, best = 0;
        for (int c = 0; c < n; ++c) {
            const double p = trueP(user, c, phase);
            mean += p / n;
            best = std::max(best, p);
        }
        report.randomExpectedCtr += mean;
        report.personalOracleCtr += best;
        report.segmentOracleCtr += trueP(
            user, segmentOracle[std::size_t(phase)][std::size_t(modelSegment.value(user))], phase);
    }
    if (options.steps > 0) {
        report.randomExpectedCtr /= options.steps;
        report.personalOracleCtr /= options.steps;
        report.segmentOracleCtr /= options.steps;
    }

    const int every = std::max(1, options.steps / std::max(1, options.curvePoints));
    for (int p = 0; p < options.policies.size(); ++p) {
        const QString& name = options.policies[p];
        std::unique_ptr<PolicyRunner> runner;
        std::unique_ptr<DecisionEngine> engine;
        Rng policyRng(options.seed ^ 0x5EED5EEDull);
        if (name == QLatin1String("bandit")) {
            // A simulation starts from nothing: an older log at the path would be replayed.
            if (!options.logPath.isEmpty() && QFile::exists(options.logPath) &&
                !QFile::remove(options.logPath)) {
                return makeError(options.logPath, 0, 0,
                                 QStringLiteral("cannot replace the old log"),
                                 QStringLiteral("check its permissions"));
            }
            QStringList warnings;
            auto opened =
                DecisionEngine::open(projectFolder, options.logPath, options.serving, &warnings);
            if (!opened) return opened.error();
            engine = std::move(*opened);
            auto bandit = std::make_unique<BanditRunner>();
            // Simulated time: one arrival a second from the start of 2026, so logs are
            // reproducible.
            const auto step = bandit->step;
            engine->setClock([step] { return qint64(1767225600000) + 1000 * *step; });
            bandit->engine = engine.get();
            bandit->size = size;
            for (int c = 0; c < n; ++c) bandit->indexOf.insert(served[std::size_t(c)].id, c);
            runner = std::move(bandit);
        } else {
            auto fixed = std::make_unique<FixedChoice>();
            if (name == QLatin1String("random")) {
                Rng* rng = &policyRng;
                fixed->pick = [rng, n](int) { return int(rng->below(std::uint64_t(n))); };
            } else if (name == QLatin1String("best-fixed")) {
                fixed->pick = [bestFixed](int) { return bestFixed; };
            } else {
                fixed->pick = [&segmentGreedy](int s) { return segmentGreedy[std::size_t(s)]; };
            }
            runner = std::move(fixed);
        }

        PolicyOutcome outcome;
        outcome.policy = name;
        double expected = 0, regret = 0;
        std::int64_t windowClicks = 0;
        int windowStart = 0;
        // Per segment: whether each of its decisions chose its truly best creative (first phase).
        std::vector<std::vector<char>> choseOracle(static_cast<std::size_t>(k));
        for (int t = 0; t < options.steps; ++t) {
            if (t % 500 == 0) {
                if (job.cancelled()) return cancelledError(projectFolder);
                job.report({QStringLiteral("simulate %1").arg(name), double(t) / options.steps, t,
                            options.steps});
            }
            const QString& user = users[arrivingUser[std::size_t(t)]];
            const int segment = modelSegment.value(user);
            const QString eventId = QStringLiteral("sim-%1-%2").arg(options.seed).arg(t + 1);
            const auto chosen = runner->choose(user, segment, eventId, recentClicks(t));
            if (!chosen) return chosen.error();
            const int phase = phaseOf(t);
            const double p = trueP(user, chosen.value(), phase);
            const bool clicked = clickDraw[std::size_t(t)] < p;
            runner->feedback(eventId, clicked);
            outcome.clicks += clicked;
            windowClicks += clicked;
            expected += p;
            const double lost =
                trueP(user, segmentOracle[std::size_t(phase)][std::size_t(segment)], phase) - p;
            regret += lost;
            if (phase == 0)
                choseOracle[std::size_t(segment)].push_back(chosen.value() ==
                                                            segmentOracle[0][std::size_t(segment)]);
            const bool firstHalf = t < options.steps / 2;
            (firstHalf ? outcome.regretFirstHalf : outcome.regretSecondHalf) += lost;
            (firstHalf ? outcome.ctrFirstHalf : outcome.ctrSecondHalf) += clicked;
            if ((t + 1) % every == 0 || t + 1 == options.steps) {
                outcome.curve.push_back({t + 1, double(outcome.clicks) / (t + 1),
                                         double(windowClicks) / (t + 1 - windowStart), regret});
                if (options.onPoint) options.onPoint(name, outcome.curve.back());
                windowClicks = 0;
                windowStart = t + 1;
            }
        }
        if (engine) {
            if (const Status flushed = engine->flush(); !flushed) return flushed.error();
            outcome.arms = engine->arms();
            outcome.modelChecks = engine->modelChecks();
        }
        const int half = options.steps / 2;
        outcome.ctrFirstHalf = half > 0 ? outcome.ctrFirstHalf / half : 0;
        outcome.ctrSecondHalf =
            options.steps - half > 0 ? outcome.ctrSecondHalf / (options.steps - half) : 0;
        outcome.ctr = options.steps > 0 ? double(outcome.clicks) / options.steps : 0;
        outcome.expectedCtr = options.steps > 0 ? expected / options.steps : 0;
        outcome.regret = regret;
        // Impressions until the choice is the oracle's in 90% of a segment's last 100 decisions.
        constexpr int kWindow = 100;
        for (const auto& chose : choseOracle) {
            int detected = -1, inWindow = 0;
            for (int i = 0; i < int(chose.size()); ++i) {
                inWindow += chose[std::size_t(i)];
                if (i >= kWindow) inWindow -= chose[std::size_t(i - kWindow)];
                if (i + 1 >= kWindow && inWindow >= kWindow * 9 / 10) {
                    detected = i + 1;
                    break;
                }
            }
            outcome.timeToDetect.push_back(detected);
        }
        report.outcomes.push_back(std::move(outcome));
    }
    job.report({QStringLiteral("simulate"), 1.0, options.steps, options.steps});
    return report;
}

namespace {

// Per segment; -1 where the choice never settled on the best creative.
QJsonArray detectionTimes(const PolicyOutcome& outcome) {
    QJsonArray times;
    for (const int t : outcome.timeToDetect) times.append(t);
    return times;
}

QJsonArray modelUpdates(const PolicyOutcome& outcome) {
    QJsonArray checks;
    for (const auto& check : outcome.modelChecks) checks.append(check.toJson());
    return checks;
}

}  // namespace

QJsonObject SimulationReport::toJson() const {
    QJsonObject policies;
    double randomCtr = randomExpectedCtr;
    for (const auto& o : outcomes) {
        if (o.policy == QLatin1String("random")) randomCtr = o.ctr;
    }
    for (const auto& o : outcomes) {
        policies.insert(o.policy,
                        QJsonObject{{"ctr", o.ctr},
                                    {"expected_ctr", o.expectedCtr},
                                    {"clicks", double(o.clicks)},
                                    {"regret", o.regret},
                                    {"regret_first_half", o.regretFirstHalf},
                                    {"regret_second_half", o.regretSecondHalf},
                                    {"ctr_first_half", o.ctrFirstHalf},
                                    {"ctr_second_half", o.ctrSecondHalf},
                                    {"impressions_to_detect_best", detectionTimes(o)},
                                    {"model_updates", modelUpdates(o)},
                                    {"lift_over_random", randomCtr > 0 ? o.ctr / randomCtr : 0}});
    }
    return QJsonObject{{"size", size},
                       {"steps", steps},
                       {"seed", QString::number(seed)},
                       {"drift", drift},
                       {"creative_drift", creativeDrift},
                       {"random_expected_ctr", randomExpectedCtr},
                       {"segment_oracle_ctr", segmentOracleCtr},
                       {"personal_oracle_ctr", personalOracleCtr},
                       {"best_fixed_creative", bestFixedCreative},
                       {"policies", policies}};
}

QString SimulationReport::curvesCsv() const {
    QString csv = QStringLiteral("step");
    for (const auto& o : outcomes)
        csv += QStringLiteral(",%1_ctr,%1_window_ctr,%1_regret").arg(o.policy);
    csv += QLatin1Char('\n');
    const std::size_t rows = outcomes.empty() ? 0 : outcomes.front().curve.size();
    for (std::size_t r = 0; r < rows; ++r) {
        csv += QString::number(outcomes.front().curve[r].step);
        for (const auto& o : outcomes) {
            const auto& point = o.curve[r];
            csv += QStringLiteral(",%1,%2,%3")
                       .arg(point.ctr, 0, 'f', 5)
                       .arg(point.windowCtr, 0, 'f', 5)
                       .arg(point.regret, 0, 'f', 2);
        }
        csv += QLatin1Char('\n');
    }
    return csv;
}

}  // namespace adstudio
