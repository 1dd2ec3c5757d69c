// SPDX-License-Identifier: MIT
#include "train/optimizer_settings.h"

#include <cmath>

namespace adstudio {

double OptimizerSettings::rateAtEpoch(int epoch) const {
    return learningRate * std::pow(decayPerEpoch, epoch);
}

QJsonObject OptimizerSettings::toJson() const {
    return {{"name", name},
            {"lr", learningRate},
            {"momentum", momentum},
            {"beta1", beta1},
            {"beta2", beta2},
            {"weight_decay", weightDecay},
            {"lr_decay", decayPerEpoch}};
}

OptimizerSettings OptimizerSettings::fromJson(const QJsonObject& json) {
    OptimizerSettings s;
    s.name = json.value("name").toString(s.name);
    s.learningRate = json.value("lr").toDouble(s.learningRate);
    s.momentum = json.value("momentum").toDouble(s.momentum);
    s.beta1 = json.value("beta1").toDouble(s.beta1);
    s.beta2 = json.value("beta2").toDouble(s.beta2);
    s.weightDecay = json.value("weight_decay").toDouble(s.weightDecay);
    s.decayPerEpoch = json.value("lr_decay").toDouble(s.decayPerEpoch);
    return s;
}

}  // namespace adstudio
