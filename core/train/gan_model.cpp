// SPDX-License-Identifier: MIT
// A trained generator folder loaded for sampling.
#include "train/gan.h"

#include "common/atomic_file.h"
#include "common/image_convert.h"
#include "conditional_gan.h"
#include "train/detail/image_tensor.h"
#include "train/detail/torch_support.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <mutex>

namespace adstudio {

struct GanModel::State {
    QStringList classNames;
    int resolution = 32;
    int channels = 1;
    models::ConditionalGenerator generator{nullptr};
    models::ImageClassifier scorer{nullptr};  // classifier.pt; null in folders without one
    std::mutex mutex;
};

Result<GanModel> GanModel::load(const QString& folder) {
    const QDir dir(folder);
    const QString fix = "choose a folder written by GAN training (it holds gan.json)";
    auto info = readJsonFile(dir.filePath("gan.json"), fix);
    if (!info) return info.error();
    if (info->value("format").toString() != "adstudio-gan")
        return makeError(dir.filePath("gan.json"), 0, 0, "not an AdStudio GAN", fix);
    const GanConfig config = GanConfig::fromJson(info->value("config").toObject());
    GanModel model;
    model.d = std::make_shared<State>();
    for (const auto& name : info->value("class_names").toArray())
        model.d->classNames << name.toString();
    model.d->resolution = info->value("resolution").toInt(32);
    model.d->channels = info->value("channels").toInt(1);
    models::ConditionalGanOptions o;
    o.classes = std::max(1, int(model.d->classNames.size()));
    o.resolution = model.d->resolution;
    o.channels = model.d->channels;
    o.latent = config.latent;
    o.width = config.width;
    o.conditionalNorm = config.conditionalNorm;
    const QString path = dir.filePath("generator.pt");
    try {
        model.d->generator = models::ConditionalGenerator(o);
        torch::serialize::InputArchive archive;
        if (Status s = detail::loadArchive(archive, path, detail::trainingDevice()); !s)
            return s.error();
        detail::readModule(archive, "generator", *model.d->generator, detail::trainingDevice());
        model.d->generator->eval();
        const QString scorerPath = dir.filePath("classifier.pt");
        if (QFileInfo::exists(scorerPath)) {
            model.d->scorer = models::ImageClassifier(o.classes, o.channels);
            torch::serialize::InputArchive scorer;
            if (Status s = detail::loadArchive(scorer, scorerPath, detail::trainingDevice()); !s)
                return s.error();
            detail::readModule(scorer, "classifier", *model.d->scorer, detail::trainingDevice());
            model.d->scorer->eval();
        }
    } catch (const std::exception& e) {
        return detail::torchError(path, e, "the GAN folder is damaged; train again");
    }
    return model;
}

const QStringList& GanModel::classNames() const {
    return d->classNames;
}
int GanModel::resolution() const {
    return d->resolution;
}
int GanModel::channels() const {
    return d->channels;
}

int GanModel::classIndex(const QString& nameOrIndex) const {
    for (int i = 0; i < d->classNames.size(); ++i)
        if (d->classNames[i].compare(nameOrIndex, Qt::CaseInsensitive) == 0) return i;
    bool ok = false;
    const int index = nameOrIndex.toInt(&ok);
    return ok && index >= 0 && index < std::max(1, int(d->classNames.size())) ? index : -1;
}

std::vector<QImage> GanModel::sample(int classIndex, int count, std::uint64_t seed,
                                     bool recognisedOnly) const {
    std::lock_guard<std::mutex> lock(d->mutex);
    torch::NoGradGuard noGrad;
    auto generator = at::detail::createCPUGenerator(seed);
    const auto device = detail::trainingDevice();
    const bool filter = recognisedOnly && d->scorer;
    // Filtering draws twice the images per round; a few rounds, then the best effort.
    const int64_t perRound = filter ? std::max(8, 2 * count) : count;
    std::vector<torch::Tensor> kept, rest;
    int64_t keptCount = 0;
    for (int round = 0; round < (filter ? 4 : 1) && keptCount < count; ++round) {
        const auto noise =
            torch::randn({perRound, d->generator->options().latent}, generator, torch::kFloat);
        const auto classes = torch::full({perRound}, classIndex, torch::kLong);
        auto images = d->generator->forward(noise.to(device), classes.to(device));
        if (!filter) return detail::tensorToImages(images);
        // Judge the 8-bit pixels that will be delivered, not the float drawing.
        images = ((images.clamp(-1, 1) + 1) * 127.5f).round() / 127.5f - 1;
        const auto recognised = d->scorer->forward(images).argmax(1).eq(classIndex);
        kept.push_back(images.index({recognised}));
        rest.push_back(images.index({recognised.logical_not()}));
        keptCount += kept.back().size(0);
    }
    kept.insert(kept.end(), rest.begin(), rest.end());
    return detail::tensorToImages(torch::cat(kept).narrow(0, 0, count));
}

int GanModel::recognise(const QImage& image) const {
    if (!d->scorer) return -1;
    std::lock_guard<std::mutex> lock(d->mutex);
    torch::NoGradGuard noGrad;
    // Squared the way image folders are loaded for training (short side scaled, centre crop).
    ImageSet one;
    one.count = 1;
    one.width = one.height = d->resolution;
    one.channels = d->channels;
    one.pixels.resize(one.imageBytes());
    matToSquarePixels(qimageToMat(image, d->channels == 1), d->resolution, d->channels,
                      one.pixels.data());
    const auto tensor = detail::imagesToTensor(one, 1, d->resolution).to(detail::trainingDevice());
    return int(d->scorer->forward(tensor).argmax(1).item<int64_t>());
}

}  // namespace adstudio
