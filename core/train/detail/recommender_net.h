// SPDX-License-Identifier: MIT
// Private to core/train: one of the recommender networks plus the feature tables it reads.
#pragma once

#include "deepfm.h"
#include "ease.h"
#include "feature_mlp.h"
#include "neumf.h"
#include "train/recommender.h"

#include <torch/torch.h>

namespace adstudio::detail {

// Side features as tensors: codes [n, fields] (int64) and values [n, fields] (float) for users,
// items and interaction rows (context).
struct FeatureTables {
    torch::Tensor userCodes, itemCodes, contextCodes;
    torch::Tensor userValues, itemValues, contextValues;

    static FeatureTables from(const EncodedInteractions& encoding, const torch::Device& device);
    void write(torch::serialize::OutputArchive& archive) const;
    void read(torch::serialize::InputArchive& archive);
};

// Platt scaling of a click model's logits, fitted on the validation split after training:
// the probability served is sigmoid(scale * logit + shift).
struct Calibration {
    double scale = 1, shift = 0;
};

class RecommenderNet {
public:
    RecommenderNet(RecommenderKind kind, const RecommenderConfig& config,
                   const EncodedInteractions& encoding, FeatureTables tables,
                   const torch::Device& device);

    // Logits [B] (ratings for the rating task) for user and item indices [B]; `rows` indexes
    // the context tables and may be undefined (no context: code 0, value 0).
    torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items,
                          const torch::Tensor& rows);
    torch::nn::Module& module() { return *m_module; }
    const torch::nn::Module& module() const { return *m_module; }
    // Switches the embedding tables of at least `minFloats` numbers to sparse gradients and
    // returns their weights, for an optimizer that updates only the rows a step looked up
    // (FlatOptimizer's row-sparse tables).
    std::vector<torch::Tensor> rowSparseTables(std::int64_t minFloats);
    RecommenderKind kind() const { return m_kind; }
    FeatureTables& tables() { return m_tables; }
    models::NeuMF neumf() const { return m_neumf; }
    models::Ease ease() const { return m_ease; }
    const Calibration& calibration() const { return m_calibration; }
    void setCalibration(const Calibration& calibration) { m_calibration = calibration; }
    // Logits as the calibrated probabilities' logits.
    torch::Tensor calibrated(const torch::Tensor& logits) const {
        return logits * m_calibration.scale + m_calibration.shift;
    }

    torch::Tensor userEmbeddings() const;
    torch::Tensor itemEmbeddings() const;

private:
    // The field inputs of feature models (DeepFM, the fused MLP) for a batch: the user's and
    // item's ids and side codes, the context row's codes and values.
    void features(const torch::Tensor& users, const torch::Tensor& items, const torch::Tensor& rows,
                  torch::Tensor* codes, torch::Tensor* values) const;

    RecommenderKind m_kind;
    Calibration m_calibration;
    FeatureTables m_tables;
    torch::Device m_device;
    models::NeuMF m_neumf{nullptr};
    models::Ease m_ease{nullptr};
    models::DeepFM m_deepfm{nullptr};
    models::FeatureMlp m_mlp{nullptr};
    std::shared_ptr<torch::nn::Module> m_module;
};

}  // namespace adstudio::detail
