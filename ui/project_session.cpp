// SPDX-License-Identifier: MIT
#include "project_session.h"

namespace adstudio::ui {

namespace {
const ProjectSegments kNoSegments;
const std::vector<Creative> kNoCreatives;
}  // namespace

ProjectSession::ProjectSession(QObject* parent) : QObject(parent) {}

Status ProjectSession::create(const QString& folder, const QString& dataPath,
                              const DataSettings& settings) {
    auto created = Project::create(folder, dataPath, settings);
    return created ? Status{} : Status{created.error()};
}

Status ProjectSession::open(const QString& folder) {
    auto project = Project::open(folder);
    if (!project) return project.error();
    m_project = std::move(project.value());
    m_model.reset();
    Q_EMIT opened();
    return {};
}

Status ProjectSession::reported(Status status) {
    if (!status) Q_EMIT saveFailed(status.error());
    return status;
}

QString ProjectSession::dataPath() const {
    return m_project ? m_project->dataPath() : QString();
}

DataSettings ProjectSession::dataSettings() const {
    return m_project ? m_project->manifest().dataSettings : DataSettings{};
}

Status ProjectSession::setDataSettings(const DataSettings& settings) {
    if (!m_project) return {};
    return reported(m_project->setDataSettings(settings));
}

Status ProjectSession::setServeApprovedOnly(bool approvedOnly) {
    if (!m_project) return {};
    return reported(m_project->setServeApprovedOnly(approvedOnly));
}

const ProjectSegments& ProjectSession::segments() const {
    return m_project ? m_project->segments() : kNoSegments;
}

Status ProjectSession::replaceSegments(const Segmentation& segmentation) {
    auto model = this->model();
    if (!model)
        return makeError(folder(), 0, 0, "no recommender in the project",
                         "train one on the Train page");
    if (Status s =
            reported(m_project->setSegments(ProjectSegments::from(segmentation, model->userIds())));
        !s)
        return s;
    Q_EMIT segmentsChanged();
    return {};
}

const std::vector<Creative>& ProjectSession::creatives() const {
    return m_project ? m_project->creatives() : kNoCreatives;
}

int ProjectSession::indexOf(const QString& creativeId) const {
    return m_project ? m_project->indexOfCreative(creativeId) : -1;
}

Status ProjectSession::setReview(int index, const QString& review, const QString& note) {
    if (!m_project) return {};
    if (Status s = reported(m_project->setReview(index, review, note)); !s) return s;
    Q_EMIT reviewChanged(index);
    return {};
}

Status ProjectSession::replacePending(int segment, const QString& size,
                                      std::vector<Creative> fresh) {
    if (!m_project) return {};
    if (Status s = reported(m_project->replacePending(segment, size, std::move(fresh))); !s)
        return s;
    Q_EMIT creativesChanged();
    return {};
}

int ProjectSession::nextRegenerationRound() const {
    return m_project ? m_project->nextRegenerationRound() : 1;
}

QString ProjectSession::modelFolder() const {
    return m_project ? m_project->modelFolder() : QString();
}

QString ProjectSession::ganFolder() const {
    return m_project ? m_project->ganFolder() : QString();
}

Status ProjectSession::adoptRun(ProjectRunKind kind, const QString& folder,
                                const QJsonObject& metrics) {
    if (!m_project) return {};
    if (Status s = reported(m_project->adoptRun(kind, folder, metrics)); !s) return s;
    if (kind == ProjectRunKind::Recommender) {
        m_model.reset();
        Q_EMIT modelChanged();
    }
    return {};
}

std::shared_ptr<const RecommenderModel> ProjectSession::model() {
    if (!m_model && m_project) {
        auto loaded = RecommenderModel::load(m_project->modelFolder());
        if (loaded) m_model = std::make_shared<const RecommenderModel>(std::move(loaded.value()));
    }
    return m_model;
}

}  // namespace adstudio::ui
