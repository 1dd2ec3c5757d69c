// SPDX-License-Identifier: MIT
#include "project_session.h"

#include "common/atomic_file.h"

#include <QDir>
#include <QJsonArray>

namespace adstudio::ui {

ProjectSession::ProjectSession(QObject* parent) : QObject(parent) {}

Status ProjectSession::open(const QString& folder) {
    const QDir dir(folder);
    const QString fix = "open a folder written by `adstudio-cli run` (it holds project.json)";
    auto project = readJsonFile(dir.filePath("project.json"), fix);
    if (!project) return project.error();
    auto segments = readJsonFile(dir.filePath("segments.json"), fix);
    if (!segments) return segments.error();
    auto creatives = readJsonFile(dir.filePath("creatives/creatives.json"), fix);
    if (!creatives) return creatives.error();
    std::vector<Creative> list;
    for (const auto& value : creatives->value("creatives").toArray()) {
        Creative c = Creative::fromJson(value.toObject());
        c.image = QImage(dir.filePath("creatives/" + c.id + ".png"));
        if (c.image.isNull())
            return makeError(dir.filePath("creatives/" + c.id + ".png"), 0, 0,
                             "the creative's image is missing", "run the project again");
        list.push_back(std::move(c));
    }
    m_folder = dir.absolutePath();
    m_project = *project;
    m_segments = *segments;
    m_creatives = std::move(list);
    m_model.reset();
    Q_EMIT opened();
    return {};
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
        return makeError(m_folder, 0, 0, "no recommender in the project", "run the project again");
    const QJsonObject json = segmentation.toJson(model->userIds(), true);
    if (Status s = writeJsonFile(QDir(m_folder).filePath("segments.json"), json); !s) return s;
    m_segments = json;
    Q_EMIT segmentsChanged();
    return {};
}

Status ProjectSession::setReview(int index, const QString& review, const QString& note) {
    if (index < 0 || index >= int(m_creatives.size())) return {};
    m_creatives[std::size_t(index)].review = review;
    m_creatives[std::size_t(index)].note = note;
    const Status saved = saveCreatives();
    Q_EMIT reviewChanged(index);
    return saved;
}

Status ProjectSession::saveCreatives() const {
    QJsonArray array;
    for (const Creative& c : m_creatives) array.append(c.toJson());
    return writeJsonFile(QDir(m_folder).filePath("creatives/creatives.json"),
                         {{"creatives", array}});
}

QString ProjectSession::modelFolder() const {
    return QDir(m_folder).filePath("model");
}

std::shared_ptr<const RecommenderModel> ProjectSession::model() {
    if (!m_model && isOpen()) {
        auto loaded = RecommenderModel::load(modelFolder());
        if (loaded) m_model = std::make_shared<const RecommenderModel>(std::move(loaded.value()));
    }
    return m_model;
}

}  // namespace adstudio::ui
