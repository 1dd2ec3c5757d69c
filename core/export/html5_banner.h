// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "creative/creative.h"

#include <QImage>
#include <QJsonObject>

namespace adstudio {

// What ad servers take for an HTML5 display ad (IAB's HTML5 guidance, Google's clickTag
// convention): fixed size, the whole banner one link to window.clickTag, no external requests.
constexpr qint64 kHtml5InitialLoadBudget = 150 * 1024;

// The banner's index.html for an image named `imageName`: the ad.size meta, `var clickTag`
// set to `landingUrl` (the ad server replaces it), the image as the link's only content.
QByteArray html5BannerPage(const Creative& creative, const QSize& size, const QString& imageName,
                           const QString& landingUrl);

// Writes `zipPath`: index.html, banner.jpg (the creative at the best JPEG quality that keeps the
// initial load within 150 KB) and backup.jpg (the static image ad servers show where HTML5
// cannot run; not loaded by the page). Returns the manifest's "html5" entry: path (relative to
// `relativeTo`), bytes, initial_load_bytes, budget and fits_budget.
Result<QJsonObject> writeHtml5Banner(const Creative& creative, const QImage& image,
                                     const QString& landingUrl, const QString& zipPath,
                                     const QString& relativeTo);

}  // namespace adstudio
