// SPDX-License-Identifier: MIT
#include "feature_mlp.h"

namespace adstudio::models {

FeatureMlpImpl::FeatureMlpImpl(FeatureMlpOptions options) : m_options(std::move(options)) {
    m_embedding = register_module("embedding", FieldEmbedding(m_options.fields));
    MlpOptions mlp;
    mlp.inputs = m_embedding->fields() * m_options.fields.dim;
    mlp.hidden = m_options.hidden;
    mlp.activation = m_options.activation;
    mlp.dropout = m_options.dropout;
    mlp.outputs = 1;
    mlp.output = "none";
    m_mlp = register_module("mlp", Mlp(mlp));
}

torch::Tensor FeatureMlpImpl::forward(const torch::Tensor& categorical,
                                      const torch::Tensor& numeric) {
    return m_mlp->logits(m_embedding->forward(categorical, numeric).flatten(1)).squeeze(1);
}

}  // namespace adstudio::models
