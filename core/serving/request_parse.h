// SPDX-License-Identifier: MIT
#pragma once
// The serving API's request bodies as the engine's requests: everything a client sends is checked
// here, apart from the HTTP server, so the parsing can be tested and fuzzed on its own.
#include "serving/decision_engine.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace adstudio {

// Why a request is refused: the HTTP status, what is wrong and how to fix it.
struct RequestError {
    int status = 400;
    QString what;
    QString fix;
};

struct RewardRequest {
    RewardKind kind = RewardKind::Click;
    double value = 1;
};

// The body of POST /v1/rank: {"size", "eventId"?, "user"?, "features"?, "recent_items"?}.
std::optional<RequestError> parseRankBody(const QByteArray& body, qint64 maxBytes,
                                          DecisionRequest* request);
// The body of POST /v1/events/ID/reward: {"kind": "click"|"conversion", "value"?}.
std::optional<RequestError> parseRewardBody(const QByteArray& body, qint64 maxBytes,
                                            RewardRequest* request);

}  // namespace adstudio
