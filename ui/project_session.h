// SPDX-License-Identifier: MIT
#pragma once

#include "creative/creative_set.h"
#include "data/data_settings.h"
#include "segments/segmentation.h"
#include "train/recommender.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace adstudio::ui {

// An open project folder (as written by `adstudio-cli run` or the GUI): its data settings, its
// segments, its creatives with their review decisions, and its recommender and GAN. Every
// change is saved at once (atomically): closing the window never loses work.
class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);

    // A new project folder (empty or absent) over a data source: project.json only; training,
    // segments and creatives follow in the GUI or with `adstudio-cli run --project`.
    static Status create(const QString& folder, const QString& dataPath,
                         const DataSettings& settings);
    Status open(const QString& folder);
    bool isOpen() const { return !m_folder.isEmpty(); }
    const QString& folder() const { return m_folder; }
    const QJsonObject& project() const { return m_project; }
    QString dataPath() const;  // absolute; empty when project.json names none
    DataSettings dataSettings() const;
    Status setDataSettings(const DataSettings& settings);

    // segments.json: profiles, and per user the segment and map position.
    const QJsonObject& segments() const { return m_segments; }
    std::vector<SegmentProfile> profiles() const;
    Status replaceSegments(const Segmentation& segmentation);

    std::vector<Creative>& creatives() { return m_creatives; }
    const std::vector<Creative>& creatives() const { return m_creatives; }
    int indexOf(const QString& creativeId) const;  // -1 when absent
    // Sets a creative's review ("approved", "rejected", "pending") and note; saved at once.
    Status setReview(int index, const QString& review, const QString& note);
    // Replaces the pending creatives of a segment (-1: all) and size (empty: all) with `fresh`
    // (PNGs already written); reviewed ones stay.
    Status replacePending(int segment, const QString& size, std::vector<Creative> fresh);

    // The project's recommender, loaded on first use (null when the folder has none).
    std::shared_ptr<const RecommenderModel> model();
    QString modelFolder() const;
    Status setModelFolder(const QString& folder);  // a run trained in the GUI
    QString ganFolder() const;
    Status setGanFolder(const QString& folder);

Q_SIGNALS:
    void opened();
    void segmentsChanged();
    void creativesChanged();
    void reviewChanged(int index);
    void modelChanged();

private:
    Status saveCreatives() const;
    Status saveProject();
    QString absolute(const QString& key, const QString& fallback) const;

    QString m_folder;
    QJsonObject m_project, m_segments;
    std::vector<Creative> m_creatives;
    std::shared_ptr<const RecommenderModel> m_model;
};

}  // namespace adstudio::ui
