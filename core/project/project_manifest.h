// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/data_settings.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace adstudio {

// project.json's format version. 1: written before the project model existed (data path
// possibly relative to the working directory, folders under ad-hoc keys); 2: this model.
inline constexpr int kProjectFormatVersion = 2;

enum class ProjectRunKind { Recommender, Gan };
QString projectRunKindName(ProjectRunKind kind);  // "recommender", "gan"
std::optional<ProjectRunKind> projectRunKindFromName(const QString& name);

// A training run the project knows; its folder is relative to the project folder.
struct ProjectRun {
    ProjectRunKind kind = ProjectRunKind::Recommender;
    QString folder;
    QString finished;  // ISO 8601, UTC
    QJsonObject metrics;
};

struct ProjectStage {
    QString name;
    double seconds = 0;
};

// project.json, typed. Paths inside the project folder are stored relative to it, so a
// project can be moved, copied or mailed; an external data path is stored absolute.
struct ProjectManifest {
    int version = kProjectFormatVersion;
    QString created, modified;  // ISO 8601, UTC
    QString data;               // as stored (see above); empty: no data yet
    bool demo = false;          // the data is the generated demo world
    DataSettings dataSettings;
    QString modelFolder = QStringLiteral("model");  // the recommender in use
    QString ganFolder = QStringLiteral("gan");      // the GAN in use
    std::vector<ProjectRun> runs;
    std::vector<ProjectStage> stages;  // the last main job's timings
    int regenerationRounds = 0;        // regenerations done; round N's creatives end in "-rN"
    bool serveApprovedOnly = false;    // serving shows approved creatives only (else not rejected)

    QJsonObject toJson() const;
};

// Reads project.json of any known version, upgrading older ones (kdenlive's
// DocumentValidator::upgrade): `folder` resolves a version 1 data path.
Result<ProjectManifest> readProjectManifest(const QJsonObject& json, const QString& file,
                                            const QString& folder);

}  // namespace adstudio
