// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace adstudio {

// xoshiro256** seeded by SplitMix64, with our own distributions: std:: distributions differ
// between standard libraries, and the same seed must give the same data everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : m_state) s = splitMix(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }
    // [0, 1)
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // [0, n)
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    double normal() {
        // Box-Muller; the second value is discarded to keep the stream simple to reason about.
        double u1 = uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * uniform());
    }
    bool bernoulli(double p) { return uniform() < p; }
    // Index drawn with probability proportional to weights.
    std::size_t categorical(const std::vector<double>& weights) {
        double total = 0;
        for (double w : weights) total += w;
        double r = uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if ((r -= weights[i]) < 0) return i;
        }
        return weights.empty() ? 0 : weights.size() - 1;
    }
    template <typename T>
    void shuffle(std::vector<T>& values) {
        for (std::size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[below(i)]);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitMix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t m_state[4];
};

}  // namespace adstudio
