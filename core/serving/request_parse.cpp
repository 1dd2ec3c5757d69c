// SPDX-License-Identifier: MIT
#include "serving/request_parse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace adstudio {

namespace {

constexpr int kBadRequest = 400;
constexpr int kPayloadTooLarge = 413;

QString jsonScalar(const QJsonValue& value) {
    if (value.isString()) return value.toString();
    if (value.isDouble()) return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool()) return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

// The body as a JSON object, or why not.
std::optional<RequestError> readObject(const QByteArray& body, qint64 maxBytes,
                                       QJsonObject* object) {
    if (body.size() > maxBytes) {
        return RequestError{
            kPayloadTooLarge,
            QStringLiteral("the body has %1 bytes; the limit is %2").arg(body.size()).arg(maxBytes),
            QStringLiteral("send one request per decision")};
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return RequestError{
            kBadRequest,
            QStringLiteral("the body is not a JSON object (%1 at byte %2)")
                .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                             : QStringLiteral("not an object"))
                .arg(error.offset),
            QStringLiteral("send e.g. {\"user\": \"42\", \"size\": \"300x250\"}")};
    }
    *object = document.object();
    return std::nullopt;
}

RequestError badRequest(const QString& what, const QString& fix = {}) {
    return {kBadRequest, what, fix};
}

}  // namespace

std::optional<RewardKind> rewardKindFromName(const QString& name) {
    if (name == QLatin1String("click")) return RewardKind::Click;
    if (name == QLatin1String("conversion")) return RewardKind::Conversion;
    return std::nullopt;
}

std::optional<RequestError> parseRankBody(const QByteArray& bytes, qint64 maxBytes,
                                          DecisionRequest* request) {
    QJsonObject body;
    if (auto error = readObject(bytes, maxBytes, &body)) return error;
    const QJsonValue size = body.value("size");
    if (!size.isString() || size.toString().isEmpty())
        return badRequest(QStringLiteral("\"size\" is missing"),
                          QStringLiteral("name a size, e.g. \"300x250\""));
    request->size = size.toString();
    const QJsonValue eventId = body.value("eventId");
    if (!eventId.isUndefined() && !eventId.isNull()) {
        if (!eventId.isString() || eventId.toString().isEmpty() || eventId.toString().size() > 128)
            return badRequest(QStringLiteral("\"eventId\" must be a string of 1-128 characters"));
        request->eventId = eventId.toString();
    }
    const QJsonValue user = body.value("user");
    if (!user.isUndefined() && !user.isNull()) {
        request->user.userId = jsonScalar(user);
        if (request->user.userId.isEmpty())
            return badRequest(QStringLiteral("\"user\" must be a string or a number"));
    }
    const QJsonValue features = body.value("features");
    if (!features.isUndefined() && !features.isNull()) {
        if (!features.isObject())
            return badRequest(
                QStringLiteral("\"features\" must be an object of field values"),
                QStringLiteral("e.g. {\"age_band\": \"18-24\", \"device\": \"mobile\"}"));
        const QJsonObject object = features.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            request->user.fields.insert(it.key(), jsonScalar(it.value()));
    }
    const QJsonValue recent = body.value("recent_items");
    if (!recent.isUndefined() && !recent.isNull()) {
        if (!recent.isArray())
            return badRequest(QStringLiteral("\"recent_items\" must be an array of item ids"));
        for (const auto& item : recent.toArray()) request->user.recentItems << jsonScalar(item);
    }
    return std::nullopt;
}

std::optional<RequestError> parseRewardBody(const QByteArray& bytes, qint64 maxBytes,
                                            RewardRequest* request) {
    QJsonObject body;
    if (auto error = readObject(bytes, maxBytes, &body)) return error;
    const auto kind = rewardKindFromName(body.value("kind").toString());
    if (!kind) return badRequest(QStringLiteral("\"kind\" must be \"click\" or \"conversion\""));
    const QJsonValue value = body.value("value");
    if (!value.isUndefined() && !value.isDouble())
        return badRequest(QStringLiteral("\"value\" must be a number"));
    request->kind = *kind;
    request->value = value.isDouble() ? value.toDouble() : 1.0;
    return std::nullopt;
}

}  // namespace adstudio
