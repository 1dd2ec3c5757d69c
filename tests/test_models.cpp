// SPDX-License-Identifier: MIT
// The networks on their own: seeded, CPU, seconds.
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
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
