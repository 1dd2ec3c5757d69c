// SPDX-License-Identifier: MIT
#include "serving/decision_engine.h"

#include "project/project.h"
#include "serving/event_log.h"
#include "serving/user_hash.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

namespace adstudio {

struct DecisionEngine::Candidate {
    QString id;
    QString itemId;
    int segment = 0;
    double predictedCtr = 0;
    QString imagePath;
};

namespace {

const std::vector<double> kLatencyBuckets{0.00005, 0.0001, 0.0002, 0.0005, 0.001,
                                          0.002,   0.005,  0.01,   0.05,   0.25};

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString rewardKindName(RewardKind kind) {
    return kind == RewardKind::Click ? QStringLiteral("click") : QStringLiteral("conversion");
}

// Puts each user named in `moves` in its new segment; calls `moved` for each one moved.
template <typename OnMove>
void moveUsers(ProjectSegments& segments, const QHash<QString, int>& moves, OnMove moved) {
    for (auto& user : segments.users) {
        const auto move = moves.constFind(user.userId);
        if (move == moves.constEnd()) continue;
        user.segment = *move;
        moved(user.userId, *move);
    }
}

QByteArray label(int segment, const QString& creative) {
    return "{segment=\"" + QByteArray::number(segment) + "\",creative=\"" + creative.toUtf8() +
           "\"}";
}

}  // namespace

double ServingCounters::latencyQuantileSeconds(double q) const {
    if (timedDecisions == 0) return 0;
    const double rank = q * double(timedDecisions);  // the +Inf bucket's count
    double lower = 0;
    std::int64_t below = 0;
    for (std::size_t i = 0; i < latencyBucketsSeconds.size() && i < latencyCounts.size(); ++i) {
        if (double(latencyCounts[i]) >= rank) {
            const double inBucket = double(latencyCounts[i] - below);
            const double share = inBucket > 0 ? (rank - double(below)) / inBucket : 1;
            return lower + (latencyBucketsSeconds[i] - lower) * share;
        }
        lower = latencyBucketsSeconds[i];
        below = latencyCounts[i];
    }
    return lower;  // above the largest bound: that bound is all the histogram can say
}

Result<std::unique_ptr<DecisionEngine>> DecisionEngine::open(const QString& projectFolder,
                                                             const QString& eventLogPath,
                                                             const ServingSettings& settings,
                                                             QStringList* warnings) {
    auto project = Project::open(projectFolder);
    if (!project) return project.error();
    auto model = RecommenderModel::load(project->modelFolder());
    if (!model) return model.error();
    if (model->featureOnly()) return model->featureOnlyError(QStringLiteral("Serving creatives"));
    auto locator = SegmentLocator::build(*model, project->segments());
    if (!locator) return locator.error();
    auto hasher =
        UserHasher::open(QDir(project->eventsFolder()).filePath(QStringLiteral("secret.key")));
    if (!hasher) return hasher.error();

    std::unique_ptr<DecisionEngine> engine(new DecisionEngine);
    engine->m_settings = settings;
    // The project's own setting, unless this run asks for approved creatives only anyway.
    engine->m_settings.approvedOnly =
        settings.approvedOnly || project->manifest().serveApprovedOnly;
    engine->m_folder = project->folder();
    engine->m_locator = std::make_shared<SegmentLocator>(std::move(*locator));
    engine->m_model = std::make_shared<RecommenderModel>(*model);
    engine->m_segments = project->segments();
    for (int u = 0; u < model->userIds().size(); ++u)
        engine->m_userIndex.insert(model->userIds()[u], u);
    for (int i = 0; i < model->itemIds().size(); ++i)
        engine->m_itemIndex.insert(model->itemIds()[i], i);
    engine->m_hasher = std::make_unique<UserHasher>(*hasher);
    const int k = engine->m_locator->segmentCount();
    for (const auto& profile : project->segments().profiles) engine->m_segmentNames << profile.name;

    int eligible = 0;
    for (const Creative& creative : project->creatives()) {
        if (!creative.servable(engine->m_settings.approvedOnly)) continue;
        if (creative.segment < 0 || creative.segment >= k) continue;
        auto candidate = std::make_shared<Candidate>();
        candidate->id = creative.id;
        candidate->itemId = creative.itemId;
        candidate->segment = creative.segment;
        candidate->predictedCtr = std::clamp(creative.predictedCtr, 0.001, 0.999);
        candidate->imagePath =
            project->filePath(QStringLiteral("creatives/") + creative.id + QStringLiteral(".png"));
        auto& bySegment = engine->m_eligible[creative.size];
        if (bySegment.empty()) bySegment.resize(std::size_t(k));
        bySegment[std::size_t(creative.segment)].push_back(candidate);
        engine->m_creatives.insert(creative.id, candidate);
        ++eligible;
    }
    if (eligible == 0) {
        return makeError(
            project->filePath(QStringLiteral("creatives/creatives.json")), 0, 0,
            engine->m_settings.approvedOnly
                ? QStringLiteral("no creative is approved")
                : QStringLiteral("no creative passed its checks and escaped rejection"),
            engine->m_settings.approvedOnly
                ? QStringLiteral("approve creatives on the Creatives page, or serve every "
                                 "creative not rejected")
                : QStringLiteral("run the main job or regenerate creatives"));
    }
    for (auto& bySegment : engine->m_eligible) {
        for (auto& list : bySegment)
            std::sort(list.begin(), list.end(),
                      [](const auto& a, const auto& b) { return a->id < b->id; });
    }
    engine->m_counters.latencyBucketsSeconds = kLatencyBuckets;
    engine->m_counters.latencyCounts.assign(kLatencyBuckets.size(), 0);

    if (!eventLogPath.isEmpty()) {
        engine->m_logPath = eventLogPath;
        if (engine->m_settings.online.weightsFolder.isEmpty())
            engine->m_settings.online.weightsFolder =
                QFileInfo(eventLogPath).dir().filePath(QStringLiteral("models"));
        DecisionEngine* raw = engine.get();
        auto log = EventLog::open(
            eventLogPath, std::chrono::milliseconds(std::max(1, settings.flushIntervalMs)),
            [raw, warnings](const QJsonObject& record, qint64 line) {
                raw->replay(record, line, warnings);
            },
            warnings);
        if (!log) return log.error();
        engine->m_log = std::move(*log);
        engine->resumeFineTunedModel(warnings);
        if (engine->m_counters.resegmentations > 0) {
            // The replayed moves: place users by the segments as they last were.
            auto locator = SegmentLocator::build(*engine->m_model, engine->m_segments);
            if (!locator) return locator.error();
            engine->m_locator = std::make_shared<SegmentLocator>(std::move(*locator));
        }
    }
    // A restarted server continues with fresh draws, reproducibly for the same log.
    engine->m_rng = Rng(settings.seed + std::uint64_t(engine->m_counters.decisions));
    engine->settleExpired();
    return engine;
}

DecisionEngine::~DecisionEngine() {
    waitForUpdate();
}

void DecisionEngine::waitForUpdate() {
    std::thread updater, resegmenter;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        updater.swap(m_updater);
        resegmenter.swap(m_resegmenter);
    }
    if (updater.joinable()) updater.join();
    if (resegmenter.joinable()) resegmenter.join();
}

// A known user whose recent clicks placed it elsewhere than its segment (or back in it).
void DecisionEngine::noteMove(const QString& userId, int segment) {
    if (segment == m_locator->segmentOf(userId))
        m_moved.remove(userId);
    else
        m_moved.insert(userId, segment);
    maybeStartResegmentation();
}

void DecisionEngine::maybeStartResegmentation() {
    if (m_resegmenting || m_settings.resegmentAfterMoves < 0) return;
    const int threshold = m_settings.resegmentAfterMoves > 0
                              ? m_settings.resegmentAfterMoves
                              : std::max(50, int(m_segments.users.size() / 20));
    if (m_moved.size() < threshold) return;
    QHash<QString, int> moves;
    moves.swap(m_moved);
    ProjectSegments segments = m_segments;
    moveUsers(segments, moves, [](const QString&, int) {});
    // Segments' shares, field shares and item means follow their members: rebuilt from the
    // model's predictions for the new membership, off the decision path.
    auto rebuild = [this, moves, segments = std::move(segments), model = m_model] {
        auto locator = SegmentLocator::build(*model, segments);
        std::lock_guard<std::mutex> lock(m_mutex);
        m_resegmenting = false;
        if (locator) applyMoves(moves, std::make_shared<SegmentLocator>(std::move(*locator)));
    };
    m_resegmenting = true;
    if (m_settings.online.synchronous) {
        m_mutex.unlock();  // rebuild takes the lock itself, as the background job does
        rebuild();
        m_mutex.lock();
        return;
    }
    if (m_resegmenter.joinable()) m_resegmenter.join();  // the previous one has finished
    m_resegmenter = std::thread(std::move(rebuild));
}

void DecisionEngine::applyMoves(const QHash<QString, int>& moves,
                                std::shared_ptr<SegmentLocator> locator) {
    QJsonArray logged;
    moveUsers(m_segments, moves, [&](const QString& userId, int segment) {
        logged.append(QJsonObject{{"user", m_hasher->hash(userId)}, {"segment", segment}});
    });
    m_locator = std::move(locator);
    ++m_counters.resegmentations;
    m_counters.usersMoved += moves.size();
    if (m_log)
        m_log->append(
            QJsonObject{{"_type", "segments"}, {"Timestamp", isoTime(now())}, {"moves", logged}});
}

// A "segments" line of the log: its users (hashed there) go to their new segments; the locator
// is rebuilt once, after the whole log is replayed.
void DecisionEngine::replayMoves(const QJsonObject& record, QStringList* warnings) {
    if (m_userOfHash.isEmpty())
        for (const auto& user : m_segments.users)
            m_userOfHash.insert(m_hasher->hash(user.userId), user.userId);
    QHash<QString, int> moves;
    for (const auto& value : record.value("moves").toArray()) {
        const QJsonObject move = value.toObject();
        const QString user = m_userOfHash.value(move.value("user").toString());
        const int segment = move.value("segment").toInt(-1);
        if (!user.isEmpty() && segment >= 0 && segment < m_locator->segmentCount())
            moves.insert(user, segment);
    }
    moveUsers(m_segments, moves, [](const QString&, int) {});
    ++m_counters.resegmentations;
    m_counters.usersMoved += moves.size();
    if (moves.size() < record.value("moves").toArray().size() && warnings)
        warnings->append(QStringLiteral("%1 moved users of a logged re-segmentation are no longer "
                                        "in the project's segments")
                             .arg(record.value("moves").toArray().size() - moves.size()));
}

bool DecisionEngine::updating() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_updating;
}

std::vector<ModelCheck> DecisionEngine::modelChecks() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_checks;
}

void DecisionEngine::setClock(std::function<qint64()> clock) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_clock = std::move(clock);
}

qint64 DecisionEngine::now() const {
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

QString DecisionEngine::newEventId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ArmStats& DecisionEngine::arm(int segment, const QString& creativeId) {
    const auto key = std::make_pair(segment, creativeId);
    auto it = m_arms.find(key);
    if (it == m_arms.end()) {
        ArmStats stats;
        const auto candidate = m_creatives.constFind(creativeId);
        if (candidate != m_creatives.constEnd()) stats.priorMean = (*candidate)->predictedCtr;
        it = m_arms.emplace(key, stats).first;
    }
    return it->second;
}

void DecisionEngine::applyReward(Pending& pending, bool clicked) {
    ArmStats& stats = arm(pending.segment, pending.creativeId);
    stats.settled += 1;
    stats.clicks += clicked ? 1 : 0;
    if (clicked) m_served[{pending.segment, pending.creativeId}].second += 1;
    // What a fine-tune learns from: users the model knows (replayed events carry hashes only).
    if (!m_settings.online.enabled || pending.userIndex < 0) return;
    const auto candidate = m_creatives.constFind(pending.creativeId);
    if (candidate == m_creatives.constEnd()) return;
    const auto item = m_itemIndex.constFind((*candidate)->itemId);
    if (item == m_itemIndex.constEnd()) return;
    m_events.push_back({pending.userIndex, *item, clicked ? 1.0f : 0.0f});
    while (int(m_events.size()) > m_settings.online.window) m_events.pop_front();
    ++m_eventsSinceUpdate;
}

// Starts a fine-tune when enough events came in; the old model serves until the new one is in.
void DecisionEngine::maybeStartUpdate() {
    const OnlineUpdateSettings& online = m_settings.online;
    if (!online.enabled || m_updating) return;
    const qint64 at = now();
    if (m_lastUpdateMs == 0) m_lastUpdateMs = at;
    const bool byCount = m_eventsSinceUpdate >= online.everyEvents;
    const bool byTime = online.everyMinutes > 0 && m_eventsSinceUpdate >= 100 &&
                        double(at - m_lastUpdateMs) >= online.everyMinutes * 60000;
    if (!byCount && !byTime) return;
    m_eventsSinceUpdate = 0;
    m_lastUpdateMs = at;
    std::vector<LabeledEvent> events(m_events.begin(), m_events.end());
    if (online.synchronous) {
        applyUpdate(fineTuneOnEvents(*m_model, events, m_segments, online));
        return;
    }
    m_updating = true;
    if (m_updater.joinable()) m_updater.join();  // the previous one has finished
    m_updater = std::thread(
        [this, model = m_model, segments = m_segments, online, events = std::move(events)] {
            const auto update = fineTuneOnEvents(*model, events, segments, online);
            std::lock_guard<std::mutex> lock(m_mutex);
            applyUpdate(update);
            m_updating = false;
        });
}

// The last accepted fine-tune's weights, when the log names them: a restart keeps learning
// from where it was instead of from the project's model.
void DecisionEngine::resumeFineTunedModel(QStringList* warnings) {
    if (m_replayedWeights.isEmpty()) return;
    const QString path = QFileInfo(m_logPath).dir().filePath(m_replayedWeights);
    auto tuned = m_model->withWeights(path);
    if (!tuned) {
        if (warnings)
            warnings->append(QStringLiteral("%1; serving with the project's model and the logged "
                                            "priors")
                                 .arg(tuned.error().toString()));
        return;
    }
    m_model = std::make_shared<RecommenderModel>(std::move(tuned).value());
    m_weightsInUse = path;
}

QString DecisionEngine::modelWeights() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_weightsInUse;
}

void DecisionEngine::applyUpdate(const Result<OnlineUpdate>& update) {
    QJsonObject record{{"_type", "model"}, {"Timestamp", isoTime(now())}};
    if (!update) {
        ModelCheck failed;
        failed.reason = update.error().toString();
        m_checks.push_back(failed);
        ++m_counters.modelsRejected;
        record.insert("accepted", false);
        record.insert("check", failed.toJson());
        if (m_log) m_log->append(record);
        return;
    }
    const ModelCheck& check = update.value().check;
    m_checks.push_back(check);
    record.insert("accepted", check.accepted);
    record.insert("check", check.toJson());
    if (!check.accepted) {
        ++m_counters.modelsRejected;
        if (m_log) m_log->append(record);
        return;
    }
    ++m_counters.modelUpdates;
    m_model = update.value().model;
    m_weightsInUse = update.value().weightsFile;
    // Placement keeps the model trained on the whole history: a fine-tune sees only what serving
    // showed (each segment's few creatives) and would blur which items tell segments apart
    // (measured: users no longer moved with their recent clicks after a drift).
    const SegmentLocator& predicted = *update.value().locator;
    // The new model's predictions become the priors; older evidence counts for less.
    QJsonArray priors;
    for (auto& [key, stats] : m_arms) {
        const auto candidate = m_creatives.constFind(key.second);
        if (candidate == m_creatives.constEnd()) continue;
        const double p = predicted.meanClick(key.first, (*candidate)->itemId);
        if (p > 0) stats.priorMean = std::clamp(p, 0.001, 0.999);
        priors.append(QJsonObject{
            {"segment", key.first}, {"creative", key.second}, {"prior", stats.priorMean}});
    }
    QJsonArray creatives;  // what arms made later start from
    for (auto& candidate : m_creatives) {
        const double p = predicted.meanClick(candidate->segment, candidate->itemId);
        if (p > 0) candidate->predictedCtr = std::clamp(p, 0.001, 0.999);
        creatives.append(QJsonObject{{"id", candidate->id}, {"prior", candidate->predictedCtr}});
    }
    record.insert("priors", priors);
    record.insert("creatives", creatives);
    record.insert("evidence_kept", m_settings.online.evidenceKept);
    if (!update.value().weightsFile.isEmpty())
        record.insert("weights",
                      QFileInfo(m_logPath).dir().relativeFilePath(update.value().weightsFile));
    takeModelRecord(record);
    if (m_log) m_log->append(record);
}

// Discounts the evidence and sets the priors a model record names: shared by a live update and
// the replay of its log line, so both end with the same posteriors.
void DecisionEngine::takeModelRecord(const QJsonObject& record) {
    if (!record.value("accepted").toBool()) return;
    const double kept = record.value("evidence_kept").toDouble(1.0);
    for (auto& [key, stats] : m_arms) {
        stats.settled *= kept;
        stats.clicks *= kept;
    }
    for (const auto& value : record.value("creatives").toArray()) {
        const QJsonObject creative = value.toObject();
        const auto candidate = m_creatives.constFind(creative.value("id").toString());
        if (candidate != m_creatives.constEnd())
            (*candidate)->predictedCtr = creative.value("prior").toDouble();
    }
    for (const auto& value : record.value("priors").toArray()) {
        const QJsonObject prior = value.toObject();
        arm(prior.value("segment").toInt(), prior.value("creative").toString()).priorMean =
            prior.value("prior").toDouble();
    }
}

Result<Decision> DecisionEngine::decide(const DecisionRequest& request) {
    QElapsedTimer timer;
    timer.start();
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto sizeEntry = m_eligible.constFind(request.size);
    if (sizeEntry == m_eligible.constEnd()) {
        QStringList sizes = m_eligible.keys();
        sizes.sort();
        return makeError(QString(), 0, 0,
                         QStringLiteral("no creative of size '%1'").arg(request.size),
                         QStringLiteral("use one of: ") + sizes.join(", "));
    }
    if (!request.eventId.isEmpty() && m_pending.contains(request.eventId)) {
        return makeError(QString(), 0, 0,
                         QStringLiteral("eventId '%1' is already in use").arg(request.eventId),
                         QStringLiteral("send a new eventId for each decision, or none"));
    }
    const auto placement = m_locator->place(request.user);
    if (!placement) return placement.error();
    const int segment = placement->segment;
    if (placement->knownUser && !request.user.recentItems.isEmpty())
        noteMove(request.user.userId, segment);

    // The segment's creatives at this size; a segment without any borrows the others'.
    std::vector<std::shared_ptr<Candidate>> candidates = (*sizeEntry)[std::size_t(segment)];
    if (candidates.empty()) {
        for (const auto& list : *sizeEntry)
            candidates.insert(candidates.end(), list.begin(), list.end());
    }
    std::vector<ArmStats> stats;
    stats.reserve(candidates.size());
    for (const auto& candidate : candidates) stats.push_back(arm(segment, candidate->id));
    const BanditChoice choice = chooseArm(stats, m_settings.bandit, m_rng);

    Decision decision;
    decision.eventId = request.eventId.isEmpty() ? newEventId() : request.eventId;
    decision.segment = segment;
    decision.segmentName = m_segmentNames.value(segment);
    decision.knownUser = placement->knownUser;
    decision.creativeId = candidates[std::size_t(choice.arm)]->id;
    decision.probability = choice.probability;
    decision.predictedCtr = candidates[std::size_t(choice.arm)]->predictedCtr;
    std::vector<int> order(candidates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    // DSJSON: the chosen action first, then the rest by probability.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (a == choice.arm || b == choice.arm) return a == choice.arm && b != choice.arm;
        return choice.probabilities[std::size_t(a)] > choice.probabilities[std::size_t(b)];
    });
    for (const int i : order)
        decision.ranking.push_back(
            {candidates[std::size_t(i)]->id, choice.probabilities[std::size_t(i)]});

    const qint64 at = now();
    Pending pending;
    pending.segment = segment;
    pending.creativeId = decision.creativeId;
    pending.probability = choice.probability;
    pending.action = choice.arm + 1;
    if (placement->knownUser) pending.userIndex = m_userIndex.value(request.user.userId, -1);
    m_pending.insert(decision.eventId, pending);
    m_deadlines.emplace_back(at + qint64(m_settings.rewardWaitSeconds * 1000), decision.eventId);
    ++m_counters.decisions;
    m_served[{segment, decision.creativeId}].first += 1;

    if (m_log) {
        QJsonArray multi, actions, probabilities;
        for (const auto& candidate : candidates)
            multi.append(QJsonObject{{"id", candidate->id}, {"prior", candidate->predictedCtr}});
        for (const int i : order) {
            actions.append(i + 1);
            probabilities.append(choice.probabilities[std::size_t(i)]);
        }
        QJsonObject context{{"segment", segment},
                            {"size", request.size},
                            {"known", placement->knownUser},
                            {"_multi", multi}};
        if (!request.user.userId.isEmpty())
            context.insert("user", m_hasher->hash(request.user.userId));
        if (!request.user.recentItems.isEmpty())
            context.insert("recent_items", QJsonArray::fromStringList(request.user.recentItems));
        if (!request.user.fields.isEmpty()) {
            QJsonObject fields;
            for (auto it = request.user.fields.begin(); it != request.user.fields.end(); ++it)
                fields.insert(it.key(), it.value());
            context.insert("features", fields);
        }
        m_log->append(QJsonObject{{"_type", "decision"},
                                  {"EventId", decision.eventId},
                                  {"Timestamp", isoTime(at)},
                                  {"Version", "1"},
                                  {"policy", banditPolicyName(m_settings.bandit.policy)},
                                  {"c", context},
                                  {"a", actions},
                                  {"p", probabilities}});
    }
    recordLatency(double(timer.nsecsElapsed()) * 1e-9);
    return decision;
}

RewardOutcome DecisionEngine::reward(const QString& eventId, RewardKind kind, double value) {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_pending.find(eventId);
    if (it == m_pending.end())
        return m_defaulted.contains(eventId) ? RewardOutcome::TooLate : RewardOutcome::UnknownEvent;
    const bool first = !it->rewarded;
    if (first) {
        applyReward(*it, true);
        it->rewarded = true;
    }
    if (kind == RewardKind::Click)
        ++m_counters.clicks;
    else
        ++m_counters.conversions;
    if (m_log) {
        m_log->append(QJsonObject{{"_type", "reward"},
                                  {"EventId", eventId},
                                  {"Timestamp", isoTime(now())},
                                  {"kind", rewardKindName(kind)},
                                  {"value", value},
                                  {"_label_cost", -value},
                                  {"_label_probability", it->probability},
                                  {"_label_Action", it->action}});
    }
    maybeStartUpdate();
    return first ? RewardOutcome::Applied : RewardOutcome::Recorded;
}

int DecisionEngine::settleExpired(qint64 nowMs) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const qint64 limit = nowMs > 0 ? nowMs : now();
    int settled = 0;
    while (!m_deadlines.empty() && m_deadlines.front().first <= limit) {
        const QString id = m_deadlines.front().second;
        m_deadlines.pop_front();
        auto it = m_pending.find(id);
        if (it == m_pending.end()) continue;
        if (!it->rewarded) {
            giveDefaultReward(id, *it, limit);
            ++settled;
        }
        m_pending.erase(it);
    }
    maybeStartUpdate();
    return settled;
}

// No reward came: the default reward 0, logged when `atMs` is set (a replay passes 0: the line
// is already in the log).
void DecisionEngine::giveDefaultReward(const QString& eventId, Pending& pending, qint64 atMs) {
    applyReward(pending, false);
    ++m_counters.defaultRewards;
    m_defaulted.insert(eventId);
    if (!m_log || atMs == 0) return;
    m_log->append(QJsonObject{{"_type", "reward"},
                              {"EventId", eventId},
                              {"Timestamp", isoTime(atMs)},
                              {"kind", "default"},
                              {"value", 0},
                              {"_label_cost", 0},
                              {"_label_probability", pending.probability},
                              {"_label_Action", pending.action}});
}

bool DecisionEngine::settle(const QString& eventId) {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_pending.find(eventId);
    if (it == m_pending.end()) return false;
    if (!it->rewarded) giveDefaultReward(eventId, *it, now());
    m_pending.erase(it);
    maybeStartUpdate();
    return true;
}

void DecisionEngine::replay(const QJsonObject& record, qint64 line, QStringList* warnings) {
    const QString type = record.value("_type").toString();
    const QString id = record.value("EventId").toString();
    if (type == QLatin1String("decision")) {
        const QJsonObject context = record.value("c").toObject();
        const QJsonArray multi = context.value("_multi").toArray();
        const int action = record.value("a").toArray().at(0).toInt();
        if (id.isEmpty() || action < 1 || action > multi.size()) {
            if (warnings)
                *warnings << QStringLiteral("%1:%2: a decision without its action; skipped")
                                 .arg(m_logPath)
                                 .arg(line);
            return;
        }
        Pending pending;
        pending.segment = context.value("segment").toInt();
        pending.creativeId = multi.at(action - 1).toObject().value("id").toString();
        pending.probability = record.value("p").toArray().at(0).toDouble();
        pending.action = action;
        m_pending.insert(id, pending);
        // The arms a live decision touched exist from then on, as they did before the restart.
        for (const auto& action : multi)
            arm(pending.segment, action.toObject().value("id").toString());
        const qint64 at =
            QDateTime::fromString(record.value("Timestamp").toString(), Qt::ISODateWithMs)
                .toMSecsSinceEpoch();
        m_deadlines.emplace_back(at + qint64(m_settings.rewardWaitSeconds * 1000), id);
        ++m_counters.decisions;
        m_served[{pending.segment, pending.creativeId}].first += 1;
        return;
    }
    if (type == QLatin1String("segments")) {
        replayMoves(record, warnings);
        return;
    }
    if (type == QLatin1String("model")) {
        takeModelRecord(record);
        if (record.value("accepted").toBool()) {
            ++m_counters.modelUpdates;
            m_replayedWeights = record.value("weights").toString();  // empty: not kept
        } else {
            ++m_counters.modelsRejected;
        }
        return;
    }
    if (type != QLatin1String("reward")) return;
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;  // a reward after its default: already settled
    const QString kind = record.value("kind").toString();
    if (kind == QLatin1String("default")) {
        if (!it->rewarded) giveDefaultReward(id, *it, 0);
        m_pending.erase(it);
        return;
    }
    if (!it->rewarded) {
        applyReward(*it, true);
        it->rewarded = true;
    }
    if (kind == QLatin1String("click"))
        ++m_counters.clicks;
    else
        ++m_counters.conversions;
}

bool DecisionEngine::logHealthy() const {
    return !m_log || !m_log->failed();
}

Status DecisionEngine::flush() {
    return m_log ? m_log->flush() : Status{};
}

void DecisionEngine::recordLatency(double seconds) {
    m_counters.latencySumSeconds += seconds;
    ++m_counters.timedDecisions;
    for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
        if (seconds <= kLatencyBuckets[b]) ++m_counters.latencyCounts[b];
    }
}

QStringList DecisionEngine::sizes() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    QStringList sizes = m_eligible.keys();
    sizes.sort();
    return sizes;
}

QStringList DecisionEngine::segmentNames() const {
    return m_segmentNames;
}

QString DecisionEngine::creativeImagePath(const QString& creativeId) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_creatives.constFind(creativeId);
    return it == m_creatives.constEnd() ? QString() : (*it)->imagePath;
}

std::vector<ArmState> DecisionEngine::arms() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<ArmState> out;
    for (const auto& [key, stats] : m_arms) out.push_back({key.first, key.second, stats});
    return out;
}

ServingCounters DecisionEngine::counters() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_counters;
}

QByteArray DecisionEngine::prometheusMetrics() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    QByteArray out;
    out +=
        "# HELP adstudio_decisions_total Decisions served, per segment and creative.\n"
        "# TYPE adstudio_decisions_total counter\n";
    for (const auto& [key, counts] : m_served)
        out += "adstudio_decisions_total" + label(key.first, key.second) + ' ' +
               QByteArray::number(counts.first) + '\n';
    out +=
        "# HELP adstudio_clicks_total Decisions that got a click or conversion, per segment and "
        "creative.\n"
        "# TYPE adstudio_clicks_total counter\n";
    for (const auto& [key, counts] : m_served)
        out += "adstudio_clicks_total" + label(key.first, key.second) + ' ' +
               QByteArray::number(counts.second) + '\n';
    out +=
        "# HELP adstudio_ctr Click-through rate of settled decisions, per segment and creative.\n"
        "# TYPE adstudio_ctr gauge\n";
    for (const auto& [key, stats] : m_arms) {
        if (stats.settled == 0) continue;
        out += "adstudio_ctr" + label(key.first, key.second) + ' ' +
               QByteArray::number(double(stats.clicks) / double(stats.settled), 'g', 6) + '\n';
    }
    out +=
        "# HELP adstudio_rewards_total Rewards by kind (default: none came within the wait).\n"
        "# TYPE adstudio_rewards_total counter\n";
    out += "adstudio_rewards_total{kind=\"click\"} " + QByteArray::number(m_counters.clicks) + '\n';
    out += "adstudio_rewards_total{kind=\"conversion\"} " +
           QByteArray::number(m_counters.conversions) + '\n';
    out += "adstudio_rewards_total{kind=\"default\"} " +
           QByteArray::number(m_counters.defaultRewards) + '\n';
    out +=
        "# HELP adstudio_model_updates_total Fine-tuned click models swapped in or kept out.\n"
        "# TYPE adstudio_model_updates_total counter\n";
    out += "adstudio_model_updates_total{result=\"accepted\"} " +
           QByteArray::number(m_counters.modelUpdates) + '\n';
    out += "adstudio_model_updates_total{result=\"rejected\"} " +
           QByteArray::number(m_counters.modelsRejected) + '\n';
    out +=
        "# HELP adstudio_decision_latency_seconds Time to decide, in process.\n"
        "# TYPE adstudio_decision_latency_seconds histogram\n";
    for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
        out += "adstudio_decision_latency_seconds_bucket{le=\"" +
               QByteArray::number(kLatencyBuckets[b], 'g', 6) + "\"} " +
               QByteArray::number(m_counters.latencyCounts[b]) + '\n';
    }
    // Only this process's decisions were timed; replayed ones count in the totals above.
    out += "adstudio_decision_latency_seconds_bucket{le=\"+Inf\"} " +
           QByteArray::number(m_counters.timedDecisions) + '\n';
    out += "adstudio_decision_latency_seconds_sum " +
           QByteArray::number(m_counters.latencySumSeconds, 'g', 9) + '\n';
    out += "adstudio_decision_latency_seconds_count " +
           QByteArray::number(m_counters.timedDecisions) + '\n';
    return out;
}

}  // namespace adstudio
