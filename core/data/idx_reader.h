// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "data/image_set.h"

namespace adstudio {

// MNIST / Fashion-MNIST IDX files, gzipped or not. `imagesPath` names the idx3 images file; the
// labels file is found beside it (train-images-idx3-ubyte -> train-labels-idx1-ubyte) or given.
Result<ImageSet> readIdx(const QString& imagesPath, const QString& labelsPath = {});
// Bytes already in memory (embedded resources); paths are for messages.
Result<ImageSet> parseIdx(std::string_view images, std::string_view labels,
                          const QString& imagesPath, const QString& labelsPath);
// "train-labels-idx1-ubyte.gz" for "train-images-idx3-ubyte.gz", empty if none exists.
QString findIdxLabels(const QString& imagesPath);
bool looksLikeIdx(const QString& path);

}  // namespace adstudio
