// SPDX-License-Identifier: MIT
// libFuzzer target: MovieLens 100K and 1M folders and NCF file sets. The first byte picks the
// layout; the rest holds up to three files (ratings, users, items — or train, test, negatives),
// a missing part meaning the file is absent. Reading must give data or an Error naming the file.
#include "data/movielens.h"
#include "data/ncf_files.h"
#include "fuzz_files.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const int layout = data[0] % 3;
    const auto parts = fuzz::splitParts(data + 1, size - 1, 3);
    auto part = [&](std::size_t i) { return i < parts.size() ? &parts[i] : nullptr; };
    static const char* const kFiles[3][3] = {
        {"ml100k/u.data", "ml100k/u.user", "ml100k/u.item"},
        {"ml1m/ratings.dat", "ml1m/users.dat", "ml1m/movies.dat"},
        {"ncf/set.train.rating", "ncf/set.test.rating", "ncf/set.test.negative"}};
    QString first;
    for (std::size_t i = 0; i < 3; ++i) {
        const QString path = fuzz::writeOrRemove(QString::fromLatin1(kFiles[layout][i]), part(i));
        if (i == 0) first = path;
    }
    if (layout < 2) {
        auto read = adstudio::readMovieLens(QFileInfo(first).absolutePath());
        if (read && read->interactions.rowCount() < 0) std::abort();
        if (!read) (void)read.error().toString();
    } else {
        auto read = adstudio::readNcf(first);
        if (!read) (void)read.error().toString();
        auto negatives = adstudio::readNcfNegatives(
            fuzz::scratchFolder().filePath(QStringLiteral("ncf/set.test.negative")));
        if (negatives && negatives->negatives.size() !=
                             negatives->users.size() * std::size_t(negatives->negativesPerRow))
            std::abort();  // row-major: every row holds the same number of negatives
    }
    return 0;
}
