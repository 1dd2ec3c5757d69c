// SPDX-License-Identifier: MIT
#include "project/project_manifest.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace adstudio {

namespace {

const QString kFormat = QStringLiteral("adstudio-project");

// Version 1 stored the data path relative to the working directory of the run that wrote it
// (`run --demo --out demo-project` wrote "demo-project/data"). The folder it meant is the
// longest tail of that path that exists inside the project folder; failing that, the path as
// it was (resolved against the folder when the data is loaded, with a clear error if absent).
QString upgradeDataPathV1(const QString& data, const QString& folder) {
    if (data.isEmpty() || QDir::isAbsolutePath(data)) return data;
    QStringList parts = QDir::cleanPath(data).split('/', Qt::SkipEmptyParts);
    while (!parts.isEmpty()) {
        const QString tail = parts.join('/');
        if (QFileInfo::exists(QDir(folder).filePath(tail))) return tail;
        parts.removeFirst();
    }
    return data;
}

Result<ProjectManifest> readCommon(const QJsonObject& json, const QString& file) {
    ProjectManifest m;
    m.created = json.value("created").toString();
    m.modified = json.value("modified").toString(m.created);
    m.data = json.value("data").toString();
    m.demo = json.value("demo").toBool();
    auto settings = DataSettings::fromJson(json.value("data_settings").toObject(), file);
    if (!settings) return settings.error();
    m.dataSettings = std::move(settings.value());
    m.modelFolder = json.value("model_folder").toString(QStringLiteral("model"));
    m.ganFolder = json.value("gan_folder").toString(QStringLiteral("gan"));
    for (const auto& v : json.value("runs").toArray()) {
        const QJsonObject o = v.toObject();
        const auto kind = projectRunKindFromName(o.value("kind").toString());
        if (!kind)
            return makeError(
                file, 0, 0,
                QStringLiteral("run of unknown kind '%1'").arg(o.value("kind").toString()),
                QStringLiteral("use \"recommender\" or \"gan\", or remove the run"));
        m.runs.push_back({*kind, o.value("folder").toString(), o.value("finished").toString(),
                          o.value("metrics").toObject()});
    }
    for (const auto& v : json.value("stages").toArray())
        m.stages.push_back(
            {v.toObject().value("stage").toString(), v.toObject().value("seconds").toDouble()});
    return m;
}

}  // namespace

QString projectRunKindName(ProjectRunKind kind) {
    return kind == ProjectRunKind::Gan ? QStringLiteral("gan") : QStringLiteral("recommender");
}

std::optional<ProjectRunKind> projectRunKindFromName(const QString& name) {
    if (name == QLatin1String("recommender")) return ProjectRunKind::Recommender;
    if (name == QLatin1String("gan")) return ProjectRunKind::Gan;
    return std::nullopt;
}

QJsonObject ProjectManifest::toJson() const {
    QJsonArray runArray, stageArray;
    for (const ProjectRun& r : runs)
        runArray.append(QJsonObject{{"kind", projectRunKindName(r.kind)},
                                    {"folder", r.folder},
                                    {"finished", r.finished},
                                    {"metrics", r.metrics}});
    for (const ProjectStage& s : stages)
        stageArray.append(QJsonObject{{"stage", s.name}, {"seconds", s.seconds}});
    return {{"format", kFormat},
            {"version", version},
            {"created", created},
            {"modified", modified},
            {"data", data},
            {"demo", demo},
            {"data_settings", dataSettings.toJson()},
            {"model_folder", modelFolder},
            {"gan_folder", ganFolder},
            {"runs", runArray},
            {"stages", stageArray},
            {"regeneration_rounds", regenerationRounds},
            {"serving", QJsonObject{{"approved_only", serveApprovedOnly}}}};
}

Result<ProjectManifest> readProjectManifest(const QJsonObject& json, const QString& file,
                                            const QString& folder) {
    const QString openFix =
        QStringLiteral("open a folder written by AdStudio (it holds project.json)");
    if (json.value("format").toString() != kFormat)
        return makeError(file, 0, 0, QStringLiteral("not an AdStudio project"), openFix);
    const QJsonValue versionValue = json.value("version");
    const int version = versionValue.toInt(-1);
    if (!versionValue.isDouble() || version < 1)
        return makeError(file, 0, 0,
                         QStringLiteral("the project's format version is missing or unknown"),
                         QStringLiteral("set \"version\" to %1 if the folder was written by "
                                        "AdStudio, or create the project again")
                             .arg(kProjectFormatVersion));
    if (version > kProjectFormatVersion)
        return makeError(file, 0, 0,
                         QStringLiteral("the project was written by a newer AdStudio (format "
                                        "version %1; this one reads up to %2)")
                             .arg(version)
                             .arg(kProjectFormatVersion),
                         QStringLiteral("update AdStudio to open it; this version leaves it "
                                        "untouched"));
    auto manifest = readCommon(json, file);
    if (!manifest) return manifest;
    if (version == 1) {
        manifest->data = upgradeDataPathV1(manifest->data, folder);
        manifest->regenerationRounds = -1;  // unknown: Project::open counts it from the ids
    } else {
        manifest->regenerationRounds = std::max(0, json.value("regeneration_rounds").toInt(0));
    }
    manifest->serveApprovedOnly =
        json.value("serving").toObject().value("approved_only").toBool(false);
    manifest->version = kProjectFormatVersion;
    return manifest;
}

}  // namespace adstudio
