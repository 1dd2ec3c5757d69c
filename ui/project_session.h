// SPDX-License-Identifier: MIT
#pragma once

#include "project/project.h"
#include "train/recommender.h"

#include <QObject>

#include <memory>
#include <optional>

namespace adstudio::ui {

// The open project (core's Project) as the widgets see it: forwards reads, performs changes
// through the Project (saved at once, atomically) and emits a signal only for a change that
// reached the disk; a failed save is reported with saveFailed() and changes nothing.
class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);

    // A new project folder (empty or absent) over a data source: project.json only; training,
    // segments and creatives follow in the GUI or with `adstudio-cli run --project`.
    static Status create(const QString& folder, const QString& dataPath,
                         const DataSettings& settings);
    Status open(const QString& folder);
    bool isOpen() const { return m_project.has_value(); }
    QString folder() const { return m_project ? m_project->folder() : QString(); }
    const Project* project() const { return m_project ? &*m_project : nullptr; }
    QString dataPath() const;  // absolute; empty when the project names none
    DataSettings dataSettings() const;
    Status setDataSettings(const DataSettings& settings);
    // Whether serving shows approved creatives only (else every creative not rejected).
    Status setServeApprovedOnly(bool approvedOnly);

    const ProjectSegments& segments() const;
    const std::vector<SegmentProfile>& profiles() const { return segments().profiles; }
    Status replaceSegments(const Segmentation& segmentation);

    const std::vector<Creative>& creatives() const;
    int indexOf(const QString& creativeId) const;  // -1 when absent
    // Sets a creative's review ("approved", "rejected", "pending") and note; saved at once.
    Status setReview(int index, const QString& review, const QString& note);
    // Replaces the pending creatives of a segment (-1: all) and size (empty: all) with `fresh`
    // (PNGs already written); reviewed ones stay.
    Status replacePending(int segment, const QString& size, std::vector<Creative> fresh);
    int nextRegenerationRound() const;

    // The project's recommender, loaded on first use (null when the folder has none).
    std::shared_ptr<const RecommenderModel> model();
    QString modelFolder() const;
    QString ganFolder() const;
    // A finished training run becomes the project's model or GAN.
    Status adoptRun(ProjectRunKind kind, const QString& folder, const QJsonObject& metrics);

Q_SIGNALS:
    void opened();
    void segmentsChanged();
    void creativesChanged();
    void reviewChanged(int index);
    void modelChanged();
    void saveFailed(const adstudio::Error& error);

private:
    Status reported(Status status);

    std::optional<Project> m_project;
    std::shared_ptr<const RecommenderModel> m_model;
};

}  // namespace adstudio::ui
