// SPDX-License-Identifier: MIT
// Serving and the feedback loop on a small demo-world project: the bandit's math, placing known
// and new users, rewards and the event log (replay, torn lines), the simulator's lift, and the
// HTTP server as a separate process (10,000 requests with malformed ones, kill -9 and restart).
#include "common/random.h"
#include "data/demo_truth.h"
#include "data/demo_world.h"
#include "pipeline/pipeline.h"
#include "project/project.h"
#include "serving/bandit.h"
#include "serving/decision_engine.h"
#include "serving/event_log.h"
#include "serving/log_export.h"
#include "serving/off_policy.h"
#include "serving/simulator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <signal.h>

using namespace adstudio;

namespace {

QStringList csvColumn(const QString& path, const QString& column, QStringList* ids) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(',');
    const int index = int(header.indexOf(column));
    QStringList values;
    while (!file.atEnd()) {
        const QStringList fields = QString::fromUtf8(file.readLine()).trimmed().split(',');
        values << fields.value(index);
        *ids << fields.value(0);
    }
    return values;
}

std::map<std::pair<int, QString>, ArmStats> armMap(const DecisionEngine& engine) {
    std::map<std::pair<int, QString>, ArmStats> out;
    for (const auto& arm : engine.arms()) out[{arm.segment, arm.creativeId}] = arm.stats;
    return out;
}

int linesOfType(const QString& path, const QByteArray& type) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return -1;
    int count = 0;
    while (!file.atEnd()) count += file.readLine().contains("\"_type\":\"" + type + "\"");
    return count;
}

qint64 residentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// A served project in a child process: `adstudio-cli serve --port 0`.
class ServerProcess {
public:
    bool start(const QStringList& arguments) {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(ADSTUDIO_CLI),
                        QStringList{"serve", "--port", "0"} + arguments);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 120000) {
            m_process.waitForReadyRead(200);
            m_output += m_process.readAllStandardOutput();
            const int at = int(m_output.indexOf("listening on http://"));
            if (at >= 0 && m_output.indexOf(' ', at + 20) > 0) {
                const QByteArray address =
                    m_output.mid(at + 20, m_output.indexOf(' ', at + 20) - at - 20);
                m_base = QStringLiteral("http://") + QString::fromUtf8(address);
                return true;
            }
            if (m_process.state() != QProcess::Running) break;
        }
        qWarning("%s", (m_output + m_process.readAllStandardError()).constData());
        return false;
    }
    QString url(const QString& path) const { return m_base + path; }
    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    int terminate() {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(30000);
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    void killHard() {
        m_process.kill();
        m_process.waitForFinished(30000);
    }

private:
    QProcess m_process;
    QByteArray m_output;
    QString m_base;
};

struct Reply {
    int status = 0;
    QJsonObject json;
};

// Sends requests with up to `parallel` in flight and waits for all answers.
std::vector<Reply> sendAll(QNetworkAccessManager& network,
                           const std::vector<std::pair<QString, QByteArray>>& requests,
                           int parallel = 6) {
    std::vector<Reply> replies(requests.size());
    std::size_t next = 0, done = 0;
    QEventLoop loop;
    std::function<void()> launch = [&] {
        const std::size_t index = next++;
        QNetworkRequest request(QUrl(requests[index].first));
        QNetworkReply* reply = nullptr;
        if (requests[index].second.isNull()) {
            reply = network.get(request);
        } else {
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            reply = network.post(request, requests[index].second);
        }
        QObject::connect(reply, &QNetworkReply::finished, [&, reply, index] {
            replies[index].status =
                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            replies[index].json = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            ++done;
            if (next < requests.size()) launch();
            if (done == requests.size()) loop.quit();
        });
    };
    for (int i = 0; i < parallel && next < requests.size(); ++i) launch();
    if (!requests.empty()) loop.exec();
    return replies;
}

}  // namespace

class TestServing : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project, m_world;

    std::unique_ptr<DecisionEngine> openEngine(const QString& log = {},
                                               ServingSettings settings = {}) {
        QStringList warnings;
        auto engine = DecisionEngine::open(m_project, log, settings, &warnings);
        if (!engine) qWarning("%s", qPrintable(engine.error().toString()));
        return engine ? std::move(*engine) : nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_world = m_dir.filePath("world");
        DemoWorldOptions world;
        world.users = 800;
        world.items = 80;
        QVERIFY(generateDemoWorld(m_world, world).ok());
        m_project = m_dir.filePath("project");
        PipelineOptions options;
        options.projectDir = m_project;
        options.dataPath = m_world;
        options.fast = true;
        const auto summary = runPipeline(options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().toString()));
        QVERIFY(summary->creatives > 0);
    }

    void betaDrawsHaveTheirMean() {
        Rng rng(7);
        double sum = 0;
        for (int i = 0; i < 20000; ++i) sum += sampleBeta(2, 8, rng);
        QVERIFY(std::abs(sum / 20000 - 0.2) < 0.01);
        sum = 0;
        for (int i = 0; i < 20000; ++i) sum += sampleBeta(0.5, 0.5, rng);
        QVERIFY(std::abs(sum / 20000 - 0.5) < 0.015);
    }

    // The 95% credible interval holds 95% of the posterior's draws; Beta(1, 1)'s is exact.
    void credibleIntervalsHoldTheirMass() {
        const ArmStats flat{0.5, 0, 0};  // strength 2: Beta(1, 1)
        const auto [flatLow, flatHigh] = flat.credibleInterval(2);
        QVERIFY(std::abs(flatLow - 0.025) < 1e-9 && std::abs(flatHigh - 0.975) < 1e-9);
        const ArmStats arm{0.05, 100, 10};  // strength 20: Beta(11, 109)
        const auto [low, high] = arm.credibleInterval(20);
        QVERIFY(low < arm.posteriorMean(20) && arm.posteriorMean(20) < high);
        Rng rng(11);
        int inside = 0;
        for (int i = 0; i < 20000; ++i) {
            const double draw = sampleBeta(arm.alpha(20), arm.beta(20), rng);
            inside += draw >= low && draw <= high;
        }
        QVERIFY2(std::abs(inside / 20000.0 - 0.95) < 0.006, qPrintable(QString::number(inside)));
    }

    // Latency quantiles interpolate within the histogram's bucket, as Prometheus does.
    void latencyQuantilesInterpolateWithinBuckets() {
        ServingCounters counters;
        counters.latencyBucketsSeconds = {1, 2, 3};
        counters.latencyCounts = {50, 90, 100};
        counters.timedDecisions = 100;
        QCOMPARE(counters.latencyQuantileSeconds(0.5), 1.0);
        QVERIFY(std::abs(counters.latencyQuantileSeconds(0.99) - 2.9) < 1e-12);
        counters.timedDecisions = 200;  // half of them slower than the largest bound
        QCOMPARE(counters.latencyQuantileSeconds(0.99), 3.0);
        QCOMPARE(ServingCounters{}.latencyQuantileSeconds(0.5), 0.0);
    }

    void policiesReportTheirChoiceProbabilities() {
        std::vector<ArmStats> arms(3);
        arms[0] = {0.02, 1000, 20};
        arms[1] = {0.10, 1000, 100};
        arms[2] = {0.05, 0, 0};
        Rng rng(1);
        BanditSettings settings;
        int wins = 0;
        for (int i = 0; i < 200; ++i) {
            const BanditChoice choice = chooseArm(arms, settings, rng);
            double total = 0;
            for (double p : choice.probabilities) total += p;
            QCOMPARE(total, 1.0);
            QVERIFY(choice.probability > 0);
            QCOMPARE(choice.probability, choice.probabilities[std::size_t(choice.arm)]);
            wins += choice.arm == 1;
        }
        QVERIFY2(wins > 150, qPrintable(QString::number(wins)));  // the well-proven arm wins
        settings.policy = BanditPolicy::EpsilonGreedy;
        const BanditChoice greedyish = chooseArm(arms, settings, rng);
        QVERIFY(std::abs(greedyish.probabilities[1] - (0.9 + 0.1 / 3)) < 1e-12);
        QVERIFY(std::abs(greedyish.probabilities[0] - 0.1 / 3) < 1e-12);
        settings.policy = BanditPolicy::Uniform;
        QCOMPARE(chooseArm(arms, settings, rng).probability, 1.0 / 3);
    }

    void eventLogReplaysAndCutsATornLine() {
        const QString path = m_dir.filePath("log-test/events.jsonl");
        {
            auto log = EventLog::open(path, std::chrono::milliseconds(5), {}, nullptr);
            QVERIFY(log.ok());
            for (int i = 0; i < 100; ++i) (*log)->append(QJsonObject{{"n", i}});
            QVERIFY((*log)->flush().ok());
            QCOMPARE((*log)->linesCommitted(), qint64(100));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"n\": 100, \"torn");  // a crash mid-line
        file.close();
        int replayed = 0;
        QStringList warnings;
        {
            auto log = EventLog::open(
                path, std::chrono::milliseconds(5),
                [&](const QJsonObject& r, qint64) { QCOMPARE(r.value("n").toInt(), replayed++); },
                &warnings);
            QVERIFY(log.ok());
            QCOMPARE(replayed, 100);
            QCOMPARE(warnings.size(), 1);
            QVERIFY2(warnings[0].contains(":101:") && warnings[0].contains("cut off"),
                     qPrintable(warnings[0]));
            (*log)->append(QJsonObject{{"n", 100}});
        }
        replayed = 0;
        warnings.clear();
        auto again = EventLog::open(
            path, std::chrono::milliseconds(5),
            [&](const QJsonObject& r, qint64) { QCOMPARE(r.value("n").toInt(), replayed++); },
            &warnings);
        QVERIFY(again.ok());
        QCOMPARE(replayed, 101);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
    }

    void knownAndNewUsersArePlaced() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        auto engine = openEngine();
        QVERIFY(engine);
        const QString size = engine->sizes().value(0);
        // Known users sit in their segment.
        for (int i = 0; i < 50; ++i) {
            const auto& user =
                project->segments().users[std::size_t(i * 7 % project->segments().users.size())];
            DecisionRequest request;
            request.user.userId = user.userId;
            request.size = size;
            const auto decision = engine->decide(request);
            QVERIFY2(decision.ok(), decision.ok() ? "" : qPrintable(decision.error().toString()));
            QCOMPARE(decision->segment, user.segment);
            QVERIFY(decision->knownUser);
        }
        // A new user who clicked a segment's top items is placed in that segment.
        int placed = 0;
        const auto& profiles = project->segments().profiles;
        for (const auto& profile : profiles) {
            DecisionRequest request;
            request.user.recentItems = profile.topItems.mid(0, 3);
            request.size = size;
            const auto decision = engine->decide(request);
            QVERIFY(decision.ok());
            QVERIFY(!decision->knownUser);
            placed += decision->segment == profile.id;
        }
        QVERIFY2(placed >= int(profiles.size()) - 1,
                 qPrintable(QString("%1 of %2").arg(placed).arg(profiles.size())));
        // A new user known only by the users table's fields does far better than chance.
        QStringList ids;
        const QStringList ages = csvColumn(QDir(m_world).filePath("users.csv"), "age_band", &ids);
        QStringList otherIds;
        const QStringList devices =
            csvColumn(QDir(m_world).filePath("users.csv"), "device", &otherIds);
        const QStringList interests =
            csvColumn(QDir(m_world).filePath("users.csv"), "interests", &otherIds);
        QHash<QString, int> segmentOf;
        for (const auto& user : project->segments().users)
            segmentOf.insert(user.userId, user.segment);
        int right = 0, tried = 0;
        for (int i = 0; i < ids.size() && tried < 300; i += 2, ++tried) {
            DecisionRequest request;
            request.user.fields = {
                {"age_band", ages[i]}, {"device", devices[i]}, {"interests", interests[i]}};
            request.size = size;
            const auto decision = engine->decide(request);
            QVERIFY2(decision.ok(), decision.ok() ? "" : qPrintable(decision.error().toString()));
            right += decision->segment == segmentOf.value(ids[i]);
        }
        const double chance = 1.0 / double(profiles.size());
        qInfo("new users placed by their fields alone: %d of %d in their segment", right, tried);
        QVERIFY2(double(right) / tried > std::max(0.7, 2 * chance),
                 qPrintable(QString("%1 of %2 right").arg(right).arg(tried)));
        // Nobody to place, or no such size: an error that says what to send.
        DecisionRequest nobody;
        nobody.size = size;
        QVERIFY(!engine->decide(nobody).ok());
        QVERIFY(engine->decide(nobody).error().fix.contains("recent_items"));
        DecisionRequest badSize;
        badSize.user.userId = project->segments().users[0].userId;
        badSize.size = "1x1";
        QVERIFY(engine->decide(badSize).error().fix.contains(size));
    }

    // Known users whose recent clicks place them in another segment: once enough moved, the
    // segments are recomputed in the background; the moved users then sit in their new segment
    // without sending clicks, the others stay, and a restart replays it from the log.
    void movedUsersAreResegmentedInTheBackground() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        const auto& profiles = project->segments().profiles;
        QVERIFY(profiles.size() >= 2);
        const int from = profiles[0].id, to = profiles[1].id;
        QStringList members;
        for (const auto& user : project->segments().users)
            if (user.segment == from) members << user.userId;
        QVERIFY(members.size() > 40);
        // A dozen recent clicks on what the other segment likes and this one does not (a known
        // user's own segment is worth 0.8 against the clicks).
        QStringList theirs;
        for (const QString& item : profiles[1].topItems)
            if (!profiles[0].topItems.contains(item) && theirs.size() < 5) theirs << item;
        QVERIFY(theirs.size() >= 3);
        const QString log = m_dir.filePath("resegment/events.jsonl");
        QString firstMoved;
        ServingSettings settings;
        settings.resegmentAfterMoves = 20;
        const auto placeWithoutClicks = [](DecisionEngine& engine, const QString& user) {
            DecisionRequest request;
            request.user.userId = user;
            request.size = engine.sizes().value(0);
            const auto decision = engine.decide(request);
            return decision ? decision->segment : -1;
        };
        {
            auto engine = openEngine(log, settings);
            QVERIFY(engine);
            QStringList moved;  // in the order they moved: the first 20 are recomputed
            for (int i = 0; i < 30; ++i) {
                DecisionRequest request;
                request.user.userId = members[i];
                request.user.recentItems = theirs + theirs + theirs;
                request.size = engine->sizes().value(0);
                const auto decision = engine->decide(request);
                QVERIFY(decision.ok());
                if (decision->segment == to) moved << members[i];
            }
            QVERIFY2(moved.size() >= 20, qPrintable(QString::number(moved.size())));
            firstMoved = moved.front();
            engine->waitForUpdate();
            QCOMPARE(engine->counters().resegmentations, std::int64_t(1));
            QCOMPARE(engine->counters().usersMoved, std::int64_t(20));
            QCOMPARE(placeWithoutClicks(*engine, firstMoved), to);
            QCOMPARE(placeWithoutClicks(*engine, members[35]), from);
        }
        QCOMPARE(linesOfType(log, "segments"), 1);
        QStringList warnings;
        auto reopened = DecisionEngine::open(m_project, log, settings, &warnings);
        QVERIFY(reopened);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
        QCOMPARE((*reopened)->counters().usersMoved, std::int64_t(20));
        QCOMPARE(placeWithoutClicks(**reopened, firstMoved), to);
        QCOMPARE(placeWithoutClicks(**reopened, members[35]), from);
    }

    void rewardsMoveThePosteriorAtOnce() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        auto engine = openEngine();
        QVERIFY(engine);
        DecisionRequest request;
        request.user.userId = project->segments().users[0].userId;
        request.size = engine->sizes().value(0);
        request.eventId = "e-1";
        auto first = engine->decide(request);
        QVERIFY(first.ok());
        QVERIFY(!engine->decide(request).ok());  // the same eventId twice
        double total = 0;
        for (const auto& r : first->ranking) total += r.probability;
        QVERIFY(std::abs(total - 1) < 1e-9);
        QCOMPARE(first->ranking.front().id, first->creativeId);
        auto armOf = [&](const Decision& d) { return armMap(*engine)[{d.segment, d.creativeId}]; };
        QCOMPARE(engine->reward("e-1", RewardKind::Click), RewardOutcome::Applied);
        QCOMPARE(armOf(*first).clicks, std::int64_t(1));
        QCOMPARE(armOf(*first).settled, std::int64_t(1));
        QCOMPARE(engine->reward("e-1", RewardKind::Conversion, 30), RewardOutcome::Recorded);
        QCOMPARE(armOf(*first).clicks, std::int64_t(1));
        QCOMPARE(engine->reward("nope", RewardKind::Click), RewardOutcome::UnknownEvent);
        request.eventId = "e-2";
        auto second = engine->decide(request);
        QVERIFY(second.ok());
        const std::int64_t settledBefore = armOf(*second).settled;
        // No reward within the wait: the default reward 0, and a late click is refused.
        QCOMPARE(engine->settleExpired(QDateTime::currentMSecsSinceEpoch() + 601 * 1000), 1);
        QCOMPARE(armOf(*second).settled, settledBefore + 1);
        QCOMPARE(engine->reward("e-2", RewardKind::Click), RewardOutcome::TooLate);
    }

    void theLogRebuildsThePosteriors() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        const QString log = m_dir.filePath("replay/events.jsonl");
        std::map<std::pair<int, QString>, ArmStats> before;
        ServingSettings settings;
        settings.flushIntervalMs = 5;
        {
            auto engine = openEngine(log, settings);
            QVERIFY(engine);
            Rng rng(3);
            const auto& users = project->segments().users;
            for (int i = 0; i < 400; ++i) {
                DecisionRequest request;
                request.user.userId = users[std::size_t(rng.below(users.size()))].userId;
                request.size = engine->sizes().value(0);
                const auto decision = engine->decide(request);
                QVERIFY(decision.ok());
                if (rng.bernoulli(0.2))
                    engine->reward(decision->eventId, RewardKind::Click);
                else if (rng.bernoulli(0.7))
                    engine->settle(decision->eventId);
            }
            before = armMap(*engine);
        }
        QCOMPARE(linesOfType(log, "decision"), 400);
        auto engine = openEngine(log, settings);
        QVERIFY(engine);
        QVERIFY(armMap(*engine) == before);
        QCOMPARE(engine->counters().decisions, std::int64_t(400));
        // No raw user id reaches the log.
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(
            !text.contains("\"user\":\"" + project->segments().users[0].userId.toUtf8() + "\""));
        QVERIFY(text.contains("\"_label_cost\":-1"));
    }

    // Clicks drawn from the demo world's truth; every `everyEvents` settled decisions a fine-tune
    // runs inline; better models come in, worse ones are kept out; the log replays it all.
    void onlineUpdatesSwapInOnlyBetterModelsAndReplay() {
        const auto truth = readDemoTruth(QDir(m_world).filePath("truth.json"));
        QVERIFY(truth.ok());
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        QHash<QString, QString> itemOf;
        for (const auto& c : project->creatives()) itemOf.insert(c.id, c.itemId);
        const QString log = m_dir.filePath("online/events.jsonl");
        ServingSettings settings;
        settings.online.enabled = true;
        settings.online.synchronous = true;
        settings.online.everyEvents = 600;
        std::map<std::pair<int, QString>, ArmStats> before;
        std::vector<ModelCheck> checks;
        {
            auto engine = openEngine(log, settings);
            QVERIFY(engine);
            Rng rng(9);
            const auto& users = project->segments().users;
            for (int i = 0; i < 3000; ++i) {
                DecisionRequest request;
                request.user.userId = users[std::size_t(rng.below(users.size()))].userId;
                request.size = "300x250";
                const auto decision = engine->decide(request);
                QVERIFY(decision.ok());
                const double p = truth->clickProbability(request.user.userId,
                                                         itemOf.value(decision->creativeId));
                if (rng.bernoulli(p))
                    engine->reward(decision->eventId, RewardKind::Click);
                else
                    engine->settle(decision->eventId);
            }
            before = armMap(*engine);
            checks = engine->modelChecks();
            QCOMPARE(engine->counters().modelUpdates + engine->counters().modelsRejected,
                     std::int64_t(checks.size()));
        }
        QCOMPARE(int(checks.size()), 5);
        int accepted = 0;
        for (const auto& check : checks) {
            qInfo("%s", QJsonDocument(check.toJson()).toJson(QJsonDocument::Compact).constData());
            QVERIFY(check.heldOutEvents >= 120);
            if (check.accepted)
                QVERIFY(check.newLogloss < check.oldLogloss);
            else
                QVERIFY(!check.reason.isEmpty());
            accepted += check.accepted;
        }
        QVERIFY2(accepted >= 1,
                 "learning from the world's own clicks improves the model at least once");
        QCOMPARE(linesOfType(log, "model"), int(checks.size()));
        settings.online.enabled = false;
        QStringList warnings;
        auto reopened = DecisionEngine::open(m_project, log, settings, &warnings);
        QVERIFY(reopened);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
        QVERIFY(armMap(**reopened) == before);
        // The restart predicts with the last accepted fine-tune's weights, kept beside the log;
        // they are not the project model's.
        const QString weights = (*reopened)->modelWeights();
        QVERIFY2(weights.startsWith(m_dir.filePath("online/models/model-")), qPrintable(weights));
        auto base = RecommenderModel::load(project->modelFolder());
        QVERIFY(base);
        auto tuned = base->withWeights(weights);
        QVERIFY2(tuned, tuned ? "" : qPrintable(tuned.error().toString()));
        const std::vector<std::int32_t> someUsers{0, 1, 2, 3}, someItems{0, 1, 2, 3};
        QVERIFY(tuned->predict(someUsers, someItems) != base->predict(someUsers, someItems));
    }

    // A fine-tune in the background never holds the engine: decisions go on at their pace.
    void decisionsDoNotWaitForAFineTune() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        ServingSettings settings;
        settings.online.enabled = true;
        settings.online.everyEvents = 1500;
        settings.online.fineTune.epochs = 20;  // long enough to decide beside it
        auto engine = openEngine({}, settings);
        QVERIFY(engine);
        const auto& users = project->segments().users;
        Rng rng(4);
        auto timedDecision = [&]() {
            DecisionRequest request;
            request.user.userId = users[std::size_t(rng.below(users.size()))].userId;
            request.size = "300x250";
            QElapsedTimer clock;
            clock.start();
            const auto decision = engine->decide(request);
            const double micros = double(clock.nsecsElapsed()) / 1000.0;
            if (decision.ok()) {
                if (rng.bernoulli(0.3))
                    engine->reward(decision->eventId, RewardKind::Click);
                else
                    engine->settle(decision->eventId);
            }
            return micros;
        };
        auto percentile = [](std::vector<double> v, double q) {
            std::sort(v.begin(), v.end());
            return v[std::size_t(q * double(v.size() - 1))];
        };
        std::vector<double> alone, beside;
        for (int i = 0; i < 1500; ++i) alone.push_back(timedDecision());
        QVERIFY(engine->updating());  // the 1500th settled decision started it
        auto firstDone = [&] {
            const auto c = engine->counters();
            return c.modelUpdates + c.modelsRejected > 0;
        };
        while (!firstDone() && beside.size() < 100000) beside.push_back(timedDecision());
        engine->waitForUpdate();
        QVERIFY2(beside.size() >= 100, qPrintable(QString::number(beside.size())));
        const double p50Alone = percentile(alone, 0.5), p99Alone = percentile(alone, 0.99);
        const double p50Beside = percentile(beside, 0.5), p99Beside = percentile(beside, 0.99);
        qInfo(
            "decision latency alone p50 %.0f us p99 %.0f us; beside a fine-tune (%zu decisions) "
            "p50 %.0f us p99 %.0f us",
            p50Alone, p99Alone, beside.size(), p50Beside, p99Beside);
        // Waiting for the fine-tune would take seconds; sharing the CPUs with it costs far less.
        QVERIFY(p50Beside < 3 * p50Alone + 200);
        QVERIFY(p99Beside < 5 * p99Alone + 2000);
        const auto checks = engine->modelChecks();
        QVERIFY(!checks.empty());
        QVERIFY2(checks[0].heldOutEvents > 0, qPrintable(checks[0].reason));
    }

    void theBanditLearnsAndPaysOff() {
        SimulationOptions options;
        options.steps = 20000;
        options.policies = simulatedPolicyNames();
        options.logPath = m_dir.filePath("sim/events.jsonl");
        const auto report = simulate(m_project, options);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().toString()));
        std::map<QString, PolicyOutcome> by;
        for (const auto& o : report->outcomes) by[o.policy] = o;
        qInfo("%s", QJsonDocument(report->toJson()).toJson(QJsonDocument::Compact).constData());
        const double bandit = by["bandit"].expectedCtr;
        QVERIFY2(bandit >= 1.3 * by["random"].expectedCtr, "personalized serving must pay off");
        QVERIFY2(bandit > by["best-fixed"].expectedCtr, "and beat the best single creative");
        QVERIFY2(by["bandit"].regretSecondHalf < by["bandit"].regretFirstHalf,
                 "regret grows sub-linearly");
        QCOMPARE(linesOfType(options.logPath, "decision"), options.steps);
        // The same seed gives the same run.
        SimulationOptions again = options;
        again.policies = {"bandit"};
        again.logPath.clear();
        const auto repeat = simulate(m_project, again);
        QVERIFY(repeat.ok());
        QCOMPARE(repeat->outcomes[0].clicks, by["bandit"].clicks);
    }

    // Tastes drift inside each segment halfway through (its best- and least-liked items swap
    // appeal): with online updates the click model learns it from the clicks, its priors replace
    // the stale evidence, and the bandit's regret falls back; without, it stays high.
    void onlineUpdatesRecoverFromADrift() {
        auto lastQuarterRegret = [](const PolicyOutcome& o) {
            const auto& curve = o.curve;
            return curve.back().regret - curve[curve.size() * 3 / 4].regret;
        };
        SimulationOptions options;
        options.steps = 16000;
        options.seed = 5;
        options.creativeDrift = true;
        options.serving.online.synchronous = true;  // reproducible
        const auto fixedModel = simulate(m_project, options);
        QVERIFY2(fixedModel.ok(), fixedModel.ok() ? "" : qPrintable(fixedModel.error().toString()));
        options.serving.online.enabled = true;
        const auto updated = simulate(m_project, options);
        QVERIFY2(updated.ok(), updated.ok() ? "" : qPrintable(updated.error().toString()));
        const PolicyOutcome& without = fixedModel->outcomes.front();
        const PolicyOutcome& with = updated->outcomes.front();
        int taken = 0;
        for (const auto& check : with.modelChecks) taken += check.accepted;
        qInfo(
            "second half: CTR %.4f -> %.4f, regret %.1f -> %.1f; last quarter regret %.1f -> "
            "%.1f; %d of %d fine-tunes taken",
            without.ctrSecondHalf, with.ctrSecondHalf, without.regretSecondHalf,
            with.regretSecondHalf, lastQuarterRegret(without), lastQuarterRegret(with), taken,
            int(with.modelChecks.size()));
        QVERIFY(taken > 0);
        QVERIFY2(with.regretSecondHalf < 0.8 * without.regretSecondHalf,
                 "updates pay after a drift");
        QVERIFY2(lastQuarterRegret(with) < 0.6 * lastQuarterRegret(without),
                 "with updates the bandit recovers; without, it keeps losing");
    }

    void offPolicyEstimatesCoverTheSimulatedCtr() {
        // A log from the uniform logging policy, and the truth of the policy to evaluate.
        SimulationOptions logging;
        logging.steps = 20000;
        logging.seed = 5;
        logging.policies = {"bandit"};
        logging.serving.bandit.policy = BanditPolicy::Uniform;
        logging.logPath = m_dir.filePath("ope/uniform.jsonl");
        const auto logged = simulate(m_project, logging);
        QVERIFY(logged.ok());
        SimulationOptions truth = logging;
        truth.policies = {"segment-greedy"};
        truth.logPath.clear();
        const auto target = simulate(m_project, truth);
        QVERIFY(target.ok());
        const auto rounds = readLoggedRounds(logging.logPath);
        QVERIFY2(rounds.ok(), rounds.ok() ? "" : qPrintable(rounds.error().toString()));
        QCOMPARE(int(rounds->rounds.size()), logging.steps);
        int served = 0;
        for (const auto& counts : servedCountsByCreative(rounds.value()))
            served += counts.impressions;
        QCOMPARE(served, logging.steps);
        for (const auto& [policy, value] :
             {std::pair{QString("segment-greedy"), target->outcomes[0].expectedCtr},
              {QString("uniform"), logged->outcomes[0].expectedCtr}}) {
            const auto evaluation = evaluatePolicy(rounds.value(), policy);
            QVERIFY(evaluation.ok());
            qInfo("%s: simulated %.4f, %s", qPrintable(policy), value,
                  QJsonDocument(evaluation->toJson()).toJson(QJsonDocument::Compact).constData());
            for (const Estimate& e : {evaluation->ips, evaluation->snips, evaluation->dr}) {
                QVERIFY2(e.low <= value && value <= e.high,
                         qPrintable(QString("%1: [%2, %3] misses %4")
                                        .arg(policy)
                                        .arg(e.low)
                                        .arg(e.high)
                                        .arg(value)));
                QVERIFY(e.high - e.low < 0.05);
            }
        }
        // The same log for Vowpal Wabbit and Open Bandit Pipeline.
        const auto dsjson = exportLogAsDsjson(logging.logPath, m_dir.filePath("ope/vw.dsjson"));
        QVERIFY(dsjson.ok());
        QCOMPARE(dsjson.value().rounds, logging.steps);
        QFile vw(m_dir.filePath("ope/vw.dsjson"));
        QVERIFY(vw.open(QIODevice::ReadOnly));
        const QJsonObject first = QJsonDocument::fromJson(vw.readLine()).object();
        QCOMPARE(first.value("_label_probability").toDouble(),
                 first.value("p").toArray().at(0).toDouble());
        QCOMPARE(first.value("_labelIndex").toInt(), first.value("_label_Action").toInt() - 1);
        const auto obp = exportLogForOpenBanditPipeline(logging.logPath, m_dir.filePath("ope/obp"));
        QVERIFY(obp.ok());
        QCOMPARE(obp.value().rounds, logging.steps);
        QFile feedback(m_dir.filePath("ope/obp/bandit_feedback.csv"));
        QVERIFY(feedback.open(QIODevice::ReadOnly));
        QCOMPARE(feedback.readAll().count('\n'), logging.steps + 1);
        // A greedy logging policy gives the other actions no probability: evaluation says so.
        SimulationOptions greedy = logging;
        greedy.serving.bandit.policy = BanditPolicy::Greedy;
        greedy.steps = 2000;
        greedy.logPath = m_dir.filePath("ope/greedy.jsonl");
        QVERIFY(simulate(m_project, greedy).ok());
        const auto greedyRounds = readLoggedRounds(greedy.logPath);
        QVERIFY(greedyRounds.ok());
        const auto biased = evaluatePolicy(greedyRounds.value(), "uniform");
        QVERIFY(biased.ok());
        QVERIFY(biased->warnings.join(' ').contains("no probability"));

        // Preflight of the project's own set is segment-greedy over it: the same estimates.
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        std::vector<CandidateCreative> set;
        for (const Creative& c : project->creatives())
            if (c.servable(false)) set.push_back({c.id, c.segment, c.size, c.predictedCtr});
        const auto own = evaluateCreativeSet(rounds.value(), set);
        const auto greedyOnLog = evaluatePolicy(rounds.value(), "segment-greedy");
        QVERIFY(own.ok() && greedyOnLog.ok());
        QCOMPARE(own->rounds, logging.steps);
        QCOMPARE(own->ips.estimate, greedyOnLog->ips.estimate);
        QCOMPARE(own->dr.low, greedyOnLog->dr.low);
        // A new creative per segment that the log never showed, predicted above every creative
        // of the set (so the set's policy picks it): no support, so IPS sees no click and DR
        // takes the click model's prediction; the warning says so.
        double highest = 0;
        for (const CandidateCreative& c : set) highest = std::max(highest, c.predictedCtr);
        const double freshCtr = std::min(1.0, highest + 0.05);
        for (int s = 0; s < int(project->segments().profiles.size()); ++s)
            set.push_back({QString("fresh-%1").arg(s), s, logged->size, freshCtr});
        const auto fresh = evaluateCreativeSet(rounds.value(), set);
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->ips.estimate, 0.0);
        QVERIFY(std::abs(fresh->dr.estimate - freshCtr) < 1e-9);
        QVERIFY2(fresh->warnings.join(' ').contains("no support"),
                 qPrintable(fresh->warnings.join('\n')));
        // The same preflight from the command line, on the project's current set.
        QProcess cli;
        cli.start(QStringLiteral(ADSTUDIO_CLI),
                  {"evaluate-policy", "--project", m_project, "--log", logging.logPath, "--policy",
                   "creative-set", "--json"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject printed = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(printed.value("policy").toString(), QString("creative-set"));
        QCOMPARE(printed.value("rounds").toInt(), logging.steps);
        QCOMPARE(printed.value("estimators")
                     .toObject()
                     .value("ips")
                     .toObject()
                     .value("estimate")
                     .toDouble(),
                 own->ips.estimate);
    }

    void theServerSurvivesMalformedTrafficAndKeepsItsLog() {
        const QString log = m_dir.filePath("http/events.jsonl");
        ServerProcess server;
        QVERIFY(server.start({"--project", m_project, "--log", log, "--flush-ms", "10"}));
        QNetworkAccessManager network;
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        const auto& users = project->segments().users;
        const QString size = project->creatives().front().size;
        const QStringList malformed{"{not json",
                                    "[]",
                                    "{\"user\": \"1\"}",
                                    "{\"user\": \"1\", \"size\": \"1x1\"}",
                                    "{\"size\": \"" + size + "\"}",
                                    "{\"user\": {\"x\": 1}, \"size\": \"" + size + "\"}",
                                    "{\"user\": \"no-such-user\", \"size\": \"" + size + "\"}",
                                    "{\"features\": 3, \"size\": \"" + size + "\"}",
                                    QString(70000, 'x')};
        Rng rng(11);
        int valid = 0, malformedSent = 0;
        qint64 residentAtStart = -1;
        for (int batch = 0; batch < 20; ++batch) {
            std::vector<std::pair<QString, QByteArray>> requests;
            std::vector<bool> isMalformed;
            for (int i = 0; i < 500; ++i) {
                const bool bad = rng.bernoulli(0.05);
                QByteArray body =
                    bad ? malformed[int(rng.below(std::uint64_t(malformed.size())))].toUtf8()
                        : QJsonDocument(
                              QJsonObject{
                                  {"user", users[std::size_t(rng.below(users.size()))].userId},
                                  {"size", size}})
                              .toJson(QJsonDocument::Compact);
                requests.emplace_back(server.url("/v1/rank"), body);
                isMalformed.push_back(bad);
            }
            const auto replies = sendAll(network, requests);
            std::vector<std::pair<QString, QByteArray>> rewards;
            for (std::size_t i = 0; i < replies.size(); ++i) {
                if (isMalformed[i]) {
                    ++malformedSent;
                    QVERIFY2(replies[i].status >= 400 && replies[i].status < 500,
                             qPrintable(QString("%1 for %2")
                                            .arg(replies[i].status)
                                            .arg(QString::fromUtf8(requests[i].second.left(80)))));
                    QVERIFY(replies[i].json.contains("error"));
                } else {
                    QCOMPARE(replies[i].status, 200);
                    ++valid;
                    if (rng.bernoulli(0.1))
                        rewards.emplace_back(
                            server.url("/v1/events/" + replies[i].json.value("eventId").toString() +
                                       "/reward"),
                            QByteArray("{\"kind\": \"click\"}"));
                }
            }
            for (const auto& reply : sendAll(network, rewards)) QCOMPARE(reply.status, 200);
            if (batch == 1) residentAtStart = residentKiB(server.pid());
            QVERIFY(server.running());
        }
        QVERIFY(malformedSent > 300);
        const qint64 residentAtEnd = residentKiB(server.pid());
#if defined(__SANITIZE_ADDRESS__)
        // ASan holds freed memory in its quarantine (256 MB) on purpose: no leak check there.
        residentAtStart = std::max(residentAtStart, residentAtEnd);
#endif
        QVERIFY2(residentAtEnd <= residentAtStart * 1.1,
                 qPrintable(QString("resident memory %1 KiB -> %2 KiB")
                                .arg(residentAtStart)
                                .arg(residentAtEnd)));
        const auto health = sendAll(network, {{server.url("/v1/health"), QByteArray()},
                                              {server.url("/v1/metrics"), QByteArray()}});
        QCOMPARE(health[0].status, 200);
        QCOMPARE(health[1].status, 200);
        QCOMPARE(server.terminate(), 0);  // SIGTERM: the log is flushed, exit 0
        QCOMPARE(linesOfType(log, "decision"), valid);
    }

    void offLoopbackTheServerNeedsAToken() {
        QProcess open;
        open.start(QStringLiteral(ADSTUDIO_CLI),
                   {"serve", "--project", m_project, "--host", "0.0.0.0", "--port", "0"});
        QVERIFY(open.waitForFinished(120000));
        QCOMPARE(open.exitCode(), 1);
        QVERIFY(open.readAllStandardError().contains("--token-file"));
        const QString tokenFile = m_dir.filePath("token");
        QFile token(tokenFile);
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("0123456789abcdef0123456789abcdef\n");
        token.close();
        ServerProcess server;
        QVERIFY(server.start({"--project", m_project, "--token-file", tokenFile, "--log",
                              m_dir.filePath("with-token/events.jsonl")}));
        QNetworkAccessManager network;
        const QByteArray body = "{\"user\": \"" +
                                Project::open(m_project)->segments().users[0].userId.toUtf8() +
                                "\", \"size\": \"300x250\"}";
        QCOMPARE(sendAll(network, {{server.url("/v1/rank"), body}})[0].status, 401);
        QNetworkRequest request(QUrl(server.url("/v1/rank")));
        request.setRawHeader("Authorization", "Bearer 0123456789abcdef0123456789abcdef");
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = network.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        QCOMPARE(server.terminate(), 0);
    }

    void killedDuringTrafficTheLogRebuildsThePosteriors() {
        const QString log = m_dir.filePath("kill/events.jsonl");
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        const auto& users = project->segments().users;
        const QString size = project->creatives().front().size;
        QNetworkAccessManager network;
        auto traffic = [&](ServerProcess& server, int count, int seed) {
            Rng rng{std::uint64_t(seed)};
            std::vector<std::pair<QString, QByteArray>> requests;
            for (int i = 0; i < count; ++i)
                requests.emplace_back(
                    server.url("/v1/rank"),
                    QJsonDocument(
                        QJsonObject{{"user", users[std::size_t(rng.below(users.size()))].userId},
                                    {"size", size}})
                        .toJson(QJsonDocument::Compact));
            std::vector<std::pair<QString, QByteArray>> rewards;
            for (const auto& reply : sendAll(network, requests)) {
                if (reply.status == 200 && rng.bernoulli(0.15))
                    rewards.emplace_back(
                        server.url("/v1/events/" + reply.json.value("eventId").toString() +
                                   "/reward"),
                        QByteArray("{\"kind\": \"click\"}"));
            }
            sendAll(network, rewards);
        };
        auto posteriors = [&](ServerProcess& server) {
            return QJsonDocument(
                       sendAll(network, {{server.url("/v1/posteriors"), QByteArray()}})[0].json)
                .toJson();
        };
        // Quiet moment: what the server holds is on disk after one flush interval.
        ServerProcess first;
        QVERIFY(first.start({"--project", m_project, "--log", log, "--flush-ms", "10"}));
        traffic(first, 1500, 1);
        QThread::msleep(200);
        const QByteArray before = posteriors(first);
        first.killHard();
        ServerProcess second;
        QVERIFY(second.start({"--project", m_project, "--log", log, "--flush-ms", "10"}));
        QCOMPARE(posteriors(second), before);
        // Killed in the middle of traffic: it restarts and holds exactly what its log says.
        QProcess::startDetached("/bin/sh",
                                {"-c", QString("sleep 1; kill -9 %1").arg(second.pid())});
        traffic(second, 4000, 2);
        QVERIFY(!second.running());
        ServerProcess third;
        QVERIFY(third.start({"--project", m_project, "--log", log, "--flush-ms", "10"}));
        const QByteArray afterRestart = posteriors(third);
        QCOMPARE(third.terminate(), 0);
        auto replayed = openEngine(log);
        QVERIFY(replayed);
        QByteArray fromLog;
        {
            QJsonArray arms;
            for (const auto& arm : replayed->arms()) {
                const auto [low, high] = arm.stats.credibleInterval(20);
                arms.append(QJsonObject{{"segment", arm.segment},
                                        {"creative", arm.creativeId},
                                        {"prior", arm.stats.priorMean},
                                        {"settled", double(arm.stats.settled)},
                                        {"clicks", double(arm.stats.clicks)},
                                        {"alpha", arm.stats.alpha(20)},
                                        {"beta", arm.stats.beta(20)},
                                        {"mean", arm.stats.posteriorMean(20)},
                                        {"low", low},
                                        {"high", high}});
            }
            fromLog = QJsonDocument(QJsonObject{{"arms", arms}}).toJson();
        }
        QCOMPARE(afterRestart, fromLog);
        QVERIFY(linesOfType(log, "decision") > 1500);
    }

    // Which creatives may be served is the project's setting (serve --approved-only keeps it).
    void approvedOnlyIsAProjectSetting() {
        auto project = Project::open(m_project);
        QVERIFY(project.ok());
        QVERIFY(project->setServeApprovedOnly(true).ok());
        auto none = DecisionEngine::open(m_project, {}, ServingSettings{});
        QVERIFY(!none.ok());
        QVERIFY(none.error().what.contains("no creative is approved"));
        const int approved = 0;
        QVERIFY(project->setReview(approved, "approved", {}).ok());
        auto one = DecisionEngine::open(m_project, {}, ServingSettings{});
        QVERIFY(one.ok());
        QCOMPARE(one.value()->sizes(), QStringList{project->creatives()[approved].size});
        QVERIFY(Project::open(m_project)->manifest().serveApprovedOnly);
        QVERIFY(project->setReview(approved, "pending", {}).ok());
        QVERIFY(project->setServeApprovedOnly(false).ok());
    }
};

QTEST_MAIN(TestServing)
#include "test_serving.moc"
