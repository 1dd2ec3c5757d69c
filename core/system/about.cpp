// SPDX-License-Identifier: MIT
#include "system/about.h"

#include "runtime_info.h"

#include <opencv2/core/version.hpp>

#include <QtGlobal>

namespace adstudio {

AboutInfo aboutInfo() {
    const auto runtime = models::runtimeInfo();
    AboutInfo info;
    info.adstudio = QStringLiteral(ADSTUDIO_VERSION);
    info.qt = QString::fromLatin1(qVersion());
    info.torch = QString::fromStdString(runtime.torchVersion);
    info.opencv = QStringLiteral(CV_VERSION);
    info.blas = QString::fromStdString(runtime.blasName);
    info.blasPath = QString::fromStdString(runtime.blasLibrary);
    info.threads = runtime.threads;
    info.usableCpus = runtime.usableCpus;
    info.openMpWait = QString::fromStdString(runtime.openMpWait);
    info.cuda = runtime.cudaAvailable;
    info.cudaDevices = runtime.cudaDevices;
    return info;
}

QString AboutInfo::toText() const {
    return QStringLiteral(
               "AdStudio %1\nLibTorch %2\nQt %3\nOpenCV %4\nBLAS: %5 (%6)\nthreads: %7 of %8 usable "
               "CPUs\nOpenMP wait policy: %9\nCUDA: %10\n")
        .arg(adstudio, torch, qt, opencv, blas, blasPath.isEmpty() ? QStringLiteral("-") : blasPath)
        .arg(threads)
        .arg(usableCpus)
        .arg(openMpWait)
        .arg(cuda ? QStringLiteral("yes, %1 device(s)").arg(cudaDevices)
                  : QStringLiteral("no (CPU)"));
}

void prepareComputeProcess(char** argv) {
    models::restartWithCooperativeOpenMp(argv);
}

int setComputeThreads(int threads) {
    return models::configureThreads(threads);
}

}  // namespace adstudio
