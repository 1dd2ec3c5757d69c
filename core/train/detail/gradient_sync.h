// SPDX-License-Identifier: MIT
// Private to core/train: the gradient all-reduce of data-parallel training (c10d's rendezvous,
// Gloo's ring).
#pragma once

#include "common/error.h"
#include "train/detail/flat_optimizer.h"
#include "train/distributed.h"

#include <torch/torch.h>

#include <memory>

namespace adstudio::detail {

class GradientSync {
public:
    // Joins the process group (every rank must call it); an error names the rank or timeout.
    static Result<std::unique_ptr<GradientSync>> connect(const DistributedSettings& settings);
    ~GradientSync();

    // Sums every parameter's gradient and `*lossSum` over the ranks in one flat buffer; of
    // embedding tables over 2 MB only the rows some rank touched, after the ranks have agreed
    // which rows those are (a number per table row, or row lists: docs/distributed-training.md).
    // Row-sparse tables (`rowSparse`, the optimizer's) are tables too; their looked-up rows
    // become the union over the ranks, which the optimizer then updates on every rank.
    // Throws what Gloo throws when a rank is gone (the caller turns it into an Error).
    void allReduce(torch::nn::Module& module, double* lossSum,
                   std::vector<RowSparseTable>* rowSparse = nullptr);
    // The same with several numbers summed beside the gradients (losses, scores).
    void allReduce(torch::nn::Module& module, std::vector<double>& sums,
                   std::vector<RowSparseTable>* rowSparse = nullptr);
    // `x` summed over the ranks inside autograd: its backward sums the gradients over the
    // ranks too (synced batch norm's statistics, a loss term over the global batch).
    torch::Tensor sumOverRanks(const torch::Tensor& x);
    // `x` (contiguous) replaced by its sum over the ranks; counted as communication.
    void sumInPlace(torch::Tensor& x);
    // The same outside training's figures (bytes per step, communication seconds): held-out
    // scores gathered for evaluation.
    void sumUncounted(torch::Tensor& x);
    // A barrier: every rank reached this point (the end of training).
    void barrier();
    // Zeroes the figures below (bytes, steps, seconds, overflows): what came before (the GAN's
    // quality scorer) is not the training they describe.
    void resetFigures();

    int rank() const;
    int worldSize() const;
    // What a failed collective means to this rank (another one is gone), naming `file` (the
    // checkpoint) when given, with the way to continue.
    Error lostRankError(const std::exception& e, const QString& file = {}) const;
    // Mean bytes all-reduced per step (row masks included).
    std::int64_t bytesPerStep() const { return m_steps ? m_bytes / m_steps : 0; }
    std::int64_t bytes() const { return m_bytes; }
    double communicationSeconds() const { return m_seconds; }
    // Of those, the seconds inside the collectives themselves (the wire, and waiting for a
    // slower rank); the rest is packing and unpacking gradients and agreeing on rows.
    double collectiveSeconds() const;
    std::int64_t steps() const { return m_steps; }
    // Steps whose looked-up rows outgrew the slots of the one-collective way (each took the
    // three-collective way, and the slots grew).
    std::int64_t slotOverflows() const { return m_slotOverflows; }

private:
    GradientSync() = default;
    // The rows of each table that some rank touched (see allReduce); row-sparse tables' rows
    // become that union. Adds the bytes sent to `*bytes`.
    std::vector<torch::Tensor> agreeOnRows(const std::vector<torch::Tensor>& tables,
                                           const std::vector<RowSparseTable*>& sparseOf,
                                           std::int64_t* bytes);
    // The same agreement and sum in one collective, when every table above the dense limit is
    // row-sparse: each rank writes its looked-up rows and their gradients in its own slot of a
    // zero buffer (room for m_slotRows rows per table), the dense gradients and `sums` in the
    // shared part. False, with nothing changed, when a rank had more rows than its slot holds
    // (m_slotRows then grows) or there is no room yet: the caller takes agreeOnRows' way.
    bool allReduceInSlots(const std::vector<torch::Tensor>& dense,
                          const std::vector<torch::Tensor>& tables,
                          const std::vector<RowSparseTable*>& sparseOf, std::vector<double>& sums,
                          std::int64_t* bytes);
    struct Group;
    std::unique_ptr<Group> m_group;
    std::int64_t m_slotRows = 0;
    std::int64_t m_slotOverflows = 0;
    std::int64_t m_bytes = 0;
    std::int64_t m_steps = 0;
    double m_seconds = 0;
};

}  // namespace adstudio::detail
