// SPDX-License-Identifier: MIT
#pragma once

#include "creative/creative_set.h"
#include "segments/segmentation.h"
#include "train/recommender.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace adstudio::ui {

// An open project folder (as written by `adstudio-cli run` or the GUI): its segments, its
// creatives with their review decisions, and its recommender. Review decisions are saved at
// once (atomically), so closing the window never loses a decision.
class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);

    Status open(const QString& folder);
    bool isOpen() const { return !m_folder.isEmpty(); }
    const QString& folder() const { return m_folder; }
    const QJsonObject& project() const { return m_project; }

    // segments.json: profiles, and per user the segment and map position.
    const QJsonObject& segments() const { return m_segments; }
    std::vector<SegmentProfile> profiles() const;
    Status replaceSegments(const Segmentation& segmentation);

    std::vector<Creative>& creatives() { return m_creatives; }
    const std::vector<Creative>& creatives() const { return m_creatives; }
    // Sets a creative's review ("approved", "rejected", "pending") and note; saved at once.
    Status setReview(int index, const QString& review, const QString& note);

    // The project's recommender, loaded on first use (null when the folder has none).
    std::shared_ptr<const RecommenderModel> model();
    QString modelFolder() const;

Q_SIGNALS:
    void opened();
    void segmentsChanged();
    void reviewChanged(int index);

private:
    Status saveCreatives() const;

    QString m_folder;
    QJsonObject m_project, m_segments;
    std::vector<Creative> m_creatives;
    std::shared_ptr<const RecommenderModel> m_model;
};

}  // namespace adstudio::ui
