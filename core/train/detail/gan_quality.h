// SPDX-License-Identifier: MIT
// Private to core/train: the GAN's quality scorer, built here because nothing can be downloaded
// (no Inception weights): a classifier of the real images and measures on its features.
#pragma once

#include "common/job.h"
#include "conditional_gan.h"

#include <torch/torch.h>

namespace adstudio::detail {

class GradientSync;

// Trains the scorer on real images [N, C, r, r] with labels [N]; returns held-out accuracy.
// With `sync` (data-parallel), each rank trains on its share of every batch, batch norm's
// statistics and the gradients summed over the ranks: every rank ends with one process's scorer.
// Throws what Gloo throws when a rank is gone.
double trainClassifier(models::ImageClassifier& classifier, const torch::Tensor& images,
                       const torch::Tensor& labels, int epochs, std::uint64_t seed,
                       const JobContext& job, GradientSync* sync = nullptr);
// Penultimate features [N, 128] (double) and predicted classes [N].
void classify(models::ImageClassifier& classifier, const torch::Tensor& images,
              torch::Tensor* features, torch::Tensor* predicted);
// Fréchet distance between two feature sets (Heusel et al. 2017), computed in double with a
// symmetric eigen-decomposition for the matrix square root.
double frechetDistance(const torch::Tensor& a, const torch::Tensor& b);
// Mean pairwise feature distance within classes: generated over real. 1 means as varied as
// the real images; a generator that draws one image per class scores 0.
double diversityRatio(const torch::Tensor& generated, const torch::Tensor& generatedClasses,
                      const torch::Tensor& real, const torch::Tensor& realClasses);

}  // namespace adstudio::detail
