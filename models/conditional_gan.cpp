// SPDX-License-Identifier: MIT
#include "conditional_gan.h"

#include <stdexcept>

namespace adstudio::models {

int64_t ConditionalGanOptions::steps() const {
    int64_t steps = 0;
    for (int64_t size = 4; size < resolution; size *= 2) ++steps;
    return steps;
}

void ConditionalGanOptions::validate() const {
    if (resolution != 32 && resolution != 64 && resolution != 128)
        throw std::invalid_argument("ConditionalGan: resolution must be 32, 64 or 128");
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("ConditionalGan: channels must be 1 or 3");
    if (classes < 1 || latent < 1 || width < 4)
        throw std::invalid_argument("ConditionalGan: classes, latent and width must be positive");
}

namespace {
// Channels at a given number of halvings below the resolution: width at 32x32, doubling each
// halving below it and halving each doubling above it (at least 16).
int64_t channelsAt(const ConditionalGanOptions& o, int64_t size) {
    int64_t c = o.width;
    for (int64_t s = size; s < 32; s *= 2) c *= 2;
    for (int64_t s = size; s > 32; s /= 2) c = std::max<int64_t>(16, c / 2);
    return c;
}
}  // namespace

ConditionalBatchNorm2dImpl::ConditionalBatchNorm2dImpl(int64_t features, int64_t classes) {
    m_norm = register_module(
        "norm", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(features).affine(false)));
    m_gain = register_module("gain", torch::nn::Embedding(classes, features));
    m_bias = register_module("bias", torch::nn::Embedding(classes, features));
    torch::NoGradGuard noGrad;
    m_gain->weight.fill_(1);  // starts as plain batch norm
    m_bias->weight.zero_();
}

torch::Tensor ConditionalBatchNorm2dImpl::forward(const torch::Tensor& x,
                                                  const torch::Tensor& classes) {
    const auto gain = m_gain->forward(classes).unsqueeze(2).unsqueeze(3);
    const auto bias = m_bias->forward(classes).unsqueeze(2).unsqueeze(3);
    return syncedBatchNorm(*m_norm, x, m_sum) * gain + bias;
}

ConditionalGeneratorImpl::ConditionalGeneratorImpl(ConditionalGanOptions options)
    : m_options(options) {
    m_options.validate();
    m_embedding =
        register_module("embedding", torch::nn::Embedding(options.classes, options.embedding));
    const int64_t first = channelsAt(options, 4);
    m_project = register_module("project",
                                torch::nn::Linear(options.latent + options.embedding, first * 16));
    m_projectNorm = register_module("project_norm", torch::nn::BatchNorm1d(first * 16));
    auto upsample = [](int64_t in, int64_t out) {
        return torch::nn::ConvTranspose2d(
            torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1).bias(false));
    };
    auto output = [&] {
        return torch::nn::Conv2d(
            torch::nn::Conv2dOptions(channelsAt(options, options.resolution), options.channels, 3)
                .padding(1));
    };
    if (!options.conditionalNorm) {
        torch::nn::Sequential body;
        for (int64_t size = 4; size < options.resolution; size *= 2) {
            const int64_t in = channelsAt(options, size), out = channelsAt(options, size * 2);
            body->push_back(upsample(in, out));
            body->push_back(torch::nn::BatchNorm2d(out));
            body->push_back(torch::nn::ReLU(true));
        }
        body->push_back(output());
        body->push_back(torch::nn::Tanh());
        m_body = register_module("body", body);
        return;
    }
    m_upsample = register_module("upsample", torch::nn::ModuleList());
    for (int64_t size = 4; size < options.resolution; size *= 2) {
        const int64_t in = channelsAt(options, size), out = channelsAt(options, size * 2);
        m_upsample->push_back(upsample(in, out));
        m_norms.push_back(register_module("norm" + std::to_string(m_norms.size()),
                                          ConditionalBatchNorm2d(out, options.classes)));
    }
    m_output = register_module("output", output());
}

void ConditionalGeneratorImpl::setBatchSum(const BatchSum& sum) {
    if (m_body) throw std::invalid_argument("ConditionalGenerator: plain batch norm cannot sync");
    m_sum = sum;
    for (auto& norm : m_norms) norm->setBatchSum(sum);
}

torch::Tensor ConditionalGeneratorImpl::forward(const torch::Tensor& noise,
                                                const torch::Tensor& classes) {
    auto h = m_project->forward(torch::cat({noise, m_embedding->forward(classes)}, 1));
    h = torch::relu(syncedBatchNorm(*m_projectNorm, h, m_sum))
            .view({noise.size(0), channelsAt(m_options, 4), 4, 4});
    if (m_body) return m_body->forward(h);
    for (std::size_t i = 0; i < m_norms.size(); ++i)
        h = torch::relu(m_norms[i]->forward(
            m_upsample[i]->as<torch::nn::ConvTranspose2d>()->forward(h), classes));
    return torch::tanh(m_output->forward(h));
}

ProjectionDiscriminatorImpl::ProjectionDiscriminatorImpl(ConditionalGanOptions options)
    : m_options(options) {
    m_options.validate();
    torch::nn::Sequential body;
    int64_t in = options.channels;
    for (int64_t size = options.resolution; size > 4; size /= 2) {
        const int64_t out = channelsAt(options, size / 2);
        body->push_back(SNConv2d(SNConv2dOptions{in, out, 4, 2, 1}));
        body->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
        in = out;
    }
    body->push_back(SNConv2d(SNConv2dOptions{in, in, 3, 1, 1}));
    body->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    m_body = register_module("body", body);
    m_features = in;
    m_realism = register_module("realism", SNLinear(in, 1));
    m_classProjection = register_module("class_projection", SNLinear(options.classes, in, false));
    if (options.auxiliaryClassifier)
        m_classifier = register_module("classifier", SNLinear(in, options.classes));
}

torch::Tensor ProjectionDiscriminatorImpl::forward(const torch::Tensor& images,
                                                   const torch::Tensor& classes,
                                                   torch::Tensor* classLogits) {
    const auto h = m_body->forward(images).sum({2, 3});  // global sum pooling [B, features]
    if (classLogits && m_classifier) *classLogits = m_classifier->forward(h);
    const auto classVectors = m_classProjection->weight().t().index_select(0, classes);
    return m_realism->forward(h).squeeze(1) + (classVectors * h).sum(1);
}

ImageClassifierImpl::ImageClassifierImpl(int64_t classes, int64_t channels) {
    torch::nn::Sequential body;
    int64_t in = channels;
    for (const int64_t out : {32, 64, 128}) {
        body->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
        body->push_back(torch::nn::BatchNorm2d(out));
        body->push_back(torch::nn::ReLU(true));
        body->push_back(torch::nn::MaxPool2d(2));
        in = out;
    }
    // Global average pooling makes the head independent of the image size.
    body->push_back(torch::nn::AdaptiveAvgPool2d(1));
    body->push_back(torch::nn::Flatten());
    m_body = register_module("body", body);
    m_head = register_module("head", torch::nn::Linear(128, classes));
}

torch::Tensor ImageClassifierImpl::features(const torch::Tensor& images) {
    if (!m_sum || !is_training()) return m_body->forward(images);
    torch::Tensor h = images;
    for (auto& layer : *m_body) {
        auto* norm = layer.ptr()->as<torch::nn::BatchNorm2dImpl>();
        h = norm ? syncedBatchNorm(*norm, h, m_sum) : layer.forward(h);
    }
    return h;
}

torch::Tensor ImageClassifierImpl::forward(const torch::Tensor& images) {
    return m_head->forward(features(images));
}

}  // namespace adstudio::models
