// SPDX-License-Identifier: MIT
// Built with -fno-math-errno (core/CMakeLists.txt) so that the square roots vectorise.
#include "train/detail/update_rules.h"

#include <cmath>

namespace adstudio::detail {

namespace {

// The gradient with L2 weight decay added, as torch.optim adds it.
inline float decayed(float decay, float grad, float param) {
    return decay != 0 ? grad + decay * param : grad;
}

void adam(const UpdateRule& rule, float* params, const float* grad, float* first, float* second,
          std::int64_t count) {
    const float b1 = rule.beta1, b2 = rule.beta2, keep1 = 1 - b1, keep2 = 1 - b2;
    const float decay = rule.weightDecay, scale = rule.secondScale, step = -rule.stepSize;
    for (std::int64_t i = 0; i < count; ++i) {
        const float g = decayed(decay, grad[i], params[i]);
        first[i] = first[i] * b1 + keep1 * g;
        second[i] = second[i] * b2 + keep2 * g * g;
        const float denominator = std::sqrt(second[i]) * scale + 1e-8f;
        params[i] += step * (first[i] / denominator);
    }
}

void sgd(const UpdateRule& rule, float* params, const float* grad, float* first,
         std::int64_t count) {
    const float decay = rule.weightDecay, momentum = rule.momentum, step = -rule.rate;
    if (momentum == 0) {
        for (std::int64_t i = 0; i < count; ++i)
            params[i] += step * decayed(decay, grad[i], params[i]);
        return;
    }
    // The buffer starts at zero, so its first update is the gradient, as torch.optim's.
    for (std::int64_t i = 0; i < count; ++i) {
        first[i] = first[i] * momentum + decayed(decay, grad[i], params[i]);
        params[i] += step * first[i];
    }
}

void adagrad(const UpdateRule& rule, float* params, const float* grad, float* second,
             std::int64_t count) {
    const float decay = rule.weightDecay, step = -rule.rate;
    for (std::int64_t i = 0; i < count; ++i) {
        const float g = decayed(decay, grad[i], params[i]);
        second[i] += g * g;
        params[i] += step * (g / (std::sqrt(second[i]) + 1e-10f));
    }
}

}  // namespace

void applyUpdate(const UpdateRule& rule, float* params, const float* grad, float* first,
                 float* second, std::int64_t count) {
    switch (rule.kind) {
        case UpdateRule::Kind::Adam:
            adam(rule, params, grad, first, second, count);
            break;
        case UpdateRule::Kind::Sgd:
            sgd(rule, params, grad, first, count);
            break;
        case UpdateRule::Kind::Adagrad:
            adagrad(rule, params, grad, second, count);
            break;
    }
}

}  // namespace adstudio::detail
