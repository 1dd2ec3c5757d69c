// SPDX-License-Identifier: MIT
// Private to core/train: Adam, SGD with momentum and Adagrad over one flat parameter buffer.
#pragma once

#include "train/optimizer_settings.h"

#include <torch/torch.h>

namespace adstudio::detail {

// LibTorch's optimizers run ~10 small kernels per parameter tensor per step; with a dozen
// tensors and batches of a few hundred rows that dominated the step time. Here every
// parameter (and its gradient) is a view into one contiguous buffer, so a step is ~8 kernels
// in all, whatever the model. The update rules are torch.optim's (Adam without amsgrad, SGD
// with momentum and no dampening, Adagrad), weight decay as L2 added to the gradient.
class FlatOptimizer {
public:
    FlatOptimizer(torch::nn::Module& module, const OptimizerSettings& settings);

    void zeroGrad() { m_grads.zero_(); }
    void step();
    void setLearningRate(double rate) { m_rate = rate; }
    // Re-points the module's parameters at the buffer after something replaced their storage
    // (Module::load does), keeping their current values.
    void rebind();

    void save(torch::serialize::OutputArchive& archive) const;
    void load(torch::serialize::InputArchive& archive);

private:
    torch::nn::Module& m_module;
    OptimizerSettings m_settings;
    double m_rate;
    std::int64_t m_steps = 0;
    torch::Tensor m_params, m_grads, m_first, m_second;
};

}  // namespace adstudio::detail
