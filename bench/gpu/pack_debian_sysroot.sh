#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Packs what a headless AdStudio build needs from this Debian 12 machine (Qt 6, OpenCV, Boost,
# libzip, libcsv, Gloo: headers, CMake packages, libraries, tools, the offscreen platform and a
# font) into OUT (default .gpu/sysroot.tar.xz), for a GPU machine that has a compiler, CMake and
# a CUDA LibTorch (PyTorch's) but none of those packages and no way to install them: the machine
# lent to this project's sessions (Ubuntu 24.04). cuda_run.sh builds and measures there.
# Run packaging/install-deps-debian.sh first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/.gpu/sysroot.tar.xz}
S=$(mktemp -d /tmp/adstudio-sysroot.XXXXXX)
trap 'rm -rf "$S"' EXIT
A=usr/lib/x86_64-linux-gnu
copy() { for f in "$@"; do mkdir -p "$S/$(dirname "${f#/}")"; cp -a "$f" "$S/${f#/}"; done; }

# Qt 6: headers, CMake packages (less the plugin packages: their files are not needed to link),
# tools, mkspecs, metatypes; the offscreen platform (the CLI paints creatives) and a font.
for m in QtCore QtGui QtNetwork QtHttpServer QtWebSockets QtSvg QtTest QtConcurrent QtDBus; do
  copy /usr/include/x86_64-linux-gnu/qt6/$m
done
for c in Qt6 Qt6Core Qt6CoreTools Qt6Gui Qt6GuiTools Qt6Network Qt6HttpServer Qt6WebSockets Qt6Svg \
         Qt6Test Qt6Concurrent Qt6DBus Qt6DBusTools Qt6HostInfo Qt6BuildInternals; do
  copy /$A/cmake/$c
done
find "$S/$A/cmake" -name 'Qt6Q*Plugin*.cmake' -delete
copy /usr/lib/qt6/bin /usr/lib/qt6/libexec /$A/qt6/mkspecs /usr/bin/x86_64-linux-gnu-qmake6
for m in concurrent core dbus gui httpserver network svg test websockets; do
  copy /$A/metatypes/qt6${m}_none_metatypes.json
done
copy /$A/qt6/plugins/platforms/libqoffscreen.so /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
     /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

# Boost: the headers the sources include, and its CMake package (CMake 4 has no FindBoost).
copy /$A/cmake/Boost-1.74.0 /$A/cmake/boost_headers-1.74.0 /$A/cmake/BoostDetectToolset-1.74.0.cmake
grep -rhoE --include='*.cpp' --include='*.h' '#include <boost/[^>]+>' "$repo/core" "$repo/app" "$repo/bench" |
  sort -u | while read -r line; do g++ -std=c++17 -x c++ -M - <<<"$line"; done | tr ' \\' '\n\n' | grep '^/usr/include/boost/' | sort -u > "$S/boost-headers.txt"
copy $(cat "$S/boost-headers.txt") /usr/include/boost/version.hpp /usr/include/boost/config
rm "$S/boost-headers.txt"

# OpenCV (the three modules AdStudio uses), Gloo, libzip, libcsv, OpenGL (Qt Gui's package wants it)
o=/usr/include/opencv4/opencv2
copy $o/core $o/core.hpp $o/imgproc $o/imgproc.hpp $o/imgcodecs $o/imgcodecs.hpp $o/opencv_modules.hpp
copy /usr/include/gloo /usr/include/zip.h /usr/include/zipconf.h /usr/include/csv.h \
     /usr/include/GL /usr/include/KHR /usr/include/EGL

# Libraries: the closure of what AdStudio links, with their symlinks.
mkdir -p "$S/$A"
roots="libopencv_core.so.406 libopencv_imgproc.so.406 libopencv_imgcodecs.so.406 libcsv.so.3
       libzip.so.4 libgloo.so.0 libGL.so.1 libOpenGL.so.0 libGLX.so.0 libEGL.so.1 libGLdispatch.so.0
       libQt6Core.so.6 libQt6Gui.so.6 libQt6HttpServer.so.6 libQt6Svg.so.6 libQt6Test.so.6
       libQt6Concurrent.so.6 libQt6Network.so.6 libQt6DBus.so.6 libQt6WebSockets.so.6"
"$here/library_closure.py" $roots | while read -r path; do
  real=$(readlink -f "$path"); base=$(basename "$path"); stem=${base%%.so*}
  cp -L "$real" "$S/$A/$(basename "$real")"
  for l in "$(dirname "$path")/$stem".so*; do
    if [[ -L "$l" ]]; then ln -sf "$(basename "$real")" "$S/$A/$(basename "$l")"; fi
  done
done
for root in $roots; do  # the unversioned names the linker looks for
  stem=${root%%.so*}
  real=$(ls "$S/$A/$stem".so.* | sort | tail -1)
  ln -sf "$(basename "$real")" "$S/$A/$stem.so"
done

# Stand-ins for the image formats OpenCV's imgcodecs links (GDAL, DICOM, OpenEXR: 140 libraries
# with their own needs): each defines the symbols imgcodecs imports from it, as an abort. It is
# linked with BIND_NOW, so every symbol must resolve; none is called, as AdStudio reads PNG/JPEG.
work=$(mktemp -d)
for lib in libgdal.so.32 libgdcmMSFF.so.3.0 libgdcmDSED.so.3.0 libOpenEXR-3_1.so.30; do
  comm -12 <(nm -D --undefined-only /$A/libopencv_imgcodecs.so.406 | awk '{print $2}' | sort -u) \
           <(nm -D --defined-only /$A/$lib | awk '{print $3}' | sort -u) > "$work/symbols"
  { echo '#include <stdlib.h>'; i=0
    while read -r s; do echo "void s$i(void) __asm__(\"$s\"); void s$i(void) { abort(); }"; i=$((i + 1)); done < "$work/symbols"
  } > "$work/stand_in.c"
  gcc -shared -fPIC -Wl,-soname,$lib -o "$S/$A/$lib" "$work/stand_in.c"
done
rm -rf "$work"

# OpenCV's own package names every module Debian ships; this one names the three.
mkdir -p "$S/$A/cmake/opencv4"
cat > "$S/$A/cmake/opencv4/OpenCVConfig.cmake" <<'CFG'
get_filename_component(_ocv_prefix "${CMAKE_CURRENT_LIST_DIR}/../../../.." ABSOLUTE)
set(OpenCV_VERSION 4.6.0)
set(OpenCV_INCLUDE_DIRS "${_ocv_prefix}/include/opencv4")
set(OpenCV_LIBS)
foreach(m core imgproc imgcodecs)
  add_library(opencv_${m} SHARED IMPORTED)
  set_target_properties(opencv_${m} PROPERTIES
    IMPORTED_LOCATION "${_ocv_prefix}/lib/x86_64-linux-gnu/libopencv_${m}.so.406"
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCV_INCLUDE_DIRS}")
  list(APPEND OpenCV_LIBS opencv_${m})
endforeach()
set(OpenCV_FOUND TRUE)
CFG
printf 'set(PACKAGE_VERSION 4.6.0)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' \
  > "$S/$A/cmake/opencv4/OpenCVConfigVersion.cmake"

mkdir -p "$(dirname "$out")"
tar -C "$S" -cf - . | xz -T2 -6 > "$out"
echo "$out: $(du -h "$out" | cut -f1) ($(du -sh "$S" | cut -f1) unpacked)"
