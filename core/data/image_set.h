// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace adstudio {

// Same-sized 8-bit images with integer labels, stored as one HWC block: what the GAN and the
// scorer train on, and what the demo world draws its product pictures from.
struct ImageSet {
    int count = 0;
    int height = 0;
    int width = 0;
    int channels = 1;
    std::vector<std::uint8_t> pixels;  // count * height * width * channels
    std::vector<std::int32_t> labels;  // count entries, 0..classNames.size()-1
    QStringList classNames;
    QStringList sourceFiles;  // image folder only: the file of each image

    std::size_t imageBytes() const { return std::size_t(height) * width * channels; }
    const std::uint8_t* image(int index) const { return pixels.data() + imageBytes() * index; }
    std::vector<int> countsPerClass() const;
};

QStringList fashionMnistClassNames();

}  // namespace adstudio
