// SPDX-License-Identifier: MIT
#include "serving/bandit.h"

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>

namespace adstudio {

namespace {

// Marsaglia & Tsang (2000); for shape < 1 the boost Gamma(a+1) * U^(1/a).
double sampleGamma(double shape, Rng& rng) {
    if (shape < 1) {
        const double u = std::max(rng.uniform(), 1e-300);
        return sampleGamma(shape + 1, rng) * std::pow(u, 1.0 / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = rng.uniform();
        if (u < 1 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(std::max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
    }
}

int bestMean(const std::vector<ArmStats>& arms, double priorStrength) {
    int best = 0;
    for (int i = 1; i < int(arms.size()); ++i) {
        if (arms[std::size_t(i)].posteriorMean(priorStrength) >
            arms[std::size_t(best)].posteriorMean(priorStrength))
            best = i;
    }
    return best;
}

int thompsonDraw(const std::vector<ArmStats>& arms, double priorStrength, Rng& rng) {
    int best = 0;
    double bestValue = -1;
    for (int i = 0; i < int(arms.size()); ++i) {
        const auto& arm = arms[std::size_t(i)];
        const double value = sampleBeta(arm.alpha(priorStrength), arm.beta(priorStrength), rng);
        if (value > bestValue) {
            bestValue = value;
            best = i;
        }
    }
    return best;
}

}  // namespace

QString banditPolicyName(BanditPolicy policy) {
    switch (policy) {
        case BanditPolicy::Thompson:
            return QStringLiteral("thompson");
        case BanditPolicy::EpsilonGreedy:
            return QStringLiteral("epsilon-greedy");
        case BanditPolicy::Greedy:
            return QStringLiteral("greedy");
        case BanditPolicy::Uniform:
            return QStringLiteral("uniform");
    }
    return {};
}

std::optional<BanditPolicy> banditPolicyFromName(const QString& name) {
    for (auto policy : {BanditPolicy::Thompson, BanditPolicy::EpsilonGreedy, BanditPolicy::Greedy,
                        BanditPolicy::Uniform}) {
        if (banditPolicyName(policy) == name) return policy;
    }
    return std::nullopt;
}

double ArmStats::alpha(double priorStrength) const {
    return std::max(priorStrength * priorMean, 1e-3) + clicks;
}

double ArmStats::beta(double priorStrength) const {
    return std::max(priorStrength * (1 - priorMean), 1e-3) + (settled - clicks);
}

double ArmStats::posteriorMean(double priorStrength) const {
    const double a = alpha(priorStrength);
    return a / (a + beta(priorStrength));
}

std::pair<double, double> ArmStats::credibleInterval(double priorStrength, double level) const {
    const double a = alpha(priorStrength), b = beta(priorStrength);
    const double tail = (1 - level) / 2;
    return {boost::math::ibeta_inv(a, b, tail), boost::math::ibeta_inv(a, b, 1 - tail)};
}

double sampleBeta(double a, double b, Rng& rng) {
    const double x = sampleGamma(a, rng);
    const double y = sampleGamma(b, rng);
    return x + y > 0 ? x / (x + y) : 0.5;
}

BanditChoice chooseArm(const std::vector<ArmStats>& arms, const BanditSettings& settings,
                       Rng& rng) {
    BanditChoice choice;
    const int n = int(arms.size());
    choice.probabilities.assign(std::size_t(n), 0.0);
    if (n == 0) return choice;
    switch (settings.policy) {
        case BanditPolicy::Uniform:
            choice.arm = int(rng.below(std::uint64_t(n)));
            std::fill(choice.probabilities.begin(), choice.probabilities.end(), 1.0 / n);
            break;
        case BanditPolicy::Greedy:
            choice.arm = bestMean(arms, settings.priorStrength);
            choice.probabilities[std::size_t(choice.arm)] = 1;
            break;
        case BanditPolicy::EpsilonGreedy: {
            const int best = bestMean(arms, settings.priorStrength);
            choice.arm = rng.bernoulli(settings.epsilon) ? int(rng.below(std::uint64_t(n))) : best;
            std::fill(choice.probabilities.begin(), choice.probabilities.end(),
                      settings.epsilon / n);
            choice.probabilities[std::size_t(best)] += 1 - settings.epsilon;
            break;
        }
        case BanditPolicy::Thompson: {
            choice.arm = thompsonDraw(arms, settings.priorStrength, rng);
            if (n == 1) {
                choice.probabilities[0] = 1;
                break;
            }
            // The served draw counts as one of the estimate's draws, so the chosen arm's estimated
            // probability is never 0 (inverse-propensity weights stay finite).
            const int draws = std::max(settings.propensityDraws, 1);
            std::vector<int> wins(std::size_t(n), 0);
            ++wins[std::size_t(choice.arm)];
            for (int i = 1; i < draws; ++i)
                ++wins[std::size_t(thompsonDraw(arms, settings.priorStrength, rng))];
            for (int i = 0; i < n; ++i)
                choice.probabilities[std::size_t(i)] = double(wins[std::size_t(i)]) / draws;
            break;
        }
    }
    choice.probability = choice.probabilities[std::size_t(choice.arm)];
    return choice;
}

}  // namespace adstudio
