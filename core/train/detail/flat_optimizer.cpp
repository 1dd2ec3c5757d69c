// SPDX-License-Identifier: MIT
#include "train/detail/flat_optimizer.h"

#include "train/detail/torch_support.h"

#include <cmath>

namespace adstudio::detail {

FlatOptimizer::FlatOptimizer(torch::nn::Module& module, const OptimizerSettings& settings)
    : m_module(module), m_settings(settings), m_rate(settings.learningRate) {
    std::int64_t total = 0;
    torch::Device device(torch::kCPU);
    for (const auto& p : module.parameters()) {
        total += p.numel();
        device = p.device();
    }
    const auto options = torch::TensorOptions(torch::kFloat).device(device);
    m_params = torch::zeros({total}, options);
    m_grads = torch::zeros({total}, options);
    m_first = torch::zeros({total}, options);
    if (m_settings.name != "sgd") m_second = torch::zeros({total}, options);
    rebind();
}

void FlatOptimizer::rebind() {
    torch::NoGradGuard noGrad;
    std::int64_t offset = 0;
    for (auto& p : m_module.parameters()) {
        const std::int64_t n = p.numel();
        auto slot = m_params.narrow(0, offset, n);
        slot.copy_(p.detach().reshape({-1}));
        p.set_data(slot.view(p.sizes()));
        p.mutable_grad() = m_grads.narrow(0, offset, n).view(p.sizes());
        offset += n;
    }
}

void FlatOptimizer::step() {
    torch::NoGradGuard noGrad;
    ++m_steps;
    torch::Tensor grad = m_grads;
    if (m_settings.weightDecay != 0) grad = grad.add(m_params, m_settings.weightDecay);
    if (m_settings.name == "sgd") {
        if (m_settings.momentum != 0) {
            if (m_steps == 1)
                m_first.copy_(grad);
            else
                m_first.mul_(m_settings.momentum).add_(grad);
            grad = m_first;
        }
        m_params.add_(grad, -m_rate);
    } else if (m_settings.name == "adagrad") {
        m_second.addcmul_(grad, grad, 1.0);
        m_params.addcdiv_(grad, m_second.sqrt().add_(1e-10), -m_rate);
    } else {
        const double b1 = m_settings.beta1, b2 = m_settings.beta2;
        m_first.mul_(b1).add_(grad, 1 - b1);
        m_second.mul_(b2).addcmul_(grad, grad, 1 - b2);
        const double correction1 = 1 - std::pow(b1, double(m_steps));
        const double correction2 = 1 - std::pow(b2, double(m_steps));
        const auto denominator = (m_second.sqrt() / std::sqrt(correction2)).add_(1e-8);
        m_params.addcdiv_(m_first, denominator, -m_rate / correction1);
    }
}

void FlatOptimizer::save(torch::serialize::OutputArchive& archive) const {
    archive.write("steps", torch::tensor(m_steps, torch::kLong), true);
    archive.write("first", m_first, true);
    if (m_second.defined()) archive.write("second", m_second, true);
}

void FlatOptimizer::load(torch::serialize::InputArchive& archive) {
    torch::NoGradGuard noGrad;
    m_steps = readTensor(archive, "steps").item<std::int64_t>();
    m_first.copy_(readTensor(archive, "first"));
    if (m_second.defined()) m_second.copy_(readTensor(archive, "second"));
}

}  // namespace adstudio::detail
