// SPDX-License-Identifier: MIT
#include "train/detail/flat_optimizer.h"

#include "train/detail/torch_support.h"

#include <algorithm>
#include <cmath>

namespace adstudio::detail {

namespace {

// The distinct values of an index tensor, ascending (int64, on the tensor's device). Each value
// is marked in `seen` (a byte per table row, all zero between calls) and only the first
// sightings are sorted: a step's lookups repeat (DeepFM's 33 fields look up ~17,000 codes per
// 512 rows, ~1,500 of them distinct), and sorting every lookup (std::sort) was 5% of a
// data-parallel step's time; at::_unique (a hash set, then a sort) cost more still.
torch::Tensor sortedUnique(const torch::Tensor& indices, std::vector<std::uint8_t>& seen) {
    const auto values = indices.reshape({-1}).to(torch::kCPU, torch::kLong).contiguous();
    const auto* value = values.data_ptr<std::int64_t>();
    std::vector<std::int64_t> distinct;
    for (std::int64_t i = 0; i < values.numel(); ++i) {
        const auto at = std::size_t(value[i]);
        if (at >= seen.size()) seen.resize(at + 1, 0);
        if (seen[at]) continue;
        seen[at] = 1;
        distinct.push_back(value[i]);
    }
    for (const auto row : distinct) seen[std::size_t(row)] = 0;
    std::sort(distinct.begin(), distinct.end());
    return torch::tensor(distinct, torch::kLong).to(indices.device());
}

}  // namespace

FlatOptimizer::FlatOptimizer(torch::nn::Module& module, const OptimizerSettings& settings,
                             const std::vector<torch::Tensor>& rowSparseTables)
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
    for (const auto& weight : rowSparseTables) {
        m_tableRows.emplace_back(weight);
        // The hook sees the sparse gradient before it is added to the flat buffer: its
        // indices are the rows this backward looked up.
        auto lookups = m_tableRows.back().lookups();
        m_hooks.push_back(weight.register_hook(
            [lookups](const torch::Tensor& grad) { RowSparseTable::record(*lookups, grad); }));
    }
    rebind();
}

FlatOptimizer::~FlatOptimizer() {
    for (std::size_t i = 0; i < m_hooks.size(); ++i)
        m_tableRows[i].weight().remove_hook(m_hooks[i]);
}

RowSparseTable::RowSparseTable(torch::Tensor weight)
    : m_weight(std::move(weight)),
      m_lookups(std::make_shared<std::vector<torch::Tensor>>()),
      m_seen(std::size_t(m_weight.size(0)), 0) {}

void RowSparseTable::record(std::vector<torch::Tensor>& lookups, const torch::Tensor& grad) {
    if (grad.is_sparse())
        lookups.push_back(grad._indices().reshape({-1}));
    else  // a dense gradient: every row counts as looked up
        lookups.push_back(torch::arange(grad.size(0), grad.options().dtype(torch::kLong)));
}

const torch::Tensor& RowSparseTable::rows() {
    if (!m_lookups->empty()) {
        std::vector<torch::Tensor> parts = *m_lookups;
        if (m_rows.defined()) parts.push_back(m_rows);
        m_rows = sortedUnique(torch::cat(parts), m_seen);
        m_lookups->clear();
    }
    if (!m_rows.defined()) m_rows = torch::empty({0}, m_weight.options().dtype(torch::kLong));
    return m_rows;
}

void FlatOptimizer::rebind() {
    torch::NoGradGuard noGrad;
    std::int64_t offset = 0;
    m_spans.clear();
    for (auto& p : m_module.parameters()) {
        const std::int64_t n = p.numel();
        auto slot = m_params.narrow(0, offset, n);
        slot.copy_(p.detach().reshape({-1}));
        p.set_data(slot.view(p.sizes()));
        p.mutable_grad() = m_grads.narrow(0, offset, n).view(p.sizes());
        Span span{offset, n, 0, 0};
        for (std::size_t t = 0; t < m_tableRows.size(); ++t) {
            if (m_tableRows[t].weight().is_same(p)) span = Span{offset, n, p.size(0), t};
        }
        if (span.rows == 0 && !m_spans.empty() && m_spans.back().rows == 0)
            m_spans.back().count += n;  // dense runs merge: one update per run
        else
            m_spans.push_back(span);
        offset += n;
    }
}

torch::Tensor FlatOptimizer::tableView(const torch::Tensor& flat, const Span& span) const {
    return flat.narrow(0, span.offset, span.count).view({span.rows, span.count / span.rows});
}

void FlatOptimizer::zeroGrad() {
    torch::NoGradGuard noGrad;
    if (m_tableRows.empty()) {
        m_grads.zero_();
        return;
    }
    for (const auto& span : m_spans) {
        if (span.rows == 0) {
            m_grads.narrow(0, span.offset, span.count).zero_();
            continue;
        }
        // Only the rows looked up since the last zeroing hold a gradient.
        auto& table = m_tableRows[span.table];
        tableView(m_grads, span).index_fill_(0, table.rows(), 0.0);
        table.clear();
    }
}

void FlatOptimizer::step() {
    torch::NoGradGuard noGrad;
    ++m_steps;
    const auto part = [](const torch::Tensor& flat, const Span& span) {
        return flat.defined() ? flat.narrow(0, span.offset, span.count) : flat;
    };
    for (const auto& span : m_spans) {
        if (span.rows == 0) {
            update(part(m_params, span), part(m_grads, span), part(m_first, span),
                   part(m_second, span));
            continue;
        }
        const auto rows = m_tableRows[span.table].rows();
        if (rows.numel() == 0) continue;
        const auto gather = [&](const torch::Tensor& flat) {
            return flat.defined() ? tableView(flat, span).index_select(0, rows) : flat;
        };
        auto params = gather(m_params), first = gather(m_first), second = gather(m_second);
        update(params, gather(m_grads), first, second);
        tableView(m_params, span).index_copy_(0, rows, params);
        tableView(m_first, span).index_copy_(0, rows, first);
        if (second.defined()) tableView(m_second, span).index_copy_(0, rows, second);
    }
}

void FlatOptimizer::update(torch::Tensor params, torch::Tensor grad, torch::Tensor first,
                           torch::Tensor second) const {
    if (m_settings.weightDecay != 0) grad = grad.add(params, m_settings.weightDecay);
    if (m_settings.name == "sgd") {
        if (m_settings.momentum != 0) {
            // The buffer starts at zero, so its first update is the gradient, as torch.optim's.
            first.mul_(m_settings.momentum).add_(grad);
            grad = first;
        }
        params.add_(grad, -m_rate);
    } else if (m_settings.name == "adagrad") {
        second.addcmul_(grad, grad, 1.0);
        params.addcdiv_(grad, second.sqrt().add_(1e-10), -m_rate);
    } else {
        const double b1 = m_settings.beta1, b2 = m_settings.beta2;
        first.mul_(b1).add_(grad, 1 - b1);
        second.mul_(b2).addcmul_(grad, grad, 1 - b2);
        const double correction1 = 1 - std::pow(b1, double(m_steps));
        const double correction2 = 1 - std::pow(b2, double(m_steps));
        const auto denominator = (second.sqrt() / std::sqrt(correction2)).add_(1e-8);
        params.addcdiv_(first, denominator, -m_rate / correction1);
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
