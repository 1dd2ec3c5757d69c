// SPDX-License-Identifier: MIT
// Private to core/train: the optimizers' update rules on plain float memory, one pass each.
#pragma once

#include <cstdint>

namespace adstudio::detail {

// One step's constants. The rules are torch.optim's (Adam without amsgrad, SGD with momentum
// and no dampening, Adagrad), weight decay as L2 added to the gradient, in the same order of
// float operations as FlatOptimizer's tensor path, so both give the same numbers up to
// vectorisation's rounding.
struct UpdateRule {
    enum class Kind { Sgd, Adagrad, Adam } kind = Kind::Adam;
    float rate = 0, weightDecay = 0, momentum = 0;
    float beta1 = 0, beta2 = 0;
    float secondScale = 1;  // Adam: 1 / sqrt(1 - beta2^t), the second moment's bias correction
    float stepSize = 0;     // Adam: rate / (1 - beta1^t)
};

// Updates `count` parameters in place from their gradients and moment buffers (`second`
// unused by SGD; `first` unused by Adagrad and by SGD without momentum).
void applyUpdate(const UpdateRule& rule, float* params, const float* grad, float* first,
                 float* second, std::int64_t count);

}  // namespace adstudio::detail
