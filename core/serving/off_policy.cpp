// SPDX-License-Identifier: MIT
#include "serving/off_policy.h"

#include "common/random.h"
#include "serving/event_log.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace adstudio {

namespace {

constexpr double kRewardModelStrength = 20;  // impressions the prior is worth in the reward model

// What a target policy plays in one round: creatives (logged or not) with their probabilities
// and predicted CTRs.
struct TargetAction {
    QString id;
    double probability = 0;
    double prior = 0;
};
using TargetPolicy = std::function<std::vector<TargetAction>(const LoggedRound&)>;

// A policy that decides from the logged context alone.
std::vector<TargetAction> logPolicyActions(const QString& policy, const LoggedRound& round) {
    const std::size_t n = round.actions.size();
    std::vector<double> p(n, 0.0);
    if (policy == QLatin1String("uniform")) {
        std::fill(p.begin(), p.end(), 1.0 / double(n));
    } else {
        const std::size_t best = std::size_t(
            std::max_element(round.priors.begin(), round.priors.end()) - round.priors.begin());
        if (policy == QLatin1String("epsilon-greedy")) {
            std::fill(p.begin(), p.end(), 0.1 / double(n));
            p[best] += 0.9;
        } else {
            p[best] = 1;
        }
    }
    std::vector<TargetAction> actions;
    for (std::size_t a = 0; a < n; ++a)
        actions.push_back({round.actions[int(a)], p[a], round.priors[a]});
    return actions;
}

struct Terms {
    std::vector<double> weighted, weights, dr;  // per round
};

Estimate fromSamples(double estimate, std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[std::size_t(q * double(samples.size() - 1))]; };
    return {estimate, at(0.025), at(0.975)};
}

}  // namespace

QHash<QString, ServedCounts> servedCountsByCreative(const LoggedRounds& log) {
    QHash<QString, ServedCounts> counts;
    for (const auto& round : log.rounds) {
        ServedCounts& c = counts[round.actions[round.chosen]];
        ++c.impressions;
        c.clicks += round.reward > 0 ? 1 : 0;
    }
    return counts;
}

QStringList evaluablePolicyNames() {
    return {QStringLiteral("uniform"), QStringLiteral("segment-greedy"),
            QStringLiteral("epsilon-greedy")};
}

Result<LoggedRounds> readLoggedRounds(const QString& logPath) {
    struct Open {
        LoggedRound round;
        bool rewarded = false;
        bool settled = false;
    };
    std::vector<Open> decisions;
    QHash<QString, std::size_t> byId;
    LoggedRounds out;
    int unreadable = 0;
    auto replay = [&](const QJsonObject& record) {
        const QString id = record.value("EventId").toString();
        if (record.value("_type").toString() == QLatin1String("decision")) {
            const QJsonObject context = record.value("c").toObject();
            Open open;
            for (const auto& action : context.value("_multi").toArray()) {
                open.round.actions << action.toObject().value("id").toString();
                open.round.priors.push_back(action.toObject().value("prior").toDouble());
            }
            const int chosen = record.value("a").toArray().at(0).toInt() - 1;
            if (id.isEmpty() || chosen < 0 || chosen >= open.round.actions.size()) {
                ++unreadable;
                return;
            }
            open.round.segment = context.value("segment").toInt();
            open.round.size = context.value("size").toString();
            open.round.chosen = chosen;
            open.round.propensity = record.value("p").toArray().at(0).toDouble();
            open.round.decision = record;
            byId.insert(id, decisions.size());
            decisions.push_back(open);
            return;
        }
        const auto it = byId.constFind(id);
        if (it == byId.constEnd()) return;
        Open& open = decisions[*it];
        if (open.settled && !open.rewarded) return;  // a reward after the default one
        const QString kind = record.value("kind").toString();
        open.settled = true;
        if (kind != QLatin1String("default")) {
            open.rewarded = true;
            open.round.reward = 1;
        }
    };
    if (!QFile::exists(logPath)) {
        return makeError(
            logPath, 0, 0, QStringLiteral("no such event log"),
            QStringLiteral(
                "serve writes PROJECT/events/events.jsonl; simulate --log FILE writes one"));
    }
    // Read-only: a log being written by a server is read as far as it is complete.
    const auto read = readEventLog(
        logPath, [&](const QJsonObject& record, qint64) { replay(record); }, &out.warnings);
    if (!read) return read.error();
    int waiting = 0, noProbability = 0;
    for (const Open& open : decisions) {
        if (!open.settled) {
            ++waiting;
            continue;
        }
        if (!(open.round.propensity > 0)) {
            ++noProbability;
            continue;
        }
        out.rounds.push_back(open.round);
    }
    if (waiting)
        out.warnings << QStringLiteral("%1 decisions still wait for their reward and are left out")
                            .arg(waiting);
    if (noProbability)
        out.warnings
            << QStringLiteral(
                   "the logging policy gave the chosen action no probability in %1 rounds; "
                   "they cannot be weighted and are left out")
                   .arg(noProbability);
    if (unreadable)
        out.warnings
            << QStringLiteral("%1 decisions name no action and were skipped").arg(unreadable);
    if (out.rounds.empty()) {
        return makeError(
            logPath, 0, 0, QStringLiteral("the log holds no settled decision"),
            QStringLiteral("let serving run until rewards come (or their wait runs out)"));
    }
    return out;
}

namespace {

// IPS, SNIPS and DR of `target` over the log's rounds, with seeded bootstrap intervals. Rounds
// the target has no action for are left out.
PolicyEvaluation evaluateTarget(const LoggedRounds& log, const QString& name,
                                const TargetPolicy& target, int bootstrapSamples,
                                std::uint64_t seed) {
    // The reward model of DR: each (segment, creative)'s logged CTR, shrunk to its prior.
    std::map<std::pair<int, QString>, std::pair<double, double>> counts;  // clicks, shown
    for (const auto& round : log.rounds) {
        auto& c = counts[{round.segment, round.actions[round.chosen]}];
        c.first += round.reward;
        c.second += 1;
    }
    auto rewardModel = [&](int segment, const QString& id, double prior) {
        const auto it = counts.find({segment, id});
        const double clicks = it == counts.end() ? 0 : it->second.first;
        const double shown = it == counts.end() ? 0 : it->second.second;
        return (clicks + kRewardModelStrength * prior) / (shown + kRewardModelStrength);
    };

    PolicyEvaluation evaluation;
    evaluation.policy = name;
    evaluation.warnings = log.warnings;
    Terms terms;
    int onlyChosen = 0, neverLogged = 0, noAction = 0;
    for (const auto& round : log.rounds) {
        const std::vector<TargetAction> actions = target(round);
        if (actions.empty()) {
            ++noAction;
            continue;
        }
        const QString& chosen = round.actions[round.chosen];
        double onChosen = 0, direct = 0, offLog = 0;
        // DR's correction uses the reward model its direct part used for the chosen creative.
        double chosenModel =
            rewardModel(round.segment, chosen, round.priors[std::size_t(round.chosen)]);
        for (const auto& action : actions) {
            const double model = rewardModel(round.segment, action.id, action.prior);
            if (action.id == chosen) {
                onChosen += action.probability;
                chosenModel = model;
            }
            if (!round.actions.contains(action.id)) offLog += action.probability;
            direct += action.probability * model;
        }
        const double weight = onChosen / round.propensity;
        terms.weighted.push_back(weight * round.reward);
        terms.weights.push_back(weight);
        terms.dr.push_back(direct + weight * (round.reward - chosenModel));
        // Actions the logging policy could not have played: a chosen propensity of 1 means the
        // others had 0; creatives outside the round's list it never had.
        if (offLog > 0)
            ++neverLogged;
        else if (round.propensity >= 1 && onChosen < 1)
            ++onlyChosen;
    }
    evaluation.rounds = int(terms.dr.size());
    if (onlyChosen) {
        evaluation.warnings
            << QStringLiteral(
                   "in %1 rounds the logging policy gave every action but the chosen one "
                   "no probability while the target policy would play them; "
                   "IPS and SNIPS are biased there (DR less so)")
                   .arg(onlyChosen);
    }
    if (neverLogged) {
        evaluation.warnings
            << QStringLiteral(
                   "in %1 of %2 rounds (%3%) the log gives no support: the creative to evaluate "
                   "was never among those served; IPS and SNIPS count those rounds as no click, "
                   "DR takes the click model's prediction there")
                   .arg(neverLogged)
                   .arg(evaluation.rounds)
                   .arg(100.0 * neverLogged / std::max(1, evaluation.rounds), 0, 'f', 1);
    }
    if (noAction) {
        evaluation.warnings
            << QStringLiteral(
                   "%1 rounds are of segments or sizes with nothing to evaluate and "
                   "are left out")
                   .arg(noAction);
    }
    if (terms.dr.empty()) return evaluation;
    const auto n = double(terms.dr.size());
    auto sum = [](const std::vector<double>& v, const std::vector<std::size_t>* pick) {
        double s = 0;
        if (pick) {
            for (const auto i : *pick) s += v[i];
        } else {
            for (const double x : v) s += x;
        }
        return s;
    };
    auto estimates = [&](const std::vector<std::size_t>* pick) {
        const double w = sum(terms.weights, pick);
        return std::array<double, 3>{sum(terms.weighted, pick) / n,
                                     w > 0 ? sum(terms.weighted, pick) / w : 0,
                                     sum(terms.dr, pick) / n};
    };
    const auto point = estimates(nullptr);
    std::array<std::vector<double>, 3> samples;
    Rng rng(seed);
    std::vector<std::size_t> pick(terms.dr.size());
    for (int b = 0; b < std::max(bootstrapSamples, 20); ++b) {
        for (auto& i : pick) i = std::size_t(rng.below(pick.size()));
        const auto e = estimates(&pick);
        for (int k = 0; k < 3; ++k) samples[std::size_t(k)].push_back(e[std::size_t(k)]);
    }
    evaluation.ips = fromSamples(point[0], samples[0]);
    evaluation.snips = fromSamples(point[1], samples[1]);
    evaluation.dr = fromSamples(point[2], samples[2]);
    return evaluation;
}

}  // namespace

Result<PolicyEvaluation> evaluatePolicy(const LoggedRounds& log, const QString& policy,
                                        int bootstrapSamples, std::uint64_t seed) {
    if (!evaluablePolicyNames().contains(policy)) {
        return makeError(QString(), 0, 0, QStringLiteral("unknown policy '%1'").arg(policy),
                         QStringLiteral("use one of: ") + evaluablePolicyNames().join(", "));
    }
    return evaluateTarget(
        log, policy, [&](const LoggedRound& round) { return logPolicyActions(policy, round); },
        bootstrapSamples, seed);
}

Result<PolicyEvaluation> evaluateCreativeSet(const LoggedRounds& log,
                                             const std::vector<CandidateCreative>& set,
                                             int bootstrapSamples, std::uint64_t seed) {
    // Each segment's and size's creative with the highest predicted CTR (ties: the first id).
    std::map<std::pair<int, QString>, const CandidateCreative*> best;
    for (const auto& creative : set) {
        const CandidateCreative*& slot = best[{creative.segment, creative.size}];
        if (!slot || creative.predictedCtr > slot->predictedCtr ||
            (creative.predictedCtr == slot->predictedCtr && creative.id < slot->id))
            slot = &creative;
    }
    if (best.empty())
        return makeError(QString(), 0, 0, QStringLiteral("the creative set is empty"),
                         QStringLiteral("generate creatives first"));
    auto evaluation = evaluateTarget(
        log, QStringLiteral("creative-set"),
        [&](const LoggedRound& round) -> std::vector<TargetAction> {
            const auto it = best.find({round.segment, round.size});
            if (it == best.end()) return {};
            return {{it->second->id, 1.0, it->second->predictedCtr}};
        },
        bootstrapSamples, seed);
    if (evaluation.rounds == 0)
        return makeError(QString(), 0, 0,
                         QStringLiteral("no logged round is of a segment and size the set has"),
                         QStringLiteral("evaluate against a log of the same project"));
    return evaluation;
}

QJsonObject PolicyEvaluation::toJson() const {
    auto one = [](const Estimate& e) {
        return QJsonObject{{"estimate", e.estimate}, {"low", e.low}, {"high", e.high}};
    };
    return QJsonObject{
        {"policy", policy},
        {"estimators", QJsonObject{{"ips", one(ips)}, {"snips", one(snips)}, {"dr", one(dr)}}},
        {"rounds", rounds},
        {"warnings", QJsonArray::fromStringList(warnings)}};
}

}  // namespace adstudio
