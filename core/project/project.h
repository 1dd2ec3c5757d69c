// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "creative/creative.h"
#include "data/data_settings.h"
#include "project/project_manifest.h"
#include "project/project_segments.h"

#include <QString>

#include <vector>

namespace adstudio {

// A fresh, unused run folder "<base>/runs/<name>-<yyyyMMdd-HHmmss>" (not created): the one
// naming of training runs, in a project (base: its folder) or outside one (the app's folder).
QString newRunFolderUnder(const QString& base, const QString& name);

// A project folder, AdStudio's document: project.json (the manifest), segments.json and the
// creatives with their review state (creatives/creatives.json + one PNG each). The GUI, the CLI
// and the pipeline read and write a project only through this class, which needs no window.
// Every change is written at once and atomically; a change whose write fails is reported and
// leaves the in-memory project as it was, so memory and disk never diverge.
class Project {
public:
    // Opens a folder written by any AdStudio (older formats are upgraded in memory; the next
    // save writes the current format). A newer or unknown format is refused.
    static Result<Project> open(const QString& folder);
    // A new project over a data source (may be empty, set later). The folder must be empty or
    // absent.
    static Result<Project> create(const QString& folder, const QString& dataPath,
                                  const DataSettings& settings, bool demo = false);

    const QString& folder() const { return m_folder; }
    const ProjectManifest& manifest() const { return m_manifest; }
    QString filePath(const QString& relative) const;  // absolute path inside the folder

    // The data source, absolute (empty when none).
    QString dataPath() const;
    Status setDataSource(const QString& path, const DataSettings& settings, bool demo);
    Status setDataSettings(const DataSettings& settings);

    // Model and GAN folders in use, absolute.
    QString modelFolder() const;
    QString ganFolder() const;
    // A fresh run folder "runs/<name>-<time>" (not created), e.g. name "deepfm" or "gan".
    QString newRunFolder(const QString& name) const;
    // A finished run becomes the project's model or GAN and is recorded in the run list.
    Status adoptRun(ProjectRunKind kind, const QString& folder, const QJsonObject& metrics);
    // The main job's stage timings, kept for the record.
    Status setStages(const std::vector<ProjectStage>& stages);

    const ProjectSegments& segments() const { return m_segments; }
    Status setSegments(ProjectSegments segments);

    const std::vector<Creative>& creatives() const { return m_creatives; }
    int indexOfCreative(const QString& id) const;  // -1 when absent
    // Replaces all creatives (their PNGs must already be in creatives/); old PNGs no longer
    // listed are removed after the new list is on disk.
    Status setCreatives(std::vector<Creative> creatives);
    // Sets a creative's review ("approved", "rejected", "pending") and note.
    Status setReview(int index, const QString& review, const QString& note);
    // Replaces the pending creatives of a segment (-1: all) and size (empty: all) with `fresh`
    // (PNGs already written); reviewed ones stay. Counts a regeneration round.
    Status replacePending(int segment, const QString& size, std::vector<Creative> fresh);
    // The next regeneration round (the first batch is round 1) and the suffix its creative ids
    // carry ("-r2", "-r3", ...), so new ids never clash with kept ones.
    int nextRegenerationRound() const { return m_manifest.regenerationRounds + 1; }
    QString nextRegenerationSuffix() const;

    // Whether serving shows approved creatives only, or all not rejected.
    Status setServeApprovedOnly(bool approvedOnly);
    // Where serving keeps its event log (and the secret that hashes user ids).
    QString eventsFolder() const { return filePath(QStringLiteral("events")); }
    QString eventLogPath() const { return filePath(QStringLiteral("events/events.jsonl")); }
    // The project's brand kit (written by setProjectBrandKit, read when composing).
    QString brandKitPath() const { return brandKitPathIn(m_folder); }
    static QString brandKitPathIn(const QString& projectFolder);
    // Where rows of the data that did not read are set aside (DataSettings::setAsideBadRows).
    QString rejectsFolder() const { return filePath(QStringLiteral("rejects")); }

private:
    Project() = default;
    Status saveManifest(ProjectManifest manifest);
    // An older project.json is rewritten in the current format with the first change of any
    // file, so the folder never mixes formats.
    Status saveUpgradedManifest();
    Status saveCreatives(const std::vector<Creative>& creatives) const;
    QString absolute(const QString& stored) const;
    QString stored(const QString& path) const;

    QString m_folder;  // absolute
    ProjectManifest m_manifest;
    ProjectSegments m_segments;
    std::vector<Creative> m_creatives;
    bool m_manifestUpgraded = false;  // read from an older format, not yet rewritten
};

}  // namespace adstudio
