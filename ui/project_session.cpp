// SPDX-License-Identifier: MIT
#include "project_session.h"

#include "common/atomic_file.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>

namespace adstudio::ui {

ProjectSession::ProjectSession(QObject* parent) : QObject(parent) {}

Status ProjectSession::create(const QString& folder, const QString& dataPath,
                              const DataSettings& settings) {
    const QDir dir(folder);
    if (dir.exists() && !dir.isEmpty())
        return makeError(folder, 0, 0, "the folder is not empty",
                         "choose an empty or new folder for the project");
    if (!QDir().mkpath(folder))
        return makeError(folder, 0, 0, "cannot create the folder", "check permissions");
    const QJsonObject project{{"format", "adstudio-project"},
                              {"version", 1},
                              {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                              {"data", QFileInfo(dataPath).absoluteFilePath()},
                              {"data_settings", settings.toJson()}};
    return writeJsonFile(dir.filePath("project.json"), project);
}

Status ProjectSession::open(const QString& folder) {
    const QDir dir(folder);
    const QString fix = "open a folder written by AdStudio (it holds project.json)";
    auto project = readJsonFile(dir.filePath("project.json"), fix);
    if (!project) return project.error();
    if (project->value("format").toString() != "adstudio-project")
        return makeError(dir.filePath("project.json"), 0, 0, "not an AdStudio project", fix);
    // A new project has no segments or creatives yet.
    QJsonObject segments;
    if (QFileInfo::exists(dir.filePath("segments.json"))) {
        auto read = readJsonFile(dir.filePath("segments.json"), "segment the users again");
        if (!read) return read.error();
        segments = *read;
    }
    std::vector<Creative> list;
    if (QFileInfo::exists(dir.filePath("creatives/creatives.json"))) {
        auto creatives =
            readJsonFile(dir.filePath("creatives/creatives.json"), "generate the creatives again");
        if (!creatives) return creatives.error();
        for (const auto& value : creatives->value("creatives").toArray()) {
            Creative c = Creative::fromJson(value.toObject());
            c.image = QImage(dir.filePath("creatives/" + c.id + ".png"));
            if (c.image.isNull())
                return makeError(dir.filePath("creatives/" + c.id + ".png"), 0, 0,
                                 "the creative's image is missing", "run the project again");
            list.push_back(std::move(c));
        }
    }
    if (auto settings = DataSettings::fromJson(project->value("data_settings").toObject(),
                                               dir.filePath("project.json"));
        !settings)
        return settings.error();
    m_folder = dir.absolutePath();
    m_project = *project;
    m_segments = segments;
    m_creatives = std::move(list);
    m_model.reset();
    Q_EMIT opened();
    return {};
}

QString ProjectSession::absolute(const QString& key, const QString& fallback) const {
    const QString value = m_project.value(key).toString(fallback);
    return value.isEmpty() ? QString() : QDir(m_folder).absoluteFilePath(value);
}

QString ProjectSession::dataPath() const {
    return absolute("data", {});
}

DataSettings ProjectSession::dataSettings() const {
    auto settings = DataSettings::fromJson(m_project.value("data_settings").toObject(), {});
    return settings ? settings.value() : DataSettings{};  // checked when the project opened
}

Status ProjectSession::setDataSettings(const DataSettings& settings) {
    m_project.insert("data_settings", settings.toJson());
    return saveProject();
}

std::vector<SegmentProfile> ProjectSession::profiles() const {
    std::vector<SegmentProfile> out;
    for (const auto& v : m_segments.value("segments").toArray())
        out.push_back(SegmentProfile::fromJson(v.toObject()));
    return out;
}

Status ProjectSession::replaceSegments(const Segmentation& segmentation) {
    auto model = this->model();
    if (!model)
        return makeError(m_folder, 0, 0, "no recommender in the project",
                         "train one on the Train page");
    const QJsonObject json = segmentation.toJson(model->userIds(), true);
    if (Status s = writeJsonFile(QDir(m_folder).filePath("segments.json"), json); !s) return s;
    m_segments = json;
    Q_EMIT segmentsChanged();
    return {};
}

int ProjectSession::indexOf(const QString& creativeId) const {
    for (std::size_t i = 0; i < m_creatives.size(); ++i)
        if (m_creatives[i].id == creativeId) return int(i);
    return -1;
}

Status ProjectSession::setReview(int index, const QString& review, const QString& note) {
    if (index < 0 || index >= int(m_creatives.size())) return {};
    m_creatives[std::size_t(index)].review = review;
    m_creatives[std::size_t(index)].note = note;
    const Status saved = saveCreatives();
    Q_EMIT reviewChanged(index);
    return saved;
}

Status ProjectSession::replacePending(int segment, const QString& size,
                                      std::vector<Creative> fresh) {
    std::vector<Creative> kept;
    QStringList dropped;
    for (Creative& c : m_creatives) {
        const bool targeted =
            (segment < 0 || c.segment == segment) && (size.isEmpty() || c.size == size);
        if (targeted && c.review == "pending")
            dropped << c.id;
        else
            kept.push_back(std::move(c));
    }
    for (Creative& c : fresh) kept.push_back(std::move(c));
    m_creatives = std::move(kept);
    const Status saved = saveCreatives();
    // The replaced pictures go only once the new list is safely on disk.
    if (saved)
        for (const QString& id : dropped)
            QFile::remove(QDir(m_folder).filePath("creatives/" + id + ".png"));
    Q_EMIT creativesChanged();
    return saved;
}

Status ProjectSession::saveCreatives() const {
    QJsonArray array;
    for (const Creative& c : m_creatives) array.append(c.toJson());
    QDir().mkpath(QDir(m_folder).filePath("creatives"));
    return writeJsonFile(QDir(m_folder).filePath("creatives/creatives.json"),
                         {{"creatives", array}});
}

Status ProjectSession::saveProject() {
    m_project.insert("modified", QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    return writeJsonFile(QDir(m_folder).filePath("project.json"), m_project);
}

QString ProjectSession::modelFolder() const {
    return absolute("model_folder", "model");
}

Status ProjectSession::setModelFolder(const QString& folder) {
    m_project.insert("model_folder", QDir(m_folder).relativeFilePath(folder));
    m_model.reset();
    const Status saved = saveProject();
    Q_EMIT modelChanged();
    return saved;
}

QString ProjectSession::ganFolder() const {
    return absolute("gan_folder", "gan");
}

Status ProjectSession::setGanFolder(const QString& folder) {
    m_project.insert("gan_folder", QDir(m_folder).relativeFilePath(folder));
    return saveProject();
}

std::shared_ptr<const RecommenderModel> ProjectSession::model() {
    if (!m_model && isOpen()) {
        auto loaded = RecommenderModel::load(modelFolder());
        if (loaded) m_model = std::make_shared<const RecommenderModel>(std::move(loaded.value()));
    }
    return m_model;
}

}  // namespace adstudio::ui
