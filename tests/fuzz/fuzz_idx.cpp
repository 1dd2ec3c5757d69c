// SPDX-License-Identifier: MIT
// libFuzzer target: IDX image and label files (MNIST / Fashion-MNIST), plain or gzipped. The
// first byte says where the images end and the labels begin and whether both go through gunzip
// first; a header that claims more images than the bytes hold must be an Error, not a read past
// the end.
#include "data/file_bytes.h"
#include "data/idx_reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool gzipped = data[0] & 1;
    const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
    const std::size_t cut = rest.empty() ? 0 : data[1] * rest.size() / 255;
    std::string_view images = rest.substr(0, cut), labels = rest.substr(cut);
    std::string inflatedImages, inflatedLabels;
    if (gzipped) {
        auto a = adstudio::gunzip(images, QStringLiteral("images.gz"));
        auto b = adstudio::gunzip(labels, QStringLiteral("labels.gz"));
        if (!a || !b) return 0;
        inflatedImages = std::move(a).value();
        inflatedLabels = std::move(b).value();
        images = inflatedImages;
        labels = inflatedLabels;
    }
    auto set = adstudio::parseIdx(images, labels, QStringLiteral("fuzz-images-idx3-ubyte"),
                                  QStringLiteral("fuzz-labels-idx1-ubyte"));
    if (set && int(set->labels.size()) != set->count) std::abort();
    return 0;
}
