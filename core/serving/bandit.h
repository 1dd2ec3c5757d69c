// SPDX-License-Identifier: MIT
#pragma once

#include "common/random.h"

#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace adstudio {

// How serving chooses among a segment's creatives.
enum class BanditPolicy {
    Thompson,       // sample each arm's Beta posterior, serve the best draw
    EpsilonGreedy,  // the best posterior mean, a uniform arm with probability epsilon
    Greedy,         // the best posterior mean, always
    Uniform         // every arm alike: the logging policy off-policy evaluation likes best
};
QString banditPolicyName(BanditPolicy policy);  // "thompson", "epsilon-greedy", ...
std::optional<BanditPolicy> banditPolicyFromName(const QString& name);

// What is known of one (segment, creative) arm: its prior from the recommender's predicted CTR
// and the outcomes logged so far. A settled impression is one whose reward came or whose wait
// ran out (the default reward 0).
struct ArmStats {
    double priorMean = 0.05;  // the creative's predicted CTR
    // Counts; fractional once a new click model has come in and older evidence was discounted.
    double settled = 0;
    double clicks = 0;

    // Beta(alpha, beta) with the prior worth `priorStrength` impressions.
    double alpha(double priorStrength) const;
    double beta(double priorStrength) const;
    double posteriorMean(double priorStrength) const;
    // The central credible interval of the posterior holding `level` of its mass.
    std::pair<double, double> credibleInterval(double priorStrength, double level = 0.95) const;
    bool operator==(const ArmStats& other) const {
        return priorMean == other.priorMean && settled == other.settled && clicks == other.clicks;
    }
};

struct BanditSettings {
    BanditPolicy policy = BanditPolicy::Thompson;
    double priorStrength = 20;  // impressions the predicted CTR is worth
    double epsilon = 0.1;
    // Thompson sampling has no closed-form choice probability: it is estimated as the share of
    // this many posterior draws that the chosen arm wins (the chosen draw among them).
    int propensityDraws = 256;
};

struct BanditChoice {
    int arm = 0;
    double probability = 1;             // with which `arm` was chosen
    std::vector<double> probabilities;  // of every arm, same order as the input
};

// Chooses one of `arms` (not empty). Deterministic given the generator's state.
BanditChoice chooseArm(const std::vector<ArmStats>& arms, const BanditSettings& settings, Rng& rng);

// A Beta(a, b) draw (Marsaglia & Tsang's gamma method), for a and b > 0.
double sampleBeta(double a, double b, Rng& rng);

}  // namespace adstudio
