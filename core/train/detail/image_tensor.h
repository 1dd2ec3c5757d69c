// SPDX-License-Identifier: MIT
// Private to core/train: images between ImageSet bytes, tensors and QImages.
#pragma once

#include "data/image_set.h"

#include <torch/torch.h>

#include <QImage>

namespace adstudio::detail {

// [N, C, r, r] floats in [-1, 1] from the first `count` images, resized with OpenCV (area when
// shrinking, cubic when growing).
torch::Tensor imagesToTensor(const ImageSet& images, int count, int resolution);
// One QImage per image of a [N, C, r, r] tensor in [-1, 1].
std::vector<QImage> tensorToImages(const torch::Tensor& images);
// A grid with `columns` images per row.
QImage imageGrid(const std::vector<QImage>& images, int columns, int padding = 2);

}  // namespace adstudio::detail
