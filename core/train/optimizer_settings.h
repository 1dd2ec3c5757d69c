// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace adstudio {

// How parameters are updated; shared by every trainer (recommender, GAN).
struct OptimizerSettings {
    QString name = "adam";  // adam | sgd | adagrad
    double learningRate = 1e-3;
    double momentum = 0.9;     // sgd only
    double beta1 = 0.9;        // adam only
    double beta2 = 0.999;      // adam only
    double weightDecay = 0;    // L2 penalty
    double decayPerEpoch = 1;  // learning rate multiplied by this after every epoch

    bool isValid() const { return name == "adam" || name == "sgd" || name == "adagrad"; }
    double rateAtEpoch(int epoch) const;  // epoch 0-based
    QJsonObject toJson() const;
    static OptimizerSettings fromJson(const QJsonObject& json);
};

}  // namespace adstudio
