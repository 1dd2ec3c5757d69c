// SPDX-License-Identifier: MIT
#pragma once

#include "spectral_norm.h"
#include "synced_batch_norm.h"

#include <torch/torch.h>

namespace adstudio::models {

// Conditional DCGAN for product visuals: the generator draws an image of the class asked for,
// the discriminator judges realism with a class projection (Miyato & Koyama, ICLR 2018).
struct ConditionalGanOptions {
    int64_t classes = 10;         // number of conditioning classes
    int64_t resolution = 32;      // 32, 64 or 128 (square)
    int64_t channels = 1;         // 1 (grey) or 3 (RGB)
    int64_t latent = 64;          // noise dimensions
    int64_t width = 64;           // channels of the widest layer at 32x32 (doubles per halving)
    int64_t embedding = 32;       // class embedding width in the generator
    bool conditionalNorm = true;  // class-conditional batch-norm gains and biases in G
    bool auxiliaryClassifier = false;  // D also names the class of what it sees (AC-GAN)

    // Up- or down-sampling steps between 4x4 and the resolution.
    int64_t steps() const;
    void validate() const;  // throws std::invalid_argument
};

// Batch norm whose gain and bias are looked up per class (de Vries et al. 2017; used by the
// SNGAN and BigGAN generators): every layer of G knows the class, not only its input.
class ConditionalBatchNorm2dImpl : public torch::nn::Module {
public:
    ConditionalBatchNorm2dImpl(int64_t features, int64_t classes);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& classes);
    void setBatchSum(BatchSum sum) { m_sum = std::move(sum); }

private:
    BatchSum m_sum;
    torch::nn::BatchNorm2d m_norm{nullptr};
    torch::nn::Embedding m_gain{nullptr};
    torch::nn::Embedding m_bias{nullptr};
};
TORCH_MODULE(ConditionalBatchNorm2d);

class ConditionalGeneratorImpl : public torch::nn::Module {
public:
    explicit ConditionalGeneratorImpl(ConditionalGanOptions options);
    // Images in [-1, 1], [B, channels, resolution, resolution], for noise [B, latent] and class
    // indices [B] (int64).
    torch::Tensor forward(const torch::Tensor& noise, const torch::Tensor& classes);
    const ConditionalGanOptions& options() const { return m_options; }
    // Data-parallel training: batch statistics summed over the processes (synced batch norm),
    // so each process's share of a batch is normalized as the whole batch would be. Not for
    // plain batch norm (older GAN folders), which is never trained data-parallel.
    void setBatchSum(const BatchSum& sum);

private:
    ConditionalGanOptions m_options;
    BatchSum m_sum;
    torch::nn::Embedding m_embedding{nullptr};
    torch::nn::Linear m_project{nullptr};
    torch::nn::BatchNorm1d m_projectNorm{nullptr};
    torch::nn::Sequential m_body{nullptr};  // without conditionalNorm (older GAN folders)
    torch::nn::ModuleList m_upsample{nullptr};
    std::vector<ConditionalBatchNorm2d> m_norms;
    torch::nn::Conv2d m_output{nullptr};
};
TORCH_MODULE(ConditionalGenerator);

class ProjectionDiscriminatorImpl : public torch::nn::Module {
public:
    explicit ProjectionDiscriminatorImpl(ConditionalGanOptions options);
    // Realism logits [B] for images [B, channels, r, r] and their classes [B]. With the
    // auxiliary classifier, classLogits (when given) receives its logits [B, classes] from the
    // same features.
    torch::Tensor forward(const torch::Tensor& images, const torch::Tensor& classes,
                          torch::Tensor* classLogits = nullptr);

private:
    ConditionalGanOptions m_options;
    torch::nn::Sequential m_body{nullptr};
    SNLinear m_realism{nullptr};
    SNLinear m_classProjection{nullptr};
    SNLinear m_classifier{nullptr};
    int64_t m_features = 0;
};
TORCH_MODULE(ProjectionDiscriminator);

// A small CNN classifier of real images: the GAN's quality scorer. Its penultimate layer gives
// the features for the Fréchet distance and the diversity ratio.
class ImageClassifierImpl : public torch::nn::Module {
public:
    ImageClassifierImpl(int64_t classes, int64_t channels);
    torch::Tensor forward(const torch::Tensor& images);   // class logits
    torch::Tensor features(const torch::Tensor& images);  // [B, 128]
    // Data-parallel training: batch statistics over every process's share (synced batch norm).
    void setBatchSum(BatchSum sum) { m_sum = std::move(sum); }

private:
    torch::nn::Sequential m_body{nullptr};
    torch::nn::Linear m_head{nullptr};
    BatchSum m_sum;
};
TORCH_MODULE(ImageClassifier);

}  // namespace adstudio::models
