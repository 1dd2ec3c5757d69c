// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace adstudio {

// One settled decision from serving's event log, as off-policy evaluation needs it.
struct LoggedRound {
    int segment = 0;
    QString size;                // the slot's size ("300x250")
    QStringList actions;         // the eligible creatives (DSJSON's _multi ids)
    std::vector<double> priors;  // their predicted CTRs
    int chosen = 0;              // index into actions
    double propensity = 0;       // with which the logging policy chose it
    double reward = 0;           // 1: clicked or converted; 0: the default reward
    QJsonObject decision;        // the decision's log line, as written
};

struct LoggedRounds {
    std::vector<LoggedRound> rounds;
    QStringList warnings;
};

// Joins decisions and rewards of an event log (serve's or simulate --log's). Decisions still
// waiting for a reward at the log's end, and rounds whose logged action has no probability,
// are left out with a warning saying how many.
Result<LoggedRounds> readLoggedRounds(const QString& logPath);

// How often each creative was served (settled decisions) and clicked, from a read log: the live
// CTR the Creatives page shows beside the predicted one.
struct ServedCounts {
    int impressions = 0;
    int clicks = 0;
};
QHash<QString, ServedCounts> servedCountsByCreative(const LoggedRounds& log);

// Target policies that can be evaluated from a log alone (they decide from the logged context):
//   uniform         every eligible creative alike
//   segment-greedy  the creative with the highest predicted CTR (the prior)
//   epsilon-greedy  segment-greedy, a uniform creative with probability 0.1
QStringList evaluablePolicyNames();

struct Estimate {
    double estimate = 0, low = 0, high = 0;  // a 95% bootstrap percentile interval
};

struct PolicyEvaluation {
    QString policy;
    int rounds = 0;
    Estimate ips, snips, dr;  // Open Bandit Pipeline's names
    QStringList warnings;
    QJsonObject toJson() const;
};

// Inverse propensity scoring, its self-normalized form, and doubly robust with a reward model
// per (segment, creative) (the logged CTR shrunk to the prior predicted CTR), each with a
// seeded bootstrap.
Result<PolicyEvaluation> evaluatePolicy(const LoggedRounds& log, const QString& policy,
                                        int bootstrapSamples = 200, std::uint64_t seed = 42);

// One creative of a set to try before serving it: where it would be shown and what the click
// model predicts for it.
struct CandidateCreative {
    QString id;
    int segment = 0;
    QString size;
    double predictedCtr = 0;
};

// Preflight: what serving `set` would earn, each segment's creative with the highest predicted
// CTR per size, estimated from a log of serving other creatives. A creative the log never showed
// gets its reward from the click model's prediction (DR's direct part); IPS and SNIPS count such
// rounds as no click, and a warning says in how many rounds the log gives no support.
Result<PolicyEvaluation> evaluateCreativeSet(const LoggedRounds& log,
                                             const std::vector<CandidateCreative>& set,
                                             int bootstrapSamples = 200, std::uint64_t seed = 42);

}  // namespace adstudio
