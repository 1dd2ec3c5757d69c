// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "creative/creative_set.h"

namespace adstudio {

struct ExportOptions {
    bool png = true;
    bool jpeg = true;
    bool approvedOnly = false;  // only creatives a designer approved
    QStringList sizes;          // empty: all
    QList<int> segments;        // empty: all
    bool zip = true;            // also creatives.zip of the whole set
    bool html5 = true;          // also each creative as an HTML5 banner zip (clickTag)
};

struct ExportSummary {
    QString folder;
    int creatives = 0;
    int files = 0;
    qint64 bytes = 0;
    int overBudget = 0;  // creatives none of whose files fits its placement's weight budget
};

// Writes per-segment folders of PNG/JPEG (each encoded to fit its placement's weight budget, the
// bytes recorded in the manifest), HTML5 banners (ID.html5.zip, see html5_banner.h), manifest.json,
// manifest.csv, index.html (a contact sheet grouped by segment) and creatives.zip into `folder`.
// Only segment-level data leaves: no user id is written. Atomic: everything goes to a staging
// folder renamed into place, so a cancelled or failed export leaves the previous set (or nothing),
// never half a set.
Result<ExportSummary> exportCreatives(const std::vector<Creative>& creatives,
                                      const std::vector<SegmentProfile>& segments,
                                      const QString& folder, const ExportOptions& options,
                                      const JobContext& job = {});

}  // namespace adstudio
