// SPDX-License-Identifier: MIT
#include "project/project.h"

#include "common/atomic_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace adstudio {

namespace {

const QString kManifestFile = QStringLiteral("project.json");
const QString kSegmentsFile = QStringLiteral("segments.json");
const QString kCreativesFile = QStringLiteral("creatives/creatives.json");

QString nowUtc() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QString creativeImage(const QString& folder, const QString& id) {
    return QDir(folder).filePath(QStringLiteral("creatives/") + id + QStringLiteral(".png"));
}

Result<std::vector<Creative>> readCreatives(const QString& folder) {
    const QString file = QDir(folder).filePath(kCreativesFile);
    std::vector<Creative> list;
    if (!QFileInfo::exists(file)) return list;  // a new project has none yet
    auto json = readJsonFile(file, QStringLiteral("generate the creatives again"));
    if (!json) return json.error();
    for (const auto& value : json->value("creatives").toArray()) {
        Creative c = Creative::fromJson(value.toObject());
        c.image = QImage(creativeImage(folder, c.id));
        if (c.image.isNull())
            return makeError(creativeImage(folder, c.id), 0, 0,
                             QStringLiteral("the creative's image is missing or unreadable"),
                             QStringLiteral("generate the creatives again"));
        list.push_back(std::move(c));
    }
    return list;
}

// The highest "-rN" round among creative ids (projects before format 2 kept it only there).
int roundsFromIds(const std::vector<Creative>& creatives) {
    static const QRegularExpression round(QStringLiteral("-r(\\d+)$"));
    int rounds = 0;
    for (const Creative& c : creatives)
        if (const auto match = round.match(c.id); match.hasMatch())
            rounds = std::max(rounds, match.captured(1).toInt());
    return rounds;
}

}  // namespace

Result<Project> Project::open(const QString& folder) {
    const QDir dir(folder);
    const QString manifestFile = dir.filePath(kManifestFile);
    auto json = readJsonFile(
        manifestFile, QStringLiteral("open a folder written by AdStudio (it holds project.json)"));
    if (!json) return json.error();
    auto manifest = readProjectManifest(*json, manifestFile, dir.absolutePath());
    if (!manifest) return manifest.error();
    Project project;
    project.m_manifestUpgraded = json->value("version").toInt() < kProjectFormatVersion;
    project.m_folder = dir.absolutePath();
    project.m_manifest = std::move(manifest.value());
    if (QFileInfo::exists(dir.filePath(kSegmentsFile))) {
        auto segmentsJson =
            readJsonFile(dir.filePath(kSegmentsFile), QStringLiteral("segment the users again"));
        if (!segmentsJson) return segmentsJson.error();
        auto segments = ProjectSegments::fromJson(*segmentsJson, dir.filePath(kSegmentsFile));
        if (!segments) return segments.error();
        project.m_segments = std::move(segments.value());
    }
    auto creatives = readCreatives(project.m_folder);
    if (!creatives) return creatives.error();
    project.m_creatives = std::move(creatives.value());
    if (project.m_manifest.regenerationRounds < 0)
        project.m_manifest.regenerationRounds = roundsFromIds(project.m_creatives);
    return project;
}

Result<Project> Project::create(const QString& folder, const QString& dataPath,
                                const DataSettings& settings, bool demo) {
    const QDir dir(folder);
    if (dir.exists() && !dir.isEmpty())
        return makeError(folder, 0, 0, QStringLiteral("the folder is not empty"),
                         QStringLiteral("choose an empty or new folder for the project"));
    if (!QDir().mkpath(folder))
        return makeError(folder, 0, 0, QStringLiteral("cannot create the folder"),
                         QStringLiteral("check permissions and free space"));
    Project project;
    project.m_folder = dir.absolutePath();
    ProjectManifest manifest;
    manifest.created = nowUtc();
    manifest.data = project.stored(dataPath);
    manifest.demo = demo;
    manifest.dataSettings = settings;
    if (Status s = project.saveManifest(std::move(manifest)); !s) return s.error();
    return project;
}

QString Project::filePath(const QString& relative) const {
    return QDir(m_folder).filePath(relative);
}

QString Project::absolute(const QString& stored) const {
    return stored.isEmpty() ? QString() : QDir::cleanPath(QDir(m_folder).absoluteFilePath(stored));
}

QString Project::stored(const QString& path) const {
    if (path.isEmpty()) return {};
    const QString full = QFileInfo(path).absoluteFilePath();
    const QString relative = QDir(m_folder).relativeFilePath(full);
    // Inside the folder: relative, so the folder can move. Outside: absolute, so it still opens
    // from a copy of the folder on the same machine.
    return relative.startsWith(QLatin1String("..")) ? QDir::cleanPath(full) : relative;
}

QString Project::dataPath() const {
    return absolute(m_manifest.data);
}

Status Project::setDataSource(const QString& path, const DataSettings& settings, bool demo) {
    ProjectManifest next = m_manifest;
    next.data = stored(path);
    next.dataSettings = settings;
    next.demo = demo;
    return saveManifest(std::move(next));
}

Status Project::setDataSettings(const DataSettings& settings) {
    ProjectManifest next = m_manifest;
    next.dataSettings = settings;
    return saveManifest(std::move(next));
}

QString Project::modelFolder() const {
    return absolute(m_manifest.modelFolder);
}

QString Project::ganFolder() const {
    return absolute(m_manifest.ganFolder);
}

QString newRunFolderUnder(const QString& base, const QString& name) {
    const QString stem =
        QDir(base).filePath(QStringLiteral("runs/") + name + '-' +
                            QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss"));
    QString candidate = stem;
    for (int n = 2; QFileInfo::exists(candidate); ++n) candidate = stem + '-' + QString::number(n);
    return candidate;
}

QString Project::newRunFolder(const QString& name) const {
    return newRunFolderUnder(m_folder, name);
}

Status Project::adoptRun(ProjectRunKind kind, const QString& folder, const QJsonObject& metrics) {
    ProjectManifest next = m_manifest;
    const QString relative = stored(folder);
    (kind == ProjectRunKind::Gan ? next.ganFolder : next.modelFolder) = relative;
    // One entry per folder: a re-run of the same folder replaces its record.
    auto& runs = next.runs;
    runs.erase(std::remove_if(runs.begin(), runs.end(),
                              [&](const ProjectRun& r) { return r.folder == relative; }),
               runs.end());
    runs.push_back({kind, relative, nowUtc(), metrics});
    return saveManifest(std::move(next));
}

Status Project::setServeApprovedOnly(bool approvedOnly) {
    ProjectManifest next = m_manifest;
    next.serveApprovedOnly = approvedOnly;
    return saveManifest(std::move(next));
}

Status Project::setStages(const std::vector<ProjectStage>& stages) {
    ProjectManifest next = m_manifest;
    next.stages = stages;
    return saveManifest(std::move(next));
}

Status Project::setSegments(ProjectSegments segments) {
    if (Status s = saveUpgradedManifest(); !s) return s;
    if (Status s = writeJsonFile(filePath(kSegmentsFile), segments.toJson()); !s) return s;
    m_segments = std::move(segments);
    return {};
}

int Project::indexOfCreative(const QString& id) const {
    for (std::size_t i = 0; i < m_creatives.size(); ++i)
        if (m_creatives[i].id == id) return int(i);
    return -1;
}

Status Project::setCreatives(std::vector<Creative> creatives) {
    if (Status s = saveUpgradedManifest(); !s) return s;
    if (Status s = saveCreatives(creatives); !s) return s;
    QSet<QString> kept;
    for (const Creative& c : creatives) kept.insert(c.id);
    // Old pictures go only once the new list is safely on disk.
    for (const Creative& old : m_creatives)
        if (!kept.contains(old.id)) QFile::remove(creativeImage(m_folder, old.id));
    m_creatives = std::move(creatives);
    return {};
}

Status Project::setReview(int index, const QString& review, const QString& note) {
    if (index < 0 || index >= int(m_creatives.size()))
        return makeError(filePath(kCreativesFile), 0, 0,
                         QStringLiteral("no creative number %1").arg(index),
                         QStringLiteral("reopen the project"));
    if (Status s = saveUpgradedManifest(); !s) return s;
    std::vector<Creative> next = m_creatives;
    next[std::size_t(index)].review = review;
    next[std::size_t(index)].note = note;
    if (Status s = saveCreatives(next); !s) return s;
    m_creatives = std::move(next);
    return {};
}

Status Project::replacePending(int segment, const QString& size, std::vector<Creative> fresh) {
    std::vector<Creative> next;
    for (const Creative& c : m_creatives) {
        const bool targeted =
            (segment < 0 || c.segment == segment) && (size.isEmpty() || c.size == size);
        if (!(targeted && c.review == QLatin1String("pending"))) next.push_back(c);
    }
    for (Creative& c : fresh) next.push_back(std::move(c));
    // The round is counted first: should the list then fail to save, a round number is skipped,
    // never reused, and memory still matches the disk.
    ProjectManifest manifest = m_manifest;
    ++manifest.regenerationRounds;
    if (Status s = saveManifest(std::move(manifest)); !s) return s;
    return setCreatives(std::move(next));
}

QString Project::nextRegenerationSuffix() const {
    return QStringLiteral("-r%1").arg(nextRegenerationRound());
}

Status Project::saveManifest(ProjectManifest manifest) {
    manifest.modified = nowUtc();
    if (manifest.created.isEmpty()) manifest.created = manifest.modified;
    if (Status s = writeJsonFile(filePath(kManifestFile), manifest.toJson()); !s) return s;
    m_manifest = std::move(manifest);
    m_manifestUpgraded = false;
    return {};
}

Status Project::saveUpgradedManifest() {
    return m_manifestUpgraded ? saveManifest(m_manifest) : Status{};
}

Status Project::saveCreatives(const std::vector<Creative>& creatives) const {
    QJsonArray array;
    for (const Creative& c : creatives) array.append(c.toJson());
    if (!QDir().mkpath(filePath(QStringLiteral("creatives"))))
        return makeError(filePath(QStringLiteral("creatives")), 0, 0,
                         QStringLiteral("cannot create the creatives folder"),
                         QStringLiteral("check permissions and free space"));
    return writeJsonFile(filePath(kCreativesFile), {{"creatives", array}});
}

QString Project::brandKitPathIn(const QString& projectFolder) {
    return QDir(projectFolder).filePath(QStringLiteral("brand/brand.json"));
}

}  // namespace adstudio
