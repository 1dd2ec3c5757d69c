// SPDX-License-Identifier: MIT
#include "train/detail/checkpoint.h"

#include "train/detail/torch_support.h"

#include <QJsonDocument>

namespace adstudio::detail {
namespace {

// Config fields that must match for a resume to be exact: epochs may grow, threads follow the
// machine.
QJsonObject resumeKey(QJsonObject config) {
    config.remove("epochs");
    config.remove("threads");
    return config;
}

Error startAfresh(const QString& path, const QString& what) {
    return withRemedy(makeError(path, 0, 0, what,
                                "resume with the first run's settings, or train from the start"),
                      {Remedy::Kind::StartAfresh, {}, {}});
}

}  // namespace

Status saveCheckpoint(const QString& path, const CheckpointParts& parts, QJsonObject state,
                      const QJsonObject& config, const std::vector<torch::Tensor>& extra) {
    torch::serialize::OutputArchive archive;
    for (const auto& [key, module] : parts.modules) writeModule(archive, key, *module);
    for (const auto& [key, optimizer] : parts.optimizers) {
        torch::serialize::OutputArchive optimizerArchive;
        optimizer->save(optimizerArchive);
        archive.write(key, optimizerArchive);
    }
    for (std::size_t i = 0; i < extra.size(); ++i)
        archive.write("best_" + std::to_string(i), extra[i], true);
    state.insert("best_tensors", int(extra.size()));
    state.insert("config", config);
    writeBytes(archive, "state", QJsonDocument(state).toJson(QJsonDocument::Compact));
    return saveArchive(archive, path);
}

Result<QJsonObject> loadCheckpoint(const QString& path, const CheckpointParts& parts,
                                   const QJsonObject& config, std::vector<torch::Tensor>* extra) {
    torch::serialize::InputArchive archive;
    if (Status loaded = loadArchive(archive, path, trainingDevice()); !loaded)
        return loaded.error();
    try {
        const QJsonObject state = QJsonDocument::fromJson(readBytes(archive, "state")).object();
        if (resumeKey(state.value("config").toObject()) != resumeKey(config))
            return startAfresh(path, "the checkpoint was trained with other settings");
        for (const auto& [key, module] : parts.modules)
            readModule(archive, key, *module, trainingDevice());
        for (const auto& [key, optimizer] : parts.optimizers) {
            optimizer->rebind();  // readModule replaced the parameters' storage
            torch::serialize::InputArchive optimizerArchive;
            archive.read(key, optimizerArchive);
            optimizer->load(optimizerArchive);
        }
        if (extra) {
            extra->resize(std::size_t(state.value("best_tensors").toInt()));
            for (std::size_t i = 0; i < extra->size(); ++i)
                (*extra)[i] = readTensor(archive, "best_" + std::to_string(i));
        }
        return state;
    } catch (const std::exception& e) {
        Error error = torchError(path, e, {});
        return startAfresh(path, "the checkpoint does not fit this model: " + error.what);
    }
}

}  // namespace adstudio::detail
