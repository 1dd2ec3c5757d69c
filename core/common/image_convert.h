// SPDX-License-Identifier: MIT
#pragma once
// The one place where cv::Mat, QImage and raw pixel buffers meet. OpenCV is BGR, everything
// else in AdStudio is RGB; every conversion copies so no view outlives its buffer.

#include <QImage>

#include <opencv2/core/mat.hpp>

#include <cstdint>

namespace adstudio {

// 8-bit gray or BGR(A) Mat to a QImage that owns its pixels (RGB888 or Grayscale8).
QImage matToQImage(const cv::Mat& mat);
// Any QImage to a BGR (or gray when `gray`) Mat that owns its pixels.
cv::Mat qimageToMat(const QImage& image, bool gray = false);
// HWC RGB or gray bytes (as in ImageSet) to a QImage copy.
QImage pixelsToQImage(const std::uint8_t* pixels, int width, int height, int channels);
// Decoded BGR Mat to `channels` (1 or 3, RGB order) HWC bytes at size x size: the short side is
// resized with area interpolation, then the centre cropped.
void matToSquarePixels(const cv::Mat& bgr, int size, int channels, std::uint8_t* out);

}  // namespace adstudio
