// SPDX-License-Identifier: MIT
#include "serving/http_api.h"

#include "serving/decision_engine.h"

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

QString jsonScalar(const QJsonValue& value) {
    if (value.isString()) return value.toString();
    if (value.isDouble()) return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool()) return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

// The body as a JSON object, or the 4xx that says why not.
std::optional<QHttpServerResponse> readBody(const QHttpServerRequest& request, qint64 limit,
                                            QJsonObject* body) {
    if (request.body().size() > limit) {
        return jsonError(HttpStatus::PayloadTooLarge,
                         QStringLiteral("the body has %1 bytes; the limit is %2")
                             .arg(request.body().size())
                             .arg(limit),
                         QStringLiteral("send one request per decision"));
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return jsonError(
            HttpStatus::BadRequest,
            QStringLiteral("the body is not a JSON object (%1 at byte %2)")
                .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                             : QStringLiteral("not an object"))
                .arg(error.offset),
            QStringLiteral("send e.g. {\"user\": \"42\", \"size\": \"300x250\"}"));
    }
    *body = document.object();
    return std::nullopt;
}

std::optional<QHttpServerResponse> parseRank(const QJsonObject& body, DecisionRequest* request) {
    const QJsonValue size = body.value("size");
    if (!size.isString() || size.toString().isEmpty())
        return jsonError(HttpStatus::BadRequest, QStringLiteral("\"size\" is missing"),
                         QStringLiteral("name a size, e.g. \"300x250\""));
    request->size = size.toString();
    const QJsonValue eventId = body.value("eventId");
    if (!eventId.isUndefined() && !eventId.isNull()) {
        if (!eventId.isString() || eventId.toString().isEmpty() || eventId.toString().size() > 128)
            return jsonError(HttpStatus::BadRequest,
                             QStringLiteral("\"eventId\" must be a string of 1-128 characters"));
        request->eventId = eventId.toString();
    }
    const QJsonValue user = body.value("user");
    if (!user.isUndefined() && !user.isNull()) {
        request->user.userId = jsonScalar(user);
        if (request->user.userId.isEmpty())
            return jsonError(HttpStatus::BadRequest,
                             QStringLiteral("\"user\" must be a string or a number"));
    }
    const QJsonValue features = body.value("features");
    if (!features.isUndefined() && !features.isNull()) {
        if (!features.isObject())
            return jsonError(
                HttpStatus::BadRequest,
                QStringLiteral("\"features\" must be an object of field values"),
                QStringLiteral("e.g. {\"age_band\": \"18-24\", \"device\": \"mobile\"}"));
        const QJsonObject object = features.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            request->user.fields.insert(it.key(), jsonScalar(it.value()));
    }
    const QJsonValue recent = body.value("recent_items");
    if (!recent.isUndefined() && !recent.isNull()) {
        if (!recent.isArray())
            return jsonError(HttpStatus::BadRequest,
                             QStringLiteral("\"recent_items\" must be an array of item ids"));
        for (const auto& item : recent.toArray()) request->user.recentItems << jsonScalar(item);
    }
    return std::nullopt;
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
        QJsonObject body;
        if (auto error = readBody(request, options.maxBodyBytes, &body)) return std::move(*error);
        DecisionRequest decisionRequest;
        if (auto error = parseRank(body, &decisionRequest)) return std::move(*error);
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
        QJsonObject body;
        if (auto error = readBody(request, options.maxBodyBytes, &body)) return std::move(*error);
        const auto kind = rewardKindFromName(body.value("kind").toString());
        if (!kind)
            return jsonError(HttpStatus::BadRequest,
                             QStringLiteral("\"kind\" must be \"click\" or \"conversion\""));
        const QJsonValue value = body.value("value");
        if (!value.isUndefined() && !value.isDouble())
            return jsonError(HttpStatus::BadRequest, QStringLiteral("\"value\" must be a number"));
        switch (engine->reward(eventId, *kind, value.isDouble() ? value.toDouble() : 1.0)) {
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
