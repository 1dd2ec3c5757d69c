// SPDX-License-Identifier: MIT
// libFuzzer target: project.json as a user's disk may hold it (hand-edited, from an older or a
// newer AdStudio, truncated). Reading it must give a manifest or an Error; a manifest that was
// read writes back JSON that reads again.
#include "project/project_manifest.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char*>(data), int(size)));
    if (!document.isObject()) return 0;
    auto manifest = adstudio::readProjectManifest(document.object(), QStringLiteral("project.json"),
                                                  QStringLiteral("/tmp/fuzz-project"));
    if (!manifest) {
        (void)manifest.error().toString();
        return 0;
    }
    auto again = adstudio::readProjectManifest(manifest->toJson(), QStringLiteral("project.json"),
                                               QStringLiteral("/tmp/fuzz-project"));
    if (!again) std::abort();  // what AdStudio writes, AdStudio reads
    return 0;
}
