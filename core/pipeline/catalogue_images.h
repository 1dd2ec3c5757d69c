// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "creative/creative_set.h"
#include "data/image_set.h"

#include <optional>

namespace adstudio {

// The catalogue's own product pictures, labelled by category, for training the creative GAN on
// the shop's products. Nothing when fewer than two categories have `minPerClass` pictures each
// (the caller then falls back to the bundled pictures). A picture that does not decode is an
// error naming the file and the item.
Result<std::optional<ImageSet>> catalogueImages(const std::vector<CatalogueItem>& catalogue,
                                                int size = 64, int minPerClass = 8,
                                                const JobContext& job = {});

}  // namespace adstudio
