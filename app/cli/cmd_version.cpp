// SPDX-License-Identifier: MIT
#include "cli_common.h"
#include "system/about.h"

namespace adstudio::cli {

int runVersion(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption json("json", "Machine-readable output.");
    parser.addOption(json);
    int exitCode = kOk;
    if (!parseArguments(parser, arguments, "Print versions and the numeric runtime.", &exitCode))
        return exitCode;
    const AboutInfo info = aboutInfo();
    if (parser.isSet(json)) {
        printJson({{"adstudio", info.adstudio},
                   {"libtorch", info.torch},
                   {"qt", info.qt},
                   {"opencv", info.opencv},
                   {"blas", info.blas},
                   {"blas_library", info.blasPath},
                   {"threads", info.threads},
                   {"usable_cpus", info.usableCpus},
                   {"openmp_wait_policy", info.openMpWait},
                   {"cuda", info.cuda}});
    } else {
        printText(info.toText());
    }
    return kOk;
}

}  // namespace adstudio::cli
