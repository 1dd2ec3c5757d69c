// SPDX-License-Identifier: MIT
#include "common/image_convert.h"

#include <opencv2/imgproc.hpp>

#include <cstring>

namespace adstudio {

QImage matToQImage(const cv::Mat& mat) {
    if (mat.empty()) return {};
    if (mat.channels() == 1) {
        QImage view(mat.data, mat.cols, mat.rows, int(mat.step), QImage::Format_Grayscale8);
        return view.copy();
    }
    cv::Mat rgb;
    cv::cvtColor(mat, rgb, mat.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    QImage view(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888);
    return view.copy();
}

cv::Mat qimageToMat(const QImage& image, bool gray) {
    if (gray) {
        const QImage g = image.convertToFormat(QImage::Format_Grayscale8);
        cv::Mat view(g.height(), g.width(), CV_8UC1, const_cast<uchar*>(g.constBits()),
                     std::size_t(g.bytesPerLine()));
        return view.clone();
    }
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat view(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                 std::size_t(rgb.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

QImage pixelsToQImage(const std::uint8_t* pixels, int width, int height, int channels) {
    const auto format = channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    QImage view(pixels, width, height, width * channels, format);
    return view.copy();
}

void matToSquarePixels(const cv::Mat& bgr, int size, int channels, std::uint8_t* out) {
    const double scale = double(size) / double(std::min(bgr.cols, bgr.rows));
    cv::Mat resized;
    const int w = std::max(size, int(std::lround(bgr.cols * scale)));
    const int h = std::max(size, int(std::lround(bgr.rows * scale)));
    cv::resize(bgr, resized, cv::Size(w, h), 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    const cv::Mat crop = resized(cv::Rect((w - size) / 2, (h - size) / 2, size, size));
    cv::Mat converted;
    if (channels == 1) {
        if (crop.channels() == 1)
            converted = crop.clone();
        else
            cv::cvtColor(crop, converted,
                         crop.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    } else {
        if (crop.channels() == 1)
            cv::cvtColor(crop, converted, cv::COLOR_GRAY2RGB);
        else
            cv::cvtColor(crop, converted,
                         crop.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    }
    for (int y = 0; y < size; ++y) {
        std::memcpy(out + std::size_t(y) * size * channels, converted.ptr(y),
                    std::size_t(size) * channels);
    }
}

}  // namespace adstudio
