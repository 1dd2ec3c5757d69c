// SPDX-License-Identifier: MIT
// The networks on their own: seeded, CPU, seconds.
#include "conditional_gan.h"
#include "mlp.h"

#include <QTest>

using namespace adstudio::models;

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The article's worked example (section 4.3): three users' behaviour vectors, one-hot next
    // items; a 10-unit MLP trained with Adam at lr 0.1 must give the new user [1,0,1,0] item 1.
    void articleWorkedExample() {
        torch::manual_seed(0);
        MlpOptions options;
        options.inputs = 4;
        options.hidden = {10};
        options.outputs = 2;
        options.output = "softmax";
        Mlp mlp(options);
        const auto users =
            torch::tensor({1.f, 0.f, 1.f, 0.f, 0.f, 1.f, 0.f, 1.f, 1.f, 1.f, 0.f, 0.f})
                .view({3, 4});
        const auto items = torch::tensor({0L, 1L, 0L});  // item 1, item 2, item 1
        torch::optim::Adam adam(mlp->parameters(), torch::optim::AdamOptions(0.1));
        for (int epoch = 0; epoch < 100; ++epoch) {
            adam.zero_grad();
            const auto loss = torch::nn::functional::cross_entropy(mlp->logits(users), items);
            loss.backward();
            adam.step();
        }
        torch::NoGradGuard noGrad;
        mlp->eval();
        const float pItem1 =
            mlp->forward(torch::tensor({1.f, 0.f, 1.f, 0.f}).view({1, 4}))[0][0].item<float>();
        QVERIFY2(pItem1 > 0.9f, qPrintable(QString::number(pItem1)));
    }

    // Synced batch norm with one process (the sum over ranks is the identity) is batch norm:
    // the same output, running statistics and input gradient as LibTorch's own.
    void syncedBatchNormIsBatchNormInOneProcess() {
        torch::manual_seed(5);
        const auto x = torch::randn({8, 4, 5, 5}) * 3 + 2;
        const auto weights = torch::randn({8, 4, 5, 5});
        torch::nn::BatchNorm2d plain(4), synced(4);
        const BatchSum alone = [](const torch::Tensor& t) { return t * 1.0; };
        auto a = x.clone().requires_grad_(true), b = x.clone().requires_grad_(true);
        const auto ya = plain->forward(a), yb = syncedBatchNorm(*synced, b, alone);
        (ya * weights).sum().backward();
        (yb * weights).sum().backward();
        QVERIFY(torch::allclose(ya, yb, 1e-4, 1e-5));
        QVERIFY(torch::allclose(a.grad(), b.grad(), 1e-4, 1e-5));
        QVERIFY(torch::allclose(plain->running_mean, synced->running_mean, 1e-5, 1e-6));
        QVERIFY(torch::allclose(plain->running_var, synced->running_var, 1e-5, 1e-6));
        QCOMPARE(synced->num_batches_tracked.item<int64_t>(), 1);
    }

    void sameSeedSameWeights() {
        torch::manual_seed(7);
        Mlp a(MlpOptions{});
        torch::manual_seed(7);
        Mlp b(MlpOptions{});
        const auto x = torch::ones({2, 4});
        QVERIFY(torch::equal(a->forward(x), b->forward(x)));
    }

    void rejectsUnknownActivation() {
        MlpOptions options;
        options.activation = "swish";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Mlp{options});
    }

    // The discriminator's auxiliary classifier (AC-GAN term) names the class from the same
    // features as the realism score: here it learns where a bright square sits. Without the
    // option the discriminator has no such head, so older checkpoints keep loading.
    void discriminatorAuxiliaryClassifierLearns() {
        ConditionalGanOptions options;
        options.classes = 4;
        options.width = 8;
        options.auxiliaryClassifier = true;
        torch::manual_seed(3);
        ProjectionDiscriminator discriminator(options);
        auto squares = [](const torch::Tensor& classes) {
            auto images = torch::full({classes.size(0), 1, 32, 32}, -1.0);
            for (int64_t i = 0; i < classes.size(0); ++i) {
                const int64_t c = classes[i].item<int64_t>();
                images[i].narrow(1, (c / 2) * 16 + 4, 8).narrow(2, (c % 2) * 16 + 4, 8).fill_(1);
            }
            return images + 0.3 * torch::randn_like(images);
        };
        torch::optim::Adam adam(discriminator->parameters(), torch::optim::AdamOptions(2e-3));
        for (int step = 0; step < 60; ++step) {
            const auto classes = torch::randint(4, {32}, torch::kLong);
            torch::Tensor logits;
            discriminator->forward(squares(classes), classes, &logits);
            adam.zero_grad();
            torch::nn::functional::cross_entropy(logits, classes).backward();
            adam.step();
        }
        torch::NoGradGuard noGrad;
        discriminator->eval();
        const auto classes = torch::arange(200, torch::kLong).remainder(4);
        torch::Tensor logits;
        const auto realism = discriminator->forward(squares(classes), classes, &logits);
        QCOMPARE(realism.sizes(), torch::IntArrayRef({200}));
        const double accuracy =
            logits.argmax(1).eq(classes).to(torch::kDouble).mean().item<double>();
        qInfo("auxiliary classifier accuracy %.3f (chance 0.25)", accuracy);
        QVERIFY(accuracy > 0.9);

        options.auxiliaryClassifier = false;
        ProjectionDiscriminator plain(options);
        torch::Tensor untouched;
        plain->forward(squares(classes), classes, &untouched);
        QVERIFY(!untouched.defined());
        for (const auto& p : plain->named_parameters())
            QVERIFY2(p.key().rfind("classifier", 0) != 0, p.key().c_str());
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
