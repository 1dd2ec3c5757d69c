// SPDX-License-Identifier: MIT
#include "data/feature_click_log.h"

#include "common/random.h"
#include "train/metrics.h"

#include <QSaveFile>

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace adstudio {
namespace {

constexpr int kCounts = 13;
constexpr int kCategories = 26;
constexpr int kLatent = 4;
// Distinct values per categorical field, small to large as in Criteo (C1 has ~1,400 values
// there, C3 millions; scaled down so a test-sized log sees each value several times).
constexpr std::array<int, kCategories> kCardinality{4,   8,  16,  30, 60,  100, 6,    12, 24,
                                                    3,   40, 200, 5,  500, 20,  80,   10, 7,
                                                    150, 9,  300, 15, 50,  2,   1000, 35};
// Share of missing cells per categorical field (Criteo's last fields are often empty).
constexpr std::array<double, kCategories> kMissingCategory{0,   0,   0.02, 0, 0,   0,   0,   0,  0,
                                                           0,   0,   0.03, 0, 0,   0,   0,   0,  0,
                                                           0.4, 0.4, 0.1,  0, 0.3, 0.4, 0.1, 0.4};
// Between fields with few values, so a log of tens of thousands of rows shows each pair often.
constexpr std::array<std::pair<int, int>, 5> kInteractions{
    {{0, 1}, {6, 9}, {7, 12}, {1, 17}, {2, 16}}};
constexpr double kInteractionWeight = 0.45;
constexpr double kBias = -1.4;

// Criteo's categories are 8 hexadecimal digits of a hash.
std::string hashedValue(int field, int index, std::uint64_t seed) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + std::uint64_t(field) * 0x100000001B3ull +
                      std::uint64_t(index) * 0xD6E8FEB86659FD93ull;
    x = (x ^ (x >> 31)) * 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    char text[9];
    std::snprintf(text, sizeof text, "%08x", unsigned(x & 0xffffffffu));
    return text;
}

struct World {
    std::vector<std::vector<double>> effect;  // per field, per value: main effect (logit)
    std::vector<std::vector<std::array<double, kLatent>>> latent;
    std::vector<std::vector<std::string>> names;
    std::array<double, kCounts> countMu{}, countSigma{}, countEffect{}, countMissing{};
};

World makeWorld(Rng& rng, std::uint64_t seed) {
    World w;
    for (int f = 0; f < kCategories; ++f) {
        const int n = kCardinality[std::size_t(f)];
        w.effect.emplace_back(std::size_t(n));
        w.latent.emplace_back(std::size_t(n));
        w.names.emplace_back();
        for (int v = 0; v < n; ++v) {
            w.effect.back()[std::size_t(v)] = 0.35 * rng.normal();
            for (auto& x : w.latent.back()[std::size_t(v)]) x = rng.normal();
            w.names.back().push_back(hashedValue(f, v, seed));
        }
    }
    for (int i = 0; i < kCounts; ++i) {
        w.countMu[std::size_t(i)] = rng.uniform(0.0, 4.0);
        w.countSigma[std::size_t(i)] = rng.uniform(1.0, 2.0);
        w.countEffect[std::size_t(i)] = 0.15 * rng.normal();
        w.countMissing[std::size_t(i)] = rng.bernoulli(0.4) ? rng.uniform(0.05, 0.45) : 0;
    }
    return w;
}

// Skewed towards the first values, as real categorical traffic is.
int drawValue(int cardinality, Rng& rng) {
    const double u = rng.uniform();
    return std::min(cardinality - 1, int(double(cardinality) * u * u));
}

}  // namespace

Result<FeatureClickLogSummary> writeFeatureClickLog(const QString& path,
                                                    const FeatureClickLogOptions& options,
                                                    const JobContext& job) {
    if (options.rows < 100)
        return makeError(path, 0, 0, "too few rows for a click log", "ask for at least 100 rows");
    Rng rng(options.seed);
    const World world = makeWorld(rng, options.seed);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(path, 0, 0, "cannot write: " + file.errorString(),
                         "choose a folder you can write to");
    std::string header = "label";
    for (int i = 1; i <= kCounts; ++i) header += ",I" + std::to_string(i);
    for (int c = 1; c <= kCategories; ++c) header += ",C" + std::to_string(c);
    file.write((header + "\n").c_str());

    FeatureClickLogSummary summary;
    summary.path = path;
    summary.rows = options.rows;
    std::vector<float> truth, mainOnly, labels;
    truth.reserve(std::size_t(options.rows));
    mainOnly.reserve(std::size_t(options.rows));
    labels.reserve(std::size_t(options.rows));
    std::string line;
    std::array<int, kCategories> value{};
    for (std::int64_t row = 0; row < options.rows; ++row) {
        if (row % 10000 == 0) {
            if (job.cancelled()) return cancelledError(path);
            job.report({"click log", double(row) / double(options.rows), row, options.rows});
        }
        double logit = kBias, main = kBias;
        std::string cells;
        for (int i = 0; i < kCounts; ++i) {
            cells += ',';
            if (rng.bernoulli(world.countMissing[std::size_t(i)])) continue;
            const double raw = std::exp(world.countMu[std::size_t(i)] +
                                        world.countSigma[std::size_t(i)] * rng.normal());
            const auto count = std::int64_t(std::floor(raw)) - (i == 1 ? 1 : 0);  // I2 has -1s
            cells += std::to_string(count);
            const double term =
                world.countEffect[std::size_t(i)] * std::log1p(std::max<double>(0, double(count)));
            logit += term;
            main += term;
        }
        for (int f = 0; f < kCategories; ++f) {
            cells += ',';
            value[std::size_t(f)] = -1;
            if (rng.bernoulli(kMissingCategory[std::size_t(f)])) continue;
            const int v = drawValue(kCardinality[std::size_t(f)], rng);
            value[std::size_t(f)] = v;
            cells += world.names[std::size_t(f)][std::size_t(v)];
            logit += world.effect[std::size_t(f)][std::size_t(v)];
            main += world.effect[std::size_t(f)][std::size_t(v)];
        }
        for (const auto& [a, b] : kInteractions) {
            const int va = value[std::size_t(a)], vb = value[std::size_t(b)];
            if (va < 0 || vb < 0) continue;
            double dot = 0;
            for (int k = 0; k < kLatent; ++k)
                dot += world.latent[std::size_t(a)][std::size_t(va)][std::size_t(k)] *
                       world.latent[std::size_t(b)][std::size_t(vb)][std::size_t(k)];
            logit += kInteractionWeight * dot;
        }
        const double p = 1.0 / (1.0 + std::exp(-logit));
        const bool click = rng.bernoulli(p);
        summary.clicks += click;
        truth.push_back(float(p));
        mainOnly.push_back(float(main));
        labels.push_back(click ? 1.f : 0.f);
        line = (click ? "1" : "0") + cells + "\n";
        if (file.write(line.data(), qint64(line.size())) != qint64(line.size()))
            return makeError(path, 0, 0, "cannot write: " + file.errorString(), "free disk space");
    }
    if (!file.commit())
        return makeError(path, 0, 0, "cannot write: " + file.errorString(), "free disk space");
    summary.oracleAuc = areaUnderRoc(truth, labels);
    summary.mainEffectsAuc = areaUnderRoc(mainOnly, labels);
    return summary;
}

}  // namespace adstudio
