// SPDX-License-Identifier: MIT
#include "train/detail/recommender_net.h"

#include "train/detail/torch_support.h"

namespace adstudio::detail {
namespace {

models::FieldEmbeddingOptions fieldOptions(const EncodedInteractions& encoding, int dim) {
    models::FieldEmbeddingOptions options;
    options.cardinalities = {std::max(1, encoding.userCount()), std::max(1, encoding.itemCount())};
    for (const auto& field : encoding.categorical)
        options.cardinalities.push_back(std::max<int64_t>(1, field.vocabulary.size()));
    options.numeric = int64_t(encoding.numeric.size());
    options.dim = dim;
    return options;
}

torch::Tensor gather(const torch::Tensor& table, const torch::Tensor& index) {
    return table.index_select(0, index);
}

}  // namespace

FeatureTables FeatureTables::from(const EncodedInteractions& e, const torch::Device& device) {
    FeatureTables t;
    auto codes = [&](const std::vector<std::int32_t>& v, int fields, std::int64_t rows) {
        return fields ? toTensor(v, fields).to(device)
                      : torch::zeros({rows, 0}, torch::TensorOptions(torch::kLong).device(device));
    };
    auto values = [&](const std::vector<float>& v, int fields, std::int64_t rows) {
        return fields ? toTensor(v, fields).to(device)
                      : torch::zeros({rows, 0}, torch::TensorOptions(torch::kFloat).device(device));
    };
    t.userCodes = codes(e.userCodes, e.userCategorical, e.userCount());
    t.itemCodes = codes(e.itemCodes, e.itemCategorical, e.itemCount());
    t.contextCodes = codes(e.contextCodes, e.contextCategorical, e.rows());
    t.userValues = values(e.userValues, e.userNumeric, e.userCount());
    t.itemValues = values(e.itemValues, e.itemNumeric, e.itemCount());
    t.contextValues = values(e.contextValues, e.contextNumeric, e.rows());
    return t;
}

void FeatureTables::write(torch::serialize::OutputArchive& archive) const {
    archive.write("user_codes", userCodes, true);
    archive.write("item_codes", itemCodes, true);
    archive.write("context_codes", contextCodes, true);
    archive.write("user_values", userValues, true);
    archive.write("item_values", itemValues, true);
    archive.write("context_values", contextValues, true);
}

void FeatureTables::read(torch::serialize::InputArchive& archive) {
    userCodes = readTensor(archive, "user_codes");
    itemCodes = readTensor(archive, "item_codes");
    contextCodes = readTensor(archive, "context_codes");
    userValues = readTensor(archive, "user_values");
    itemValues = readTensor(archive, "item_values");
    contextValues = readTensor(archive, "context_values");
}

RecommenderNet::RecommenderNet(RecommenderKind kind, const RecommenderConfig& config,
                               const EncodedInteractions& encoding, FeatureTables tables,
                               const torch::Device& device)
    : m_kind(kind), m_tables(std::move(tables)), m_device(device) {
    switch (kind) {
        case RecommenderKind::Gmf:
        case RecommenderKind::NcfMlp:
        case RecommenderKind::NeuMF:
        case RecommenderKind::Mf: {
            models::NeuMFOptions options;
            options.users = std::max(1, encoding.userCount());
            options.items = std::max(1, encoding.itemCount());
            options.factors = config.factors;
            options.layers = config.layers;
            options.dropout = config.dropout;
            options.mode = kind == RecommenderKind::Gmf      ? "gmf"
                           : kind == RecommenderKind::NcfMlp ? "mlp"
                           : kind == RecommenderKind::Mf     ? "mf"
                                                             : "neumf";
            m_neumf = models::NeuMF(options);
            m_module = m_neumf.ptr();
            break;
        }
        case RecommenderKind::Ease:
        case RecommenderKind::EaseSequence: {
            models::EaseOptions options;
            options.users = std::max(1, encoding.userCount());
            options.items = std::max(1, encoding.itemCount());
            options.sequential = kind == RecommenderKind::EaseSequence;
            m_ease = models::Ease(options);
            m_module = m_ease.ptr();
            break;
        }
        case RecommenderKind::Mlp: {
            models::FeatureMlpOptions options;
            options.fields = fieldOptions(encoding, config.factors);
            options.hidden = config.layers;
            options.dropout = config.dropout;
            m_mlp = models::FeatureMlp(options);
            m_module = m_mlp.ptr();
            break;
        }
        case RecommenderKind::DeepFM:
        case RecommenderKind::Logistic: {
            models::DeepFMOptions options;
            options.fields = fieldOptions(encoding, config.factors);
            options.hidden = config.layers;
            options.dropout = config.dropout;
            options.fm = options.deep = kind == RecommenderKind::DeepFM;
            m_deepfm = models::DeepFM(options);
            m_module = m_deepfm.ptr();
            break;
        }
    }
    m_module->to(device);
}

std::vector<torch::Tensor> RecommenderNet::rowSparseTables(std::int64_t minFloats) {
    std::vector<torch::Tensor> tables;
    for (const auto& child : m_module->modules()) {
        auto* embedding = child->as<torch::nn::EmbeddingImpl>();
        if (embedding && embedding->weight.numel() >= minFloats) {
            embedding->options.sparse(true);
            tables.push_back(embedding->weight);
        }
    }
    return tables;
}

void RecommenderNet::features(const torch::Tensor& users, const torch::Tensor& items,
                              const torch::Tensor& rows, torch::Tensor* codes,
                              torch::Tensor* values) const {
    const int64_t batch = users.size(0);
    std::vector<torch::Tensor> c{users.unsqueeze(1), items.unsqueeze(1)};
    std::vector<torch::Tensor> v;
    if (m_tables.userCodes.size(1)) c.push_back(gather(m_tables.userCodes, users));
    if (m_tables.itemCodes.size(1)) c.push_back(gather(m_tables.itemCodes, items));
    if (m_tables.userValues.size(1)) v.push_back(gather(m_tables.userValues, users));
    if (m_tables.itemValues.size(1)) v.push_back(gather(m_tables.itemValues, items));
    const auto onDevice = torch::TensorOptions().device(m_device);
    if (m_tables.contextCodes.size(1)) {
        c.push_back(rows.defined() ? gather(m_tables.contextCodes, rows)
                                   : torch::zeros({batch, m_tables.contextCodes.size(1)},
                                                  onDevice.dtype(torch::kLong)));
    }
    if (m_tables.contextValues.size(1)) {
        v.push_back(rows.defined() ? gather(m_tables.contextValues, rows)
                                   : torch::zeros({batch, m_tables.contextValues.size(1)},
                                                  onDevice.dtype(torch::kFloat)));
    }
    *codes = torch::cat(c, 1);
    *values =
        v.empty() ? torch::zeros({batch, 0}, onDevice.dtype(torch::kFloat)) : torch::cat(v, 1);
}

torch::Tensor RecommenderNet::forward(const torch::Tensor& users, const torch::Tensor& items,
                                      const torch::Tensor& rows) {
    if (m_neumf) return m_neumf->forward(users, items);
    if (m_ease) return m_ease->forward(users, items);
    torch::Tensor codes, values;
    features(users, items, rows, &codes, &values);
    return m_deepfm ? m_deepfm->forward(codes, values) : m_mlp->forward(codes, values);
}

torch::Tensor RecommenderNet::userEmbeddings() const {
    torch::NoGradGuard noGrad;
    if (m_neumf) return m_neumf->userEmbeddings();
    if (m_ease) return m_ease->userVectors();
    return (m_deepfm ? m_deepfm->embedding() : m_mlp->embedding())->fieldVectors(0);
}

torch::Tensor RecommenderNet::itemEmbeddings() const {
    torch::NoGradGuard noGrad;
    if (m_neumf) return m_neumf->itemEmbeddings();
    if (m_ease) return m_ease->itemVectors();
    return (m_deepfm ? m_deepfm->embedding() : m_mlp->embedding())->fieldVectors(1);
}

}  // namespace adstudio::detail
