// SPDX-License-Identifier: MIT
#include "data/idx_reader.h"

#include "data/file_bytes.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

namespace adstudio {

std::vector<int> ImageSet::countsPerClass() const {
    std::vector<int> counts(std::size_t(std::max<qsizetype>(classNames.size(), 0)), 0);
    for (const auto label : labels) {
        if (label >= 0) {
            if (std::size_t(label) >= counts.size()) counts.resize(std::size_t(label) + 1, 0);
            ++counts[std::size_t(label)];
        }
    }
    return counts;
}

QStringList fashionMnistClassNames() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

namespace {

std::uint32_t bigEndian32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t(u[0]) << 24) | (std::uint32_t(u[1]) << 16) | (std::uint32_t(u[2]) << 8) |
           std::uint32_t(u[3]);
}

}  // namespace

QString findIdxLabels(const QString& imagesPath) {
    const QFileInfo info(imagesPath);
    QString name = info.fileName();
    if (!name.contains(QLatin1String("images-idx3"))) return {};
    name.replace(QLatin1String("images-idx3"), QLatin1String("labels-idx1"));
    for (const QString& candidate :
         {name, name + ".gz", QString(name).remove(QLatin1String(".gz"))}) {
        const QString path = info.dir().filePath(candidate);
        if (QFileInfo::exists(path)) return path;
    }
    return {};
}

bool looksLikeIdx(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    return name.contains(QLatin1String("-idx")) && name.contains(QLatin1String("-ubyte"));
}

Result<ImageSet> parseIdx(std::string_view images, std::string_view labels,
                          const QString& imagesPath, const QString& labelsPath) {
    const QString fix = QStringLiteral(
        "pass an IDX images file (magic 0x00000803), e.g. "
        "train-images-idx3-ubyte.gz");
    if (images.size() < 16) {
        return makeError(
            imagesPath, 0, 0,
            QStringLiteral("too short for an IDX header (%1 bytes)").arg(images.size()), fix);
    }
    const std::uint32_t magic = bigEndian32(images.data());
    if (magic != 0x00000803) {
        return makeError(
            imagesPath, 0, 0,
            QStringLiteral("wrong IDX magic 0x%1 (expected 0x00000803: unsigned bytes, "
                           "3 dimensions)")
                .arg(magic, 8, 16, QLatin1Char('0')),
            fix);
    }
    ImageSet set;
    const std::uint32_t count = bigEndian32(images.data() + 4);
    set.height = int(bigEndian32(images.data() + 8));
    set.width = int(bigEndian32(images.data() + 12));
    const std::uint64_t expected =
        std::uint64_t(count) * std::uint64_t(set.height) * std::uint64_t(set.width);
    if (set.height <= 0 || set.width <= 0 || set.height > 4096 || set.width > 4096 ||
        expected != images.size() - 16) {
        return makeError(
            imagesPath, 0, 0,
            QStringLiteral("header says %1 images of %2x%3 (%4 bytes) but the file holds "
                           "%5 bytes of pixels")
                .arg(count)
                .arg(set.height)
                .arg(set.width)
                .arg(expected)
                .arg(images.size() - 16),
            QStringLiteral("the file is truncated or not an IDX file; copy it again"));
    }
    set.count = int(count);
    set.channels = 1;
    set.pixels.assign(images.begin() + 16, images.end());

    if (labels.empty()) {
        set.labels.assign(count, 0);
        set.classNames = QStringList{QStringLiteral("all")};
        return set;
    }
    if (labels.size() < 8 || bigEndian32(labels.data()) != 0x00000801) {
        return makeError(labelsPath, 0, 0,
                         QStringLiteral("wrong IDX labels magic (expected 0x00000801)"),
                         QStringLiteral("pass the labels file that belongs to the images"));
    }
    const std::uint32_t labelCount = bigEndian32(labels.data() + 4);
    if (labelCount != count || labels.size() - 8 != labelCount) {
        return makeError(labelsPath, 0, 0,
                         QStringLiteral("%1 labels (file holds %2 bytes) for %3 images")
                             .arg(labelCount)
                             .arg(labels.size() - 8)
                             .arg(count),
                         QStringLiteral("pass the labels file that belongs to the images"));
    }
    set.labels.resize(count);
    int maxLabel = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        set.labels[i] = static_cast<unsigned char>(labels[8 + i]);
        maxLabel = std::max(maxLabel, set.labels[i]);
    }
    const bool fashion = imagesPath.contains(QLatin1String("fashion"), Qt::CaseInsensitive) ||
                         imagesPath.startsWith(QLatin1String(":/"));
    if (fashion && maxLabel < 10) {
        set.classNames = fashionMnistClassNames();
    } else {
        for (int i = 0; i <= maxLabel; ++i) set.classNames << QString::number(i);
    }
    return set;
}

Result<ImageSet> readIdx(const QString& imagesPath, const QString& labelsPath) {
    auto images = FileBytes::openMaybeGzip(imagesPath);
    if (!images) return images.error();
    const QString labelsFile = labelsPath.isEmpty() ? findIdxLabels(imagesPath) : labelsPath;
    if (labelsFile.isEmpty()) return parseIdx(images->view(), {}, imagesPath, {});
    auto labels = FileBytes::openMaybeGzip(labelsFile);
    if (!labels) return labels.error();
    if (labels->view().empty()) {
        return makeError(labelsFile, 0, 0, QStringLiteral("the labels file is empty"),
                         QStringLiteral("copy it again"));
    }
    return parseIdx(images->view(), labels->view(), imagesPath, labelsFile);
}

}  // namespace adstudio
