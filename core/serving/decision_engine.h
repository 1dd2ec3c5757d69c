// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "serving/bandit.h"
#include "serving/online_update.h"
#include "serving/segment_locator.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace adstudio {

class EventLog;
class Project;
class UserHasher;

struct ServingSettings {
    BanditSettings bandit;
    bool approvedOnly = false;  // serve approved creatives only; otherwise all not rejected
    // A decision whose reward has not come within this time gets the default reward 0 (Azure
    // Personalizer's convention).
    double rewardWaitSeconds = 600;
    int flushIntervalMs = 20;  // group commit of the event log
    std::uint64_t seed = 42;
    OnlineUpdateSettings online;  // re-tuning the click model on logged clicks
    // Known users whose recent clicks placed them in another segment than their own: once this
    // many have moved (0: 5% of the known users, at least 50), the segments are recomputed in
    // the background with them in their new segments. Negative (the default): never — measured
    // on the demo world's drift it lowered the second-half CTR (0.141 against 0.177), because
    // the segments' item means come from the model, which still scores moved users by their old
    // tastes.
    int resegmentAfterMoves = -1;
};

struct DecisionRequest {
    QString eventId;  // empty: the engine makes one
    UserEvidence user;
    QString size;  // "300x250"
};

struct RankedCreative {
    QString id;
    double probability = 0;
};

struct Decision {
    QString eventId;
    QString creativeId;
    int segment = 0;
    QString segmentName;
    bool knownUser = false;
    double probability = 1;  // with which the creative was chosen
    double predictedCtr = 0;
    std::vector<RankedCreative> ranking;  // the chosen one, then the others by probability
};

enum class RewardKind { Click, Conversion };
std::optional<RewardKind> rewardKindFromName(const QString& name);  // request_parse.cpp

enum class RewardOutcome {
    Applied,       // first reward of the event: the posterior moved
    Recorded,      // a further reward (a conversion after the click): logged, posterior as is
    UnknownEvent,  // no such decision
    TooLate        // the wait ran out and the default reward was given
};

// One arm's state as the engine holds it.
struct ArmState {
    int segment = 0;
    QString creativeId;
    ArmStats stats;
};

struct ServingCounters {
    std::int64_t decisions = 0, clicks = 0, conversions = 0, defaultRewards = 0;
    std::int64_t modelUpdates = 0, modelsRejected = 0;
    std::int64_t resegmentations = 0, usersMoved = 0;  // recomputed segments, users they moved
    std::vector<double> latencyBucketsSeconds;         // upper bounds
    std::vector<std::int64_t> latencyCounts;           // cumulative, Prometheus style
    double latencySumSeconds = 0;
    std::int64_t timedDecisions = 0;  // decided by this process (replayed ones are not timed)

    // The q-quantile of the decision latency, interpolated within its histogram bucket as
    // Prometheus' histogram_quantile does; 0 before any timed decision.
    double latencyQuantileSeconds(double q) const;
};

// Serving's decisions for one project: places each user in a segment, lets a bandit choose
// among the segment's eligible creatives at the requested size, and learns from rewards. Every
// decision and reward goes to the event log (Vowpal Wabbit DSJSON names, user ids HMAC-hashed),
// which is replayed on open to rebuild the posteriors. Thread-safe.
class DecisionEngine {
public:
    // `eventLogPath` empty: nothing is logged (a simulation in memory).
    static Result<std::unique_ptr<DecisionEngine>> open(const QString& projectFolder,
                                                        const QString& eventLogPath,
                                                        const ServingSettings& settings,
                                                        QStringList* warnings = nullptr);
    ~DecisionEngine();

    // A request error (unknown size, nobody to place) comes back as an Error for the caller.
    Result<Decision> decide(const DecisionRequest& request);
    RewardOutcome reward(const QString& eventId, RewardKind kind, double value = 1);
    // Gives the default reward to decisions whose wait ran out by `nowMs` (0: the clock's now).
    int settleExpired(qint64 nowMs = 0);
    // Gives the default reward now to one decision if it has none (the user has left).
    bool settle(const QString& eventId);
    Status flush();
    // False once the event log could not be written: decisions would no longer be recorded.
    bool logHealthy() const;

    QStringList sizes() const;
    QStringList segmentNames() const;
    QString creativeImagePath(const QString& creativeId) const;  // empty when unknown
    std::vector<ArmState> arms() const;
    ServingCounters counters() const;
    // Prometheus text exposition of decisions, rewards, CTR per segment and creative, latency.
    QByteArray prometheusMetrics() const;
    const ServingSettings& settings() const { return m_settings; }
    // Online updates: whether a fine-tune runs now, and the checks of those done so far.
    bool updating() const;
    std::vector<ModelCheck> modelChecks() const;
    // The fine-tuned weights serving predicts with (a file beside the event log); empty while
    // it uses the project's model.
    QString modelWeights() const;
    // Waits for a background fine-tune to finish (tests, shutdown).
    void waitForUpdate();
    // For a simulation: the clock (ms since the epoch) used for timestamps and waits.
    void setClock(std::function<qint64()> clock);

private:
    struct Candidate;
    struct Pending {
        int segment = 0;
        QString creativeId;
        double probability = 1;
        int action = 1;  // 1-based index in the decision's action list (DSJSON)
        bool rewarded = false;
        std::int32_t userIndex = -1;  // the model's index of a known user (online updates)
    };
    DecisionEngine() = default;
    void replay(const QJsonObject& record, qint64 line, QStringList* warnings);
    ArmStats& arm(int segment, const QString& creativeId);
    void applyReward(Pending& pending, bool clicked);
    void giveDefaultReward(const QString& eventId, Pending& pending, qint64 atMs);
    void maybeStartUpdate();
    void applyUpdate(const Result<OnlineUpdate>& update);
    void noteMove(const QString& userId, int segment);
    void maybeStartResegmentation();
    // Gives the users in `moves` their new segments and places users by the segments so changed.
    void applyMoves(const QHash<QString, int>& moves, std::shared_ptr<SegmentLocator> locator);
    void replayMoves(const QJsonObject& record, QStringList* warnings);
    void resumeFineTunedModel(QStringList* warnings);
    void takeModelRecord(const QJsonObject& record);
    void recordLatency(double seconds);
    qint64 now() const;
    QString newEventId();

    mutable std::mutex m_mutex;
    ServingSettings m_settings;
    QString m_folder;
    std::shared_ptr<SegmentLocator> m_locator;
    std::shared_ptr<RecommenderModel> m_model;
    ProjectSegments m_segments;
    QHash<QString, std::int32_t> m_userIndex, m_itemIndex;
    std::unique_ptr<UserHasher> m_hasher;
    std::unique_ptr<EventLog> m_log;
    QString m_logPath;
    QStringList m_segmentNames;
    // size -> segment -> eligible creatives
    QHash<QString, std::vector<std::vector<std::shared_ptr<Candidate>>>> m_eligible;
    QHash<QString, std::shared_ptr<Candidate>> m_creatives;
    std::map<std::pair<int, QString>, ArmStats> m_arms;
    QHash<QString, Pending> m_pending;
    QSet<QString> m_defaulted;  // settled with the default reward: a late reward is refused
    std::deque<std::pair<qint64, QString>> m_deadlines;  // in decision order
    ServingCounters m_counters;
    std::map<std::pair<int, QString>, std::pair<std::int64_t, std::int64_t>>
        m_served;  // shown, clicked
    std::function<qint64()> m_clock;
    // Online updates.
    std::deque<LabeledEvent> m_events;
    int m_eventsSinceUpdate = 0;
    qint64 m_lastUpdateMs = 0;
    bool m_updating = false;
    std::vector<ModelCheck> m_checks;
    QString m_replayedWeights;  // the last accepted model's weights the log names
    QString m_weightsInUse;
    std::thread m_updater;
    // Re-segmentation: users moved since the last one (id -> segment), and the job doing it.
    QHash<QString, int> m_moved;
    bool m_resegmenting = false;
    std::thread m_resegmenter;
    QHash<QString, QString> m_userOfHash;  // filled when a log with moves is replayed
    Rng m_rng{42};
};

}  // namespace adstudio
