// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "serving/decision_engine.h"

#include <QCommandLineParser>

namespace adstudio::cli {

// The bandit's options, shared by `serve` and `simulate`.
struct ServingOptionSet {
    QCommandLineOption bandit{"bandit", "thompson (default), epsilon-greedy, greedy or uniform.",
                              "NAME", "thompson"};
    QCommandLineOption priorStrength{
        "prior-strength", "Impressions the predicted CTR is worth in the prior (default 20).", "N",
        "20"};
    QCommandLineOption epsilon{"epsilon", "Exploration share of epsilon-greedy (default 0.1).", "X",
                               "0.1"};
    QCommandLineOption approvedOnly{
        "approved-only",
        "Serve approved creatives only (serve: kept as the project's setting; default: all not "
        "rejected)."};
    QCommandLineOption seed{"seed", "Seed of the bandit's draws (default 42).", "N", "42"};
    QCommandLineOption online{"online-updates",
                              "Fine-tune the click model on logged clicks; a better one (held-out "
                              "logloss) is swapped in."};
    QCommandLineOption updateEvery{
        "update-every", "Settled decisions between fine-tunes (default 2000).", "N", "2000"};
    QCommandLineOption updateMinutes{
        "update-minutes", "Also fine-tune after this many minutes (default 0: off).", "M", "0"};
    QCommandLineOption resegmentAfter{
        "resegment-after",
        "Recompute the segments in the background once this many known users moved by their "
        "recent clicks (0: 5% of the users, at least 50; default -1: never).",
        "N", "-1"};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({bandit, priorStrength, epsilon, approvedOnly, seed, online, updateEvery,
                           updateMinutes, resegmentAfter});
    }
    // Fills `settings`; a usage error message when a value is wrong.
    QString read(const QCommandLineParser& parser, ServingSettings* settings) const;
};

// The event log a command reads: --log FILE, else the project's (--project DIR).
Result<QString> eventLogPathFrom(const QCommandLineParser& parser,
                                 const QCommandLineOption& project, const QCommandLineOption& log);

}  // namespace adstudio::cli
