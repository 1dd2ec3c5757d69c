// SPDX-License-Identifier: MIT
#include "pipeline/catalogue_images.h"

#include "common/image_convert.h"

#include <QFile>
#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <map>

namespace adstudio {

Result<std::optional<ImageSet>> catalogueImages(const std::vector<CatalogueItem>& catalogue,
                                                int size, int minPerClass, const JobContext& job) {
    std::map<QString, std::vector<const CatalogueItem*>> byCategory;
    for (const CatalogueItem& item : catalogue)
        if (!item.imagePath.isEmpty() && !item.category.isEmpty() &&
            QFileInfo::exists(item.imagePath))
            byCategory[item.category].push_back(&item);
    for (auto it = byCategory.begin(); it != byCategory.end();)
        it = int(it->second.size()) < minPerClass ? byCategory.erase(it) : std::next(it);
    if (byCategory.size() < 2) return std::optional<ImageSet>{};

    std::vector<std::pair<cv::Mat, int>> decoded;
    bool allGray = true;
    int label = 0, done = 0, total = 0;
    for (const auto& entry : byCategory) total += int(entry.second.size());
    ImageSet set;
    for (const auto& [category, items] : byCategory) {
        set.classNames << category;
        for (const CatalogueItem* item : items) {
            if (job.cancelled()) return cancelledError(item->imagePath);
            const QByteArray path = QFile::encodeName(item->imagePath);
            cv::Mat image = cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED);
            if (image.empty())
                return makeError(
                    item->imagePath, 0, 0,
                    QStringLiteral("the picture of item %1 does not decode").arg(item->id),
                    QStringLiteral("replace the file with a PNG or JPEG, or clear the "
                                   "item's image"));
            if (image.depth() != CV_8U) image.convertTo(image, CV_8U, 1.0 / 256);
            allGray = allGray && image.channels() == 1;
            if (image.channels() == 4) cv::cvtColor(image, image, cv::COLOR_BGRA2BGR);
            if (image.channels() == 1 && !allGray) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
            decoded.emplace_back(std::move(image), label);
            job.report(
                {QStringLiteral("read catalogue pictures"), double(++done) / total, done, total});
        }
        ++label;
    }
    set.count = int(decoded.size());
    set.width = set.height = size;
    set.channels = allGray ? 1 : 3;
    set.pixels.resize(set.imageBytes() * std::size_t(set.count));
    for (int i = 0; i < set.count; ++i) {
        cv::Mat& image = decoded[std::size_t(i)].first;
        if (!allGray && image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
        matToSquarePixels(image, size, set.channels, set.pixels.data() + set.imageBytes() * i);
        set.labels.push_back(decoded[std::size_t(i)].second);
    }
    return std::optional<ImageSet>(std::move(set));
}

}  // namespace adstudio
