// SPDX-License-Identifier: MIT
#include "train/detail/image_tensor.h"

#include "common/image_convert.h"

#include <QPainter>

#include <opencv2/imgproc.hpp>

namespace adstudio::detail {

torch::Tensor imagesToTensor(const ImageSet& images, int count, int resolution) {
    const int c = images.channels;
    auto out = torch::empty({count, c, resolution, resolution}, torch::kFloat);
    float* dst = out.data_ptr<float>();
    const int type = c == 1 ? CV_8UC1 : CV_8UC3;
    const int interpolation = images.width > resolution ? cv::INTER_AREA : cv::INTER_CUBIC;
    const std::size_t plane = std::size_t(resolution) * resolution;
    for (int i = 0; i < count; ++i) {
        const cv::Mat source(images.height, images.width, type,
                             const_cast<std::uint8_t*>(images.image(i)));
        cv::Mat resized;
        cv::resize(source, resized, cv::Size(resolution, resolution), 0, 0, interpolation);
        float* image = dst + std::size_t(i) * plane * std::size_t(c);
        for (int y = 0; y < resolution; ++y) {
            const std::uint8_t* row = resized.ptr<std::uint8_t>(y);
            for (int x = 0; x < resolution; ++x)
                for (int k = 0; k < c; ++k)
                    image[std::size_t(k) * plane + std::size_t(y) * resolution + x] =
                        row[x * c + k] / 127.5f - 1.f;
        }
    }
    return out;
}

std::vector<QImage> tensorToImages(const torch::Tensor& images) {
    const auto bytes = ((images.detach().to(torch::kCPU).clamp(-1, 1) + 1) * 127.5f)
                           .round()
                           .to(torch::kUInt8)
                           .permute({0, 2, 3, 1})
                           .contiguous();
    const int n = int(bytes.size(0)), h = int(bytes.size(1)), w = int(bytes.size(2)),
              c = int(bytes.size(3));
    std::vector<QImage> out;
    for (int i = 0; i < n; ++i)
        out.push_back(pixelsToQImage(bytes[i].data_ptr<std::uint8_t>(), w, h, c));
    return out;
}

QImage imageGrid(const std::vector<QImage>& images, int columns, int padding) {
    if (images.empty()) return {};
    const int w = images.front().width(), h = images.front().height();
    const int rows = (int(images.size()) + columns - 1) / columns;
    QImage grid(columns * (w + padding) + padding, rows * (h + padding) + padding,
                QImage::Format_RGB888);
    grid.fill(Qt::white);
    QPainter painter(&grid);
    for (std::size_t i = 0; i < images.size(); ++i) {
        const int r = int(i) / columns, c = int(i) % columns;
        painter.drawImage(padding + c * (w + padding), padding + r * (h + padding), images[i]);
    }
    return grid;
}

}  // namespace adstudio::detail
