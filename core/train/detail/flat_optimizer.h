// SPDX-License-Identifier: MIT
// Private to core/train: Adam, SGD with momentum and Adagrad over one flat parameter buffer.
#pragma once

#include "train/detail/update_rules.h"
#include "train/optimizer_settings.h"

#include <torch/torch.h>

#include <vector>

namespace adstudio::detail {

// An embedding table whose gradient arrives sparse (Embedding with sparse(true)) and whose rows
// a step updates only where the step looked them up ("lazy" Adam, as TensorFlow's LazyAdam and
// torch.optim.SparseAdam): the step then costs the batch's rows, not the table's.
class RowSparseTable {
public:
    // What the table's gradient hook fills: the indices each backward looked up and, for a CPU
    // table, the gradient rows added straight into the flat gradient buffer.
    struct Sink {
        std::vector<torch::Tensor> lookups;
        torch::Tensor gradient;  // the table's rows in the flat gradient buffer (rebind sets it)
        torch::Tensor nothing;   // an empty sparse gradient, handed back to autograd
    };

    explicit RowSparseTable(torch::Tensor weight);
    const torch::Tensor& weight() const { return m_weight; }
    // The rows looked up since the last clear() (int64, sorted, unique).
    const torch::Tensor& rows();
    // Replaces them (data-parallel training: the union over the ranks).
    void setRows(torch::Tensor rows) {
        m_sink->lookups.clear();
        m_rows = std::move(rows);
    }
    void clear() { setRows(torch::Tensor()); }
    // The gradient hook: records the looked-up indices and, where it can, adds the gradient
    // rows itself; returns what autograd should add instead (undefined: the gradient as is).
    static torch::Tensor onGradient(Sink& sink, const torch::Tensor& grad);
    std::shared_ptr<Sink> sink() const { return m_sink; }

private:
    torch::Tensor m_weight;
    std::shared_ptr<Sink> m_sink;
    torch::Tensor m_rows;
    std::vector<std::uint8_t> m_seen;  // rows() marks each row it meets here, then clears it
};

// LibTorch's optimizers run ~10 small kernels per parameter tensor per step; with a dozen
// tensors and batches of a few hundred rows that dominated the step time. Here every
// parameter (and its gradient) is a view into one contiguous buffer, and on the CPU a step is
// one pass over it (update_rules.h) — on the rows a step touches only, for the row-sparse
// tables. The update rules are torch.optim's (Adam without amsgrad, SGD with momentum and no
// dampening, Adagrad), weight decay as L2 added to the gradient.
class FlatOptimizer {
public:
    // `rowSparseTables`: parameters of `module` whose gradients arrive sparse (see above).
    FlatOptimizer(torch::nn::Module& module, const OptimizerSettings& settings,
                  const std::vector<torch::Tensor>& rowSparseTables = {});
    ~FlatOptimizer();
    FlatOptimizer(const FlatOptimizer&) = delete;
    FlatOptimizer& operator=(const FlatOptimizer&) = delete;

    void zeroGrad();
    void step();
    void setLearningRate(double rate) { m_rate = rate; }
    // Re-points the module's parameters at the buffer after something replaced their storage
    // (Module::load does), keeping their current values.
    void rebind();
    // The row-sparse tables; data-parallel training replaces their rows by the union over the
    // ranks before step(), so every rank updates the rows any rank looked up.
    std::vector<RowSparseTable>& rowSparseTables() { return m_tableRows; }

    void save(torch::serialize::OutputArchive& archive) const;
    void load(torch::serialize::InputArchive& archive);

private:
    struct Span {
        std::int64_t offset = 0, count = 0, rows = 0;  // rows > 0: a row-sparse table
        std::size_t table = 0;                         // its index in m_tableRows
    };
    UpdateRule rule() const;
    // The CPU step: the update rules on the buffers' memory. Elsewhere (CUDA) tensor operators.
    void stepInPlace(const UpdateRule& rule);
    void stepByOperators(const UpdateRule& rule);
    // Adam on CUDA with LibTorch 2.x: one fused kernel over every dense run and table's rows
    // (false where it does not apply).
    bool stepAdamFused(const UpdateRule& rule);
    void update(const UpdateRule& rule, torch::Tensor params, torch::Tensor grad,
                torch::Tensor first, torch::Tensor second) const;
    torch::Tensor tableView(const torch::Tensor& flat, const Span& span) const;

    torch::nn::Module& m_module;
    OptimizerSettings m_settings;
    double m_rate;
    std::int64_t m_steps = 0;
    torch::Tensor m_params, m_grads, m_first, m_second;
    torch::Tensor m_stepOnDevice;  // the fused kernel reads the step count from the device
    std::vector<RowSparseTable> m_tableRows;
    std::vector<unsigned> m_hooks;
    std::vector<Span> m_spans;  // the buffer in parameter order: dense runs and tables
};

}  // namespace adstudio::detail
