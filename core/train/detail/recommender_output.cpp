// SPDX-License-Identifier: MIT
#include "train/detail/recommender_output.h"

#include "common/atomic_file.h"
#include "train/detail/torch_support.h"

#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QTextStream>

namespace adstudio::detail {
namespace {

Status writeEmbeddings(const QString& base, const QStringList& ids, const torch::Tensor& vectors) {
    const auto cpu = vectors.to(torch::kCPU, torch::kFloat).contiguous();
    const std::int64_t rows = cpu.size(0), dim = cpu.size(1);
    const float* data = cpu.data_ptr<float>();
    QByteArray csv;
    QTextStream out(&csv);
    out << "id";
    for (std::int64_t j = 0; j < dim; ++j) out << ",e" << j;
    out << "\n";
    for (std::int64_t i = 0; i < rows && i < ids.size(); ++i) {
        out << ids[int(i)];
        for (std::int64_t j = 0; j < dim; ++j)
            out << ',' << QString::number(data[i * dim + j], 'g', 7);
        out << "\n";
    }
    out.flush();
    if (Status s = writeFileAtomically(base + ".csv", csv); !s) return s;
    return writeFileAtomically(base + ".bin", QByteArray(reinterpret_cast<const char*>(data),
                                                         int(rows * dim * qint64(sizeof(float)))));
}

torch::Tensor longTensor(const std::vector<std::int32_t>& values) {
    return values.empty() ? torch::zeros({0}, torch::kLong) : toTensor(values);
}

}  // namespace

Status writeModelFolder(const QString& folder, RecommenderNet& net,
                        const EncodedInteractions& encoding, const InteractionPlan& plan,
                        const RecommenderConfig& config, const QJsonObject& metrics,
                        int bestEpoch) {
    const QDir dir(folder);
    torch::serialize::OutputArchive archive;
    writeModule(archive, "model", net.module());
    torch::serialize::OutputArchive tables;
    net.tables().write(tables);
    archive.write("tables", tables);
    archive.write("item_counts", toTensor(plan.itemCounts), true);
    std::vector<std::int32_t> offsets{0}, seenItems;
    for (const auto& items : plan.seen) {
        seenItems.insert(seenItems.end(), items.begin(), items.end());
        offsets.push_back(std::int32_t(seenItems.size()));
    }
    archive.write("seen_offsets", longTensor(offsets), true);
    archive.write("seen_items", longTensor(seenItems), true);
    const EvalSet& test = plan.test;
    archive.write("test_users", longTensor(test.users), true);
    archive.write("test_items", longTensor(test.items), true);
    archive.write("test_negatives", longTensor(test.negatives), true);
    archive.write("test_labels", toTensor(test.labels), true);
    // The test rows' context features, so `evaluate` needs no access to the training data.
    const auto& t = net.tables();
    const auto rowIndex =
        torch::tensor(std::vector<std::int64_t>(test.rows.begin(), test.rows.end()), torch::kLong)
            .to(t.contextCodes.device());
    archive.write("test_codes", t.contextCodes.index_select(0, rowIndex), true);
    archive.write("test_values", t.contextValues.index_select(0, rowIndex), true);
    if (Status s = saveArchive(archive, dir.filePath("model.pt")); !s) return s;

    const auto users = net.userEmbeddings();
    const auto items = net.itemEmbeddings();
    if (Status s = writeEmbeddings(dir.filePath("user_embeddings"), encoding.userIds, users); !s)
        return s;
    if (Status s = writeEmbeddings(dir.filePath("item_embeddings"), encoding.itemIds, items); !s)
        return s;

    QJsonObject info{{"format", "adstudio-recommender"},
                     {"version", 1},
                     {"config", config.toJson()},
                     {"fields", encoding.describeFields()},
                     {"user_ids", QJsonArray::fromStringList(encoding.userIds)},
                     {"item_ids", QJsonArray::fromStringList(encoding.itemIds)},
                     {"user_embedding_dim", qint64(users.size(1))},
                     {"item_embedding_dim", qint64(items.size(1))},
                     {"test_negatives_per_row", test.negativesPerRow},
                     {"best_epoch", bestEpoch},
                     {"calibration", QJsonObject{{"scale", net.calibration().scale},
                                                 {"shift", net.calibration().shift}}},
                     {"metrics", metrics}};
    if (Status s = writeJsonFile(dir.filePath("metrics.json"), metrics); !s) return s;
    return writeJsonFile(dir.filePath("model.json"), info);
}

}  // namespace adstudio::detail
