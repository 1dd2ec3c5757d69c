// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "serving/decision_engine.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace adstudio {

// Policies the simulator compares.
//   random          any creative of the size, uniformly (no personalization, no learning)
//   best-fixed      the one creative of the size with the highest true CTR over all users
//                   (the best non-personalized choice, known only in hindsight)
//   segment-greedy  the user's segment's creative with the highest predicted CTR (no learning)
//   bandit          serving itself: the decision engine, learning from every reward
QStringList simulatedPolicyNames();

struct SimulationPoint;

struct SimulationOptions {
    int steps = 20000;
    QStringList policies{QStringLiteral("bandit")};
    QString size;  // empty: 300x250 when served, else the first size
    std::uint64_t seed = 42;
    int curvePoints = 50;
    ServingSettings serving;  // the bandit's settings
    QString logPath;          // the bandit's event log, exactly as serving writes it; empty: none
    // Halfway through, every planted segment takes on the next one's tastes (the world drifts).
    bool drift = false;
    // Halfway through, within each segment, the item its users liked best among the segment's
    // creatives and the one they liked least swap appeal (tastes drift inside a segment: the
    // segment's own creatives can recover the CTR, if the policy notices).
    bool creativeDrift = false;
    // Items each arriving user clicked in the shop lately (drawn from their taste of the moment),
    // sent with the request as serving's "recent_items": they move a known user's segment.
    int recentClicks = 0;
    // Each curve point as the simulation reaches it, for a live chart (on the simulating thread).
    std::function<void(const QString& policy, const SimulationPoint& point)> onPoint;
};

struct SimulationPoint {
    int step = 0;
    double ctr = 0;        // clicks / impressions so far
    double windowCtr = 0;  // since the previous point
    double regret = 0;     // expected clicks lost to the segment oracle so far
};

struct PolicyOutcome {
    QString policy;
    std::int64_t clicks = 0;
    double ctr = 0;          // realized
    double expectedCtr = 0;  // mean true click probability of what was shown
    double regret = 0;
    double regretFirstHalf = 0, regretSecondHalf = 0;
    double ctrFirstHalf = 0, ctrSecondHalf = 0;  // realized
    std::vector<SimulationPoint> curve;
    std::vector<ArmState> arms;           // the bandit's posteriors at the end
    std::vector<ModelCheck> modelChecks;  // the bandit's online updates
    // Per segment: its impressions until the policy chose the segment's truly best creative in
    // 90% of its last 100 decisions (before any drift); -1: never.
    std::vector<int> timeToDetect;
};

struct SimulationReport {
    QString size;
    int steps = 0;
    std::uint64_t seed = 0;
    bool drift = false;
    bool creativeDrift = false;
    // Expected CTRs of reference policies on the same arrivals.
    double randomExpectedCtr = 0;
    double segmentOracleCtr = 0;   // each segment's truly best creative (the bandit's comparator)
    double personalOracleCtr = 0;  // each user's truly best creative of the size
    QString bestFixedCreative;
    std::vector<PolicyOutcome> outcomes;

    QJsonObject toJson() const;
    QString curvesCsv() const;  // step, then ctr and regret per policy
};

// Demo-world users (those the project's model knows) arrive uniformly at random and click by
// the world's hidden truth (truth.json beside the project's data) for the creative's product.
// Every policy sees the same arrivals and the same click draws (common random numbers).
Result<SimulationReport> simulate(const QString& projectFolder, const SimulationOptions& options,
                                  const JobContext& job = {});

}  // namespace adstudio
