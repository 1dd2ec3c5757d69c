// SPDX-License-Identifier: MIT
#include "serving/http_api.h"

#include "serving/decision_engine.h"
#include "serving/request_parse.h"

#include <QFile>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace adstudio {

namespace {

using HttpStatus = QHttpServerResponse::StatusCode;

QHttpServerResponse jsonError(HttpStatus status, const QString& what, const QString& fix = {}) {
    QJsonObject body{{"error", what}};
    if (!fix.isEmpty()) body.insert("fix", fix);
    return QHttpServerResponse(body, status);
}

QHttpServerResponse jsonError(const RequestError& error) {
    return jsonError(HttpStatus(error.status), error.what, error.fix);
}

QJsonObject decisionJson(const Decision& decision) {
    QJsonArray ranking;
    for (const auto& r : decision.ranking)
        ranking.append(QJsonObject{{"id", r.id}, {"probability", r.probability}});
    return QJsonObject{
        {"eventId", decision.eventId},
        {"creative_id", decision.creativeId},
        {"segment", decision.segment},
        {"segment_name", decision.segmentName},
        {"known_user", decision.knownUser},
        {"probability", decision.probability},
        {"predicted_ctr", decision.predictedCtr},
        {"image_url", QStringLiteral("/v1/creatives/%1.png").arg(decision.creativeId)},
        {"ranking", ranking}};
}

bool isLoopback(const QString& host) {
    if (host == QLatin1String("localhost")) return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

}  // namespace

struct ServingHttpServer::Impl {
    DecisionEngine* engine = nullptr;
    HttpServingOptions options;
    QHttpServer server;
    QTimer settleTimer;
    quint16 port = 0;

    bool authorized(const QHttpServerRequest& request) const {
        if (options.token.isEmpty()) return true;
        for (const auto& [name, value] : request.headers()) {
            if (name.compare("Authorization", Qt::CaseInsensitive) == 0)
                return value == "Bearer " + options.token.toUtf8();
        }
        return false;
    }

    QHttpServerResponse unauthorized() const {
        return jsonError(
            HttpStatus::Unauthorized, QStringLiteral("a valid bearer token is required"),
            QStringLiteral("send 'Authorization: Bearer TOKEN' with the server's token"));
    }

    QHttpServerResponse rank(const QHttpServerRequest& request) {
        if (!authorized(request)) return unauthorized();
        DecisionRequest decisionRequest;
        if (auto error = parseRankBody(request.body(), options.maxBodyBytes, &decisionRequest))
            return jsonError(*error);
        // A decision that cannot be logged could never be learnt from or evaluated.
        if (!engine->logHealthy()) {
            return jsonError(HttpStatus::ServiceUnavailable,
                             engine->flush().ok() ? QStringLiteral("the event log failed")
                                                  : engine->flush().error().toString(),
                             QStringLiteral("free disk space, then restart serve"));
        }
        const auto decision = engine->decide(decisionRequest);
        if (!decision)
            return jsonError(HttpStatus::BadRequest, decision.error().what, decision.error().fix);
        return QHttpServerResponse(decisionJson(decision.value()));
    }

    QHttpServerResponse reward(const QString& eventId, const QHttpServerRequest& request) {
        if (!authorized(request)) return unauthorized();
        RewardRequest reward;
        if (auto error = parseRewardBody(request.body(), options.maxBodyBytes, &reward))
            return jsonError(*error);
        switch (engine->reward(eventId, reward.kind, reward.value)) {
            case RewardOutcome::Applied:
                return QHttpServerResponse(QJsonObject{{"eventId", eventId}, {"applied", true}});
            case RewardOutcome::Recorded:
                return QHttpServerResponse(QJsonObject{{"eventId", eventId}, {"applied", false}});
            case RewardOutcome::UnknownEvent:
                return jsonError(HttpStatus::NotFound,
                                 QStringLiteral("no decision with eventId '%1'").arg(eventId),
                                 QStringLiteral("use the eventId that /v1/rank returned"));
            case RewardOutcome::TooLate:
                return jsonError(
                    HttpStatus::Conflict,
                    QStringLiteral(
                        "the reward came after the wait time; the default reward 0 was given"));
        }
        return jsonError(HttpStatus::InternalServerError,
                         QStringLiteral("unexpected reward outcome"));
    }

    QHttpServerResponse creativeImage(const QString& file, const QHttpServerRequest& request) {
        if (!authorized(request)) return unauthorized();
        QString id = file;
        if (id.endsWith(QLatin1String(".png"))) id.chop(4);
        const QString path = engine->creativeImagePath(id);
        QFile image(path);
        if (path.isEmpty() || !image.open(QIODevice::ReadOnly))
            return jsonError(HttpStatus::NotFound,
                             QStringLiteral("no creative '%1' is served").arg(id));
        return QHttpServerResponse("image/png", image.readAll());
    }

    QHttpServerResponse posteriors(const QHttpServerRequest& request) {
        if (!authorized(request)) return unauthorized();
        const double strength = engine->settings().bandit.priorStrength;
        QJsonArray arms;
        for (const auto& arm : engine->arms()) {
            const auto [low, high] = arm.stats.credibleInterval(strength);
            arms.append(QJsonObject{{"segment", arm.segment},
                                    {"creative", arm.creativeId},
                                    {"prior", arm.stats.priorMean},
                                    {"settled", double(arm.stats.settled)},
                                    {"clicks", double(arm.stats.clicks)},
                                    {"alpha", arm.stats.alpha(strength)},
                                    {"beta", arm.stats.beta(strength)},
                                    {"mean", arm.stats.posteriorMean(strength)},
                                    {"low", low},
                                    {"high", high}});
        }
        return QHttpServerResponse(QJsonObject{{"arms", arms}});
    }
};

ServingHttpServer::ServingHttpServer(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
ServingHttpServer::~ServingHttpServer() = default;

quint16 ServingHttpServer::port() const {
    return d->port;
}

Result<std::unique_ptr<ServingHttpServer>> ServingHttpServer::start(
    DecisionEngine* engine, const HttpServingOptions& options) {
    if (!isLoopback(options.host) && options.token.isEmpty()) {
        return makeError(
            QString(), 0, 0,
            QStringLiteral(
                "refusing to serve on %1 without a token: anyone on the network could call the API")
                .arg(options.host),
            QStringLiteral(
                "pass --token-file FILE (the bearer token clients send), or serve on 127.0.0.1"));
    }
    auto impl = std::make_unique<Impl>();
    impl->engine = engine;
    impl->options = options;
    Impl* self = impl.get();
    using Method = QHttpServerRequest::Method;
    impl->server.route("/v1/rank", Method::Post,
                       [self](const QHttpServerRequest& request) { return self->rank(request); });
    impl->server.route("/v1/events/<arg>/reward", Method::Post,
                       [self](const QString& id, const QHttpServerRequest& request) {
                           return self->reward(id, request);
                       });
    impl->server.route("/v1/creatives/<arg>", Method::Get,
                       [self](const QString& file, const QHttpServerRequest& request) {
                           return self->creativeImage(file, request);
                       });
    impl->server.route("/v1/health", Method::Get, [self]() {
        return QHttpServerResponse(
            QJsonObject{{"status", self->engine->logHealthy() ? "ok" : "event log failed"},
                        {"sizes", QJsonArray::fromStringList(self->engine->sizes())}});
    });
    impl->server.route("/v1/metrics", Method::Get, [self](const QHttpServerRequest& request) {
        if (!self->authorized(request)) return self->unauthorized();
        return QHttpServerResponse("text/plain; version=0.0.4", self->engine->prometheusMetrics());
    });
    impl->server.route("/v1/posteriors", Method::Get, [self](const QHttpServerRequest& request) {
        return self->posteriors(request);
    });

    const QHostAddress address = options.host == QLatin1String("localhost")
                                     ? QHostAddress(QHostAddress::LocalHost)
                                     : QHostAddress(options.host);
    if (address.isNull()) {
        return makeError(QString(), 0, 0,
                         QStringLiteral("'%1' is not an IP address").arg(options.host),
                         QStringLiteral("pass --host 127.0.0.1 or the address of an interface"));
    }
    impl->port = impl->server.listen(address, options.port);
    if (impl->port == 0) {
        return makeError(
            QString(), 0, 0,
            QStringLiteral("cannot listen on %1:%2").arg(options.host).arg(options.port),
            QStringLiteral("another program may use the port; pass --port N"));
    }
    // Decisions whose reward did not come in time get the default reward.
    impl->settleTimer.setInterval(1000);
    QObject::connect(&impl->settleTimer, &QTimer::timeout,
                     [self] { self->engine->settleExpired(); });
    impl->settleTimer.start();
    return std::unique_ptr<ServingHttpServer>(new ServingHttpServer(std::move(impl)));
}

}  // namespace adstudio
