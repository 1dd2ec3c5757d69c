// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/image_set.h"

namespace adstudio {

struct ImageFolderOptions {
    int size = 64;       // output is size x size (short side resized, centre cropped)
    int channels = 3;    // 3: RGB, 1: gray
    QString labelsCsv;   // optional CSV with columns file,label; default: sub-folder names
    int maxImages = -1;  // -1: all
};

// Images decoded with OpenCV. Labels come from sub-folder names (folder/sneaker/a.png) or from
// a labels CSV. Every file that does not decode is an error naming that file.
Result<ImageSet> readImageFolder(const QString& folder, const ImageFolderOptions& options,
                                 const JobContext& job = {});
bool isImageFile(const QString& path);

}  // namespace adstudio
