// SPDX-License-Identifier: MIT
// libFuzzer target: a whole project folder as a user's disk may hold it — project.json,
// segments.json and creatives/creatives.json (hand-edited, truncated, from another version).
// Opening must give a project or an Error naming the file; an open project's creatives and
// segments are consistent enough to be listed.
#include "fuzz_files.h"
#include "project/project.h"

#include <QImage>

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The seed's creatives have their pictures, so opening gets past the image check.
    static const bool pictures = [] {
        QImage image(30, 25, QImage::Format_RGB32);
        image.fill(Qt::white);
        QDir().mkpath(fuzz::scratchFolder().filePath(QStringLiteral("project/creatives")));
        bool ok = true;
        for (const char* id : {"s1-1080x1080-v1", "s1-1080x1080-v2"})
            ok = ok && image.save(fuzz::scratchFolder().filePath(
                           QStringLiteral("project/creatives/%1.png").arg(QLatin1String(id))));
        return ok;
    }();
    if (!pictures) std::abort();
    const auto parts = fuzz::splitParts(data, size, 3);
    auto part = [&](std::size_t i) { return i < parts.size() ? &parts[i] : nullptr; };
    fuzz::writeOrRemove(QStringLiteral("project/project.json"), part(0));
    fuzz::writeOrRemove(QStringLiteral("project/segments.json"), part(1));
    fuzz::writeOrRemove(QStringLiteral("project/creatives/creatives.json"), part(2));
    auto project =
        adstudio::Project::open(fuzz::scratchFolder().filePath(QStringLiteral("project")));
    if (!project) {
        const QString message = project.error().toString();
        if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "%s\n", qPrintable(message));
        return 0;
    }
    for (const auto& creative : project->creatives()) {
        if (project->indexOfCreative(creative.id) < 0) std::abort();
        (void)creative.toJson();
    }
    (void)project->segments().toJson();
    return 0;
}
