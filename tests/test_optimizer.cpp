// SPDX-License-Identifier: MIT
// The trainers' optimizer (core/train/detail/flat_optimizer.h) against LibTorch's own: the same
// updates from the same gradients, on dense parameters and on row-sparse embedding tables.
#include "train/detail/flat_optimizer.h"

#include <QTest>

#include <torch/torch.h>

using adstudio::OptimizerSettings;
using adstudio::detail::FlatOptimizer;

namespace {

// A small network with an embedding table (optionally sparse-gradient) feeding two layers.
struct TinyNetImpl : torch::nn::Module {
    explicit TinyNetImpl(bool sparse) {
        table = register_module(
            "table", torch::nn::Embedding(torch::nn::EmbeddingOptions(40, 6).sparse(sparse)));
        hidden = register_module("hidden", torch::nn::Linear(12, 5));
        out = register_module("out", torch::nn::Linear(5, 1));
    }
    torch::Tensor forward(const torch::Tensor& ids) {
        return out(torch::relu(hidden(table(ids).flatten(1)))).squeeze(1);
    }
    torch::nn::Embedding table{nullptr};
    torch::nn::Linear hidden{nullptr}, out{nullptr};
};
TORCH_MODULE(TinyNet);

TinyNet seededNet(bool sparse) {
    torch::manual_seed(7);
    return TinyNet(sparse);
}

// Batch `step` of pairs of ids drawn from [0, rows), with repeats within the batch (so the
// sparse gradient holds duplicate rows that must be summed), and targets.
std::pair<torch::Tensor, torch::Tensor> batch(int step, std::int64_t rows) {
    torch::manual_seed(100 + step);
    return {torch::randint(rows, {16, 2}, torch::kLong), torch::randn({16})};
}

torch::Tensor loss(TinyNet& net, const std::pair<torch::Tensor, torch::Tensor>& b) {
    return torch::mse_loss(net->forward(b.first), b.second);
}

double largestDifference(TinyNet& a, TinyNet& b) {
    double most = 0;
    const auto pa = a->parameters(), pb = b->parameters();
    for (std::size_t i = 0; i < pa.size(); ++i)
        most = std::max(most, (pa[i] - pb[i]).abs().max().item<double>());
    return most;
}

OptimizerSettings settings(const QString& name, double weightDecay) {
    OptimizerSettings s;
    s.name = name;
    s.learningRate = name == "sgd" ? 0.05 : 0.01;
    s.weightDecay = weightDecay;
    return s;
}

std::unique_ptr<torch::optim::Optimizer> torchOptimizer(const OptimizerSettings& s,
                                                        std::vector<torch::Tensor> params) {
    if (s.name == "sgd")
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(s.learningRate)
                                                               .momentum(s.momentum)
                                                               .weight_decay(s.weightDecay));
    if (s.name == "adagrad")
        return std::make_unique<torch::optim::Adagrad>(
            params, torch::optim::AdagradOptions(s.learningRate).weight_decay(s.weightDecay));
    return std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(s.learningRate)
                                                            .betas({s.beta1, s.beta2})
                                                            .weight_decay(s.weightDecay));
}

}  // namespace

class TestOptimizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesLibTorch_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("weightDecay");
        for (const char* name : {"adam", "sgd", "adagrad"}) {
            QTest::newRow(name) << QString(name) << 0.0;
            QTest::newRow(qPrintable(QString(name) + " with L2")) << QString(name) << 0.01;
        }
    }
    // Dense gradients: 30 steps of FlatOptimizer give torch.optim's parameters, within float
    // rounding (both run the same float operations, vectorised differently).
    void matchesLibTorch() {
        QFETCH(QString, name);
        QFETCH(double, weightDecay);
        const auto s = settings(name, weightDecay);
        TinyNet ours = seededNet(false), theirs = seededNet(false);
        FlatOptimizer flat(*ours, s);
        auto reference = torchOptimizer(s, theirs->parameters());
        for (int step = 0; step < 30; ++step) {
            const auto b = batch(step, 40);
            flat.zeroGrad();
            loss(ours, b).backward();
            flat.step();
            reference->zero_grad();
            loss(theirs, b).backward();
            reference->step();
        }
        const double moved =
            (ours->out->weight - seededNet(false)->out->weight).abs().max().item<double>();
        QVERIFY2(moved > 1e-3,
                 "the parameters must have moved for the comparison to mean anything");
        QVERIFY2(largestDifference(ours, theirs) < 1e-5,
                 qPrintable(QString::number(largestDifference(ours, theirs))));
    }

    // A row-sparse table whose every step looks up every row (with repeats) is a dense table:
    // the lazy update, the gradient rows added by the hook and zeroed by the step must give
    // exactly what the dense path gives, step after step.
    void rowSparseTableMatchesDenseWhenEveryRowIsSeen() {
        const auto s = settings("adam", 0.0);
        TinyNet sparse = seededNet(true), dense = seededNet(false);
        FlatOptimizer rows(*sparse, s, {sparse->table->weight});
        FlatOptimizer whole(*dense, s);
        for (int step = 0; step < 20; ++step) {
            auto b = batch(step, 40);
            b.first = torch::cat({torch::arange(40, torch::kLong).view({20, 2}), b.first});
            b.second = torch::cat({torch::zeros({20}), b.second});
            rows.zeroGrad();
            loss(sparse, b).backward();
            rows.step();
            whole.zeroGrad();
            loss(dense, b).backward();
            whole.step();
        }
        QVERIFY2(largestDifference(sparse, dense) < 1e-6,
                 qPrintable(QString::number(largestDifference(sparse, dense))));
    }

    // Lazy: rows no step looks up keep their initial values and moments; the first step equals
    // the dense update (zero moments leave unseen rows where they are), later steps update only
    // the rows looked up.
    void rowSparseTableUpdatesOnlyTheRowsLookedUp() {
        const auto s = settings("adam", 0.0);
        TinyNet sparse = seededNet(true), dense = seededNet(false);
        const auto initial = sparse->table->weight.detach().clone();
        FlatOptimizer rows(*sparse, s, {sparse->table->weight});
        FlatOptimizer whole(*dense, s);
        for (int step = 0; step < 10; ++step) {
            const auto b = batch(step, 20);  // rows 20..39 are never looked up
            rows.zeroGrad();
            loss(sparse, b).backward();
            rows.step();
            if (step == 0) {
                whole.zeroGrad();
                loss(dense, b).backward();
                whole.step();
                QVERIFY2(largestDifference(sparse, dense) < 1e-7,
                         qPrintable(QString::number(largestDifference(sparse, dense))));
            }
        }
        const auto weight = sparse->table->weight.detach();
        QVERIFY(torch::equal(weight.narrow(0, 20, 20), initial.narrow(0, 20, 20)));
        QVERIFY((weight.narrow(0, 0, 20) - initial.narrow(0, 0, 20)).abs().max().item<double>() >
                1e-3);
    }
};

QTEST_GUILESS_MAIN(TestOptimizer)
#include "test_optimizer.moc"
