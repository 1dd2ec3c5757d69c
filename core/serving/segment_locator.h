// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "project/project_segments.h"
#include "train/recommender.h"

#include <QHash>
#include <QStringList>

#include <vector>

namespace adstudio {

// What serving knows of the user behind a request.
struct UserEvidence {
    QString userId;                  // empty or unknown to the model: a new user
    QHash<QString, QString> fields;  // users-table values, e.g. {"age_band": "18-24"}
    QStringList recentItems;         // item ids the user clicked lately, newest last
};

struct SegmentPlacement {
    int segment = 0;
    bool knownUser = false;
    double confidence = 1;  // posterior probability of `segment`
};

// Places any user in one of the project's segments at once, without retraining. A known user
// sits in the segment the segmentation gave it. For the rest it is Bayes over segments: the
// prior is the segments' shares; each recent click multiplies in the segment's mean predicted
// click probability for that item (the recommender's scores before calibration averaged over
// the segment's users, computed once at load); each field value multiplies in its share among the
// segment's users (Laplace-smoothed). Recent clicks also move a known user: its own segment then
// carries a prior of 0.8 instead of certainty.
class SegmentLocator {
public:
    static Result<SegmentLocator> build(const RecommenderModel& model,
                                        const ProjectSegments& segments);

    int segmentCount() const { return int(m_logShare.size()); }
    // Fields a new user may be described by (a tag list once, by its column name).
    const QStringList& userFields() const { return m_fieldNames; }
    bool knows(const QString& userId) const { return m_segmentOf.contains(userId); }
    // The segment the segmentation gave a known user; -1 for anyone else.
    int segmentOf(const QString& userId) const { return m_segmentOf.value(userId, -1); }
    // The segment's mean predicted click probability for an item; -1 when the item is unknown.
    double meanClick(int segment, const QString& itemId) const;
    // Fails (a message for the caller) when there is nothing to go on: an unknown user without
    // usable fields or recent items.
    Result<SegmentPlacement> place(const UserEvidence& evidence) const;

private:
    QHash<QString, int> m_segmentOf;
    std::vector<double> m_logShare;
    QHash<QString, int> m_itemIndex;
    std::vector<std::vector<double>> m_itemLogClick;   // [item][segment], raw scores: placement
    std::vector<std::vector<double>> m_itemMeanClick;  // [item][segment], calibrated: priors
    QStringList m_fieldNames;
    // field -> value -> log P(value | segment); unseen values use m_unseenLog[field][segment].
    QHash<QString, QHash<QString, std::vector<double>>> m_fieldLog;
    QHash<QString, std::vector<double>> m_unseenLog;
    // A tag list ("interests": "yoga;travel") is one yes/no field per tag ("interests=yoga").
    QHash<QString, QStringList> m_tagFields;
    // Adds one field value's log-likelihoods to `logs`; false when the field is unknown.
    bool addField(const QString& field, const QString& value, std::vector<double>& logs) const;
};

}  // namespace adstudio
