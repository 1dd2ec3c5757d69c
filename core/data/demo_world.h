// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/image_set.h"

#include <QJsonObject>

namespace adstudio {

// The built-in fashion shop: users drawn from planted segments, products in the ten
// Fashion-MNIST categories, impressions whose clicks follow hidden segment x category
// affinities. Written with its ground truth so tests can check what learning recovers.
struct DemoWorldOptions {
    int users = 2000;
    int items = 200;
    double impressionsPerUser = 30;  // mean; each user gets 10..2x of it
    std::uint64_t seed = 42;
};

struct DemoSegment {
    QString name;
    double share = 0;              // fraction of users
    std::vector<double> affinity;  // logit added per category (10 entries)
};

struct DemoWorldSummary {
    QString folder;
    int users = 0;
    int items = 0;
    std::int64_t impressions = 0;
    std::int64_t clicks = 0;
    int segments = 0;
};

const std::vector<DemoSegment>& demoSegments();

// The product pictures shipped in resources/ (Fashion-MNIST t10k, MIT licence).
Result<ImageSet> embeddedProductImages();

// Writes users.csv, items.csv, interactions.csv, images/ and truth.json into `folder`
// atomically: a failed or cancelled run leaves no partial world behind.
Result<DemoWorldSummary> generateDemoWorld(const QString& folder, const DemoWorldOptions& options,
                                           const JobContext& job = {});

}  // namespace adstudio
