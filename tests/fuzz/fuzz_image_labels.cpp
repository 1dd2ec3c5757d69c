// SPDX-License-Identifier: MIT
// libFuzzer target: an image folder's labels CSV (file,label), read against a folder with two
// small pictures. Unknown files, missing columns, odd quoting and encodings must each give an
// Error naming the CSV, never a crash; every image read carries a label.
#include "data/image_folder.h"
#include "fuzz_files.h"

#include <QImage>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool pictures = [] {
        QImage red(8, 6, QImage::Format_RGB32), gray(5, 9, QImage::Format_Grayscale8);
        red.fill(Qt::red);
        gray.fill(128);
        QDir().mkpath(fuzz::scratchFolder().filePath(QStringLiteral("images")));
        return red.save(fuzz::scratchFolder().filePath(QStringLiteral("images/a.png"))) &&
               gray.save(fuzz::scratchFolder().filePath(QStringLiteral("images/b b.jpg")));
    }();
    if (!pictures) std::abort();
    const std::string_view csv(reinterpret_cast<const char*>(data), size);
    adstudio::ImageFolderOptions options;
    options.size = 8;
    options.labelsCsv = fuzz::writeOrRemove(QStringLiteral("labels.csv"), &csv);
    auto set = adstudio::readImageFolder(fuzz::scratchFolder().filePath(QStringLiteral("images")),
                                         options);
    if (set && int(set->labels.size()) != set->count) std::abort();
    if (!set) (void)set.error().toString();
    return 0;
}
