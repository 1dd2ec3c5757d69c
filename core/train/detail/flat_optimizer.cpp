// SPDX-License-Identifier: MIT
#include "train/detail/flat_optimizer.h"

#include "train/detail/row_prefetch.h"
#include "train/detail/torch_support.h"

#include <torch/version.h>

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
        // The hook sees the sparse gradient before autograd adds it to the flat buffer: its
        // indices are the rows this backward looked up.
        auto sink = m_tableRows.back().sink();
        m_hooks.push_back(weight.register_hook(
            [sink](const torch::Tensor& grad) { return RowSparseTable::onGradient(*sink, grad); }));
    }
    rebind();
}

FlatOptimizer::~FlatOptimizer() {
    for (std::size_t i = 0; i < m_hooks.size(); ++i)
        m_tableRows[i].weight().remove_hook(m_hooks[i]);
}

RowSparseTable::RowSparseTable(torch::Tensor weight)
    : m_weight(std::move(weight)),
      m_sink(std::make_shared<Sink>()),
      m_seen(std::size_t(m_weight.size(0)), 0) {}

torch::Tensor RowSparseTable::onGradient(Sink& sink, const torch::Tensor& grad) {
    if (!grad.is_sparse()) {  // a dense gradient: every row counts as looked up
        sink.lookups.push_back(torch::arange(grad.size(0), grad.options().dtype(torch::kLong)));
        return {};
    }
    const auto indices = grad._indices().reshape({-1}).to(torch::kLong).contiguous();
    sink.lookups.push_back(indices);
    const auto& target = sink.gradient;
    if (!target.defined() || !grad.device().is_cpu() || grad.scalar_type() != torch::kFloat)
        return {};
    // Autograd's sparse-into-dense add cost 1.1 ms of a 6.8 ms DeepFM step (33,800 lookups of
    // 9 floats): a plain loop adds the rows here, and autograd is given nothing to add.
    const auto values = grad._values().contiguous();
    const std::int64_t width = target.size(1);
    float* out = target.data_ptr<float>();
    const float* in = values.data_ptr<float>();
    const auto* row = indices.data_ptr<std::int64_t>();
    for (std::int64_t k = 0; k < indices.numel(); ++k) {
        if (k + kRowsAhead < indices.numel()) prefetchRow(out + row[k + kRowsAhead] * width, width);
        float* to = out + row[k] * width;
        const float* from = in + k * width;
        for (std::int64_t j = 0; j < width; ++j) to[j] += from[j];
    }
    if (!sink.nothing.defined() || sink.nothing.sizes() != grad.sizes())
        sink.nothing = torch::sparse_coo_tensor(torch::empty({1, 0}, torch::kLong),
                                                torch::empty({0, width}, values.options()),
                                                grad.sizes(), grad.options());
    return sink.nothing;
}

const torch::Tensor& RowSparseTable::rows() {
    if (!m_sink->lookups.empty()) {
        std::vector<torch::Tensor> parts = m_sink->lookups;
        if (m_rows.defined()) parts.push_back(m_rows);
        m_rows = sortedUnique(torch::cat(parts), m_seen);
        m_sink->lookups.clear();
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
            if (!m_tableRows[t].weight().is_same(p)) continue;
            span = Span{offset, n, p.size(0), t};
            if (m_grads.device().is_cpu())
                m_tableRows[t].sink()->gradient = tableView(m_grads, span);
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
        // Only the rows looked up since the last zeroing hold a gradient (none after a CPU step:
        // it zeroes its rows).
        auto& table = m_tableRows[span.table];
        if (table.rows().numel() > 0) tableView(m_grads, span).index_fill_(0, table.rows(), 0.0);
        table.clear();
    }
}

UpdateRule FlatOptimizer::rule() const {
    UpdateRule rule;
    rule.kind = m_settings.name == "sgd"       ? UpdateRule::Kind::Sgd
                : m_settings.name == "adagrad" ? UpdateRule::Kind::Adagrad
                                               : UpdateRule::Kind::Adam;
    rule.rate = float(m_rate);
    rule.weightDecay = float(m_settings.weightDecay);
    rule.momentum = float(m_settings.momentum);
    rule.beta1 = float(m_settings.beta1);
    rule.beta2 = float(m_settings.beta2);
    rule.stepSize = float(m_rate / (1 - std::pow(m_settings.beta1, double(m_steps))));
    rule.secondScale = float(1 / std::sqrt(1 - std::pow(m_settings.beta2, double(m_steps))));
    return rule;
}

void FlatOptimizer::step() {
    torch::NoGradGuard noGrad;
    ++m_steps;
    if (m_params.device().is_cpu())
        stepInPlace(rule());
    else
        stepByOperators(rule());
}

void FlatOptimizer::stepInPlace(const UpdateRule& rule) {
    float* params = m_params.data_ptr<float>();
    float* grads = m_grads.data_ptr<float>();
    float* first = m_first.data_ptr<float>();
    float* second = m_second.defined() ? m_second.data_ptr<float>() : nullptr;
    const auto update = [&](std::int64_t at, std::int64_t count) {
        applyUpdate(rule, params + at, grads + at, first + at, second ? second + at : nullptr,
                    count);
    };
    for (const auto& span : m_spans) {
        if (span.rows == 0) {
            update(span.offset, span.count);
            continue;
        }
        const auto rows = m_tableRows[span.table].rows().contiguous();
        const auto* row = rows.data_ptr<std::int64_t>();
        const std::int64_t width = span.count / span.rows, count = rows.numel();
        for (std::int64_t i = 0; i < count; ++i) {
            // The rows lie scattered over tables of tens of MB: asking for a few rows ahead
            // keeps several cache misses in flight (NeuMF on 200,000 users: the optimizer's
            // part of a step 0.65 -> 0.28 ms).
            if (i + kRowsAhead < count) {
                const std::int64_t ahead = span.offset + row[i + kRowsAhead] * width;
                for (const float* buffer : {params, grads, first, second})
                    if (buffer) prefetchRow(buffer + ahead, width);
            }
            const std::int64_t at = span.offset + row[i] * width;
            update(at, width);
            // Zeroed while in cache, so that the next zeroGrad() has no rows left to zero.
            std::fill(grads + at, grads + at + width, 0.0f);
        }
        m_tableRows[span.table].clear();
    }
}

bool FlatOptimizer::stepAdamFused(const UpdateRule& rule) {
#if TORCH_VERSION_MAJOR >= 2
    if (rule.kind != UpdateRule::Kind::Adam || !m_params.is_cuda()) return false;
    // A step of separate operators launched ~14 kernels per table (gathers, 7 for the rule,
    // copies back): NeuMF's CUDA optimizer took 1.05 s an epoch, fused 0.80 s (CPU: 0.38 s).
    std::vector<torch::Tensor> params, grads, first, second;
    struct Gathered {
        const Span* span;
        torch::Tensor rows;
        std::size_t at;  // in the lists
    };
    std::vector<Gathered> gathered;
    const std::pair<const torch::Tensor*, std::vector<torch::Tensor>*> lists[] = {
        {&m_params, &params}, {&m_grads, &grads}, {&m_first, &first}, {&m_second, &second}};
    for (const auto& span : m_spans) {
        if (span.rows == 0) {
            for (const auto& [flat, to] : lists)
                to->push_back(flat->narrow(0, span.offset, span.count));
            continue;
        }
        const auto rows = m_tableRows[span.table].rows();
        if (rows.numel() == 0) continue;
        gathered.push_back({&span, rows, params.size()});
        for (const auto& [flat, to] : lists)
            to->push_back(tableView(*flat, span).index_select(0, rows));
    }
    if (!m_stepOnDevice.defined()) m_stepOnDevice = torch::zeros({}, m_params.options());
    m_stepOnDevice.fill_(double(m_steps));
    const std::vector<torch::Tensor> steps(params.size(), m_stepOnDevice);
    // torch.optim.Adam's rule (L2 decay added to the gradient): the same as update()'s.
    at::_fused_adam_(params, grads, first, second, {}, steps, rule.rate, rule.beta1, rule.beta2,
                     rule.weightDecay, 1e-8, false, false);
    for (const auto& [span, rows, at] : gathered) {
        tableView(m_params, *span).index_copy_(0, rows, params[at]);
        tableView(m_first, *span).index_copy_(0, rows, first[at]);
        tableView(m_second, *span).index_copy_(0, rows, second[at]);
    }
    return true;
#else
    (void)rule;
    return false;
#endif
}

void FlatOptimizer::stepByOperators(const UpdateRule& rule) {
    if (stepAdamFused(rule)) return;
    const auto part = [](const torch::Tensor& flat, const Span& span) {
        return flat.defined() ? flat.narrow(0, span.offset, span.count) : flat;
    };
    for (const auto& span : m_spans) {
        if (span.rows == 0) {
            update(rule, part(m_params, span), part(m_grads, span), part(m_first, span),
                   part(m_second, span));
            continue;
        }
        const auto rows = m_tableRows[span.table].rows();
        if (rows.numel() == 0) continue;
        const auto gather = [&](const torch::Tensor& flat) {
            return flat.defined() ? tableView(flat, span).index_select(0, rows) : flat;
        };
        auto params = gather(m_params), first = gather(m_first), second = gather(m_second);
        update(rule, params, gather(m_grads), first, second);
        tableView(m_params, span).index_copy_(0, rows, params);
        tableView(m_first, span).index_copy_(0, rows, first);
        if (second.defined()) tableView(m_second, span).index_copy_(0, rows, second);
    }
}

void FlatOptimizer::update(const UpdateRule& rule, torch::Tensor params, torch::Tensor grad,
                           torch::Tensor first, torch::Tensor second) const {
    if (rule.weightDecay != 0) grad = grad.add(params, rule.weightDecay);
    switch (rule.kind) {
        case UpdateRule::Kind::Sgd:
            if (rule.momentum != 0) {
                // The buffer starts at zero, so its first update is the gradient, as torch.optim's.
                first.mul_(rule.momentum).add_(grad);
                grad = first;
            }
            params.add_(grad, -rule.rate);
            break;
        case UpdateRule::Kind::Adagrad:
            second.addcmul_(grad, grad, 1.0);
            params.addcdiv_(grad, second.sqrt().add_(1e-10), -rule.rate);
            break;
        case UpdateRule::Kind::Adam:
            first.mul_(rule.beta1).add_(grad, 1 - rule.beta1);
            second.mul_(rule.beta2).addcmul_(grad, grad, 1 - rule.beta2);
            params.addcdiv_(first, (second.sqrt() * rule.secondScale).add_(1e-8), -rule.stepSize);
            break;
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
