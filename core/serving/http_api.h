// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"

#include <QString>

#include <memory>

namespace adstudio {

class DecisionEngine;

struct HttpServingOptions {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8080;  // 0: any free port
    QString token;        // required (Authorization: Bearer) on every route but health when set
    qint64 maxBodyBytes = 64 * 1024;
};

// Serving's HTTP API on QtHttpServer:
//   POST /v1/rank                      {"eventId"?, "user"? | "features"? | "recent_items"?,
//   "size"} POST /v1/events/{eventId}/reward   {"kind": "click"|"conversion", "value"?} GET
//   /v1/creatives/{id}.png        GET /v1/health    GET /v1/metrics (Prometheus) GET /v1/posteriors
//   every arm's prior, settled impressions and clicks
// Every client error is a 4xx with {"error", "fix"}. Lives on the calling thread's event loop.
class ServingHttpServer {
public:
    // Refuses a non-loopback host without a token: the API would be open to the network.
    static Result<std::unique_ptr<ServingHttpServer>> start(DecisionEngine* engine,
                                                            const HttpServingOptions& options);
    ~ServingHttpServer();
    quint16 port() const;

private:
    struct Impl;
    explicit ServingHttpServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

}  // namespace adstudio
