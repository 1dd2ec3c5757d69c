#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints the shared libraries the given sonames need, transitively, as paths on this machine.

Stops at the libraries the target machine already has (glibc, libstdc++, compression, TLS,
X11, BLAS: an Ubuntu 24.04 CUDA image) and at the image-format libraries OpenCV links but
AdStudio never reads (GDAL, DICOM, OpenEXR), for which pack_debian_sysroot.sh builds stand-ins.
  library_closure.py libQt6Core.so.6 libopencv_imgcodecs.so.406 ...
"""
import os
import subprocess
import sys

SEARCH = ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib")
ON_TARGET = set("""
libc.so.6 libm.so.6 libresolv.so.2 libdl.so.2 libpthread.so.0 librt.so.1 ld-linux-x86-64.so.2
libstdc++.so.6 libgcc_s.so.1 libzstd.so.1 libz.so.1 libuuid.so.1 libsystemd.so.0 libssl.so.3
libcrypto.so.3 libpng16.so.16 libpcre2-8.so.0 libopenblas.so.0 liblzma.so.5 libgssapi_krb5.so.2
libkrb5.so.3 libk5crypto.so.3 libcom_err.so.2 libkrb5support.so.0 libkeyutils.so.1 libgomp.so.1
libexpat.so.1 libbz2.so.1.0 libbrotlidec.so.1 libbrotlienc.so.1 libbrotlicommon.so.1 libX11.so.6
libxcb.so.1 libXau.so.6 libXdmcp.so.6 libbsd.so.0 libmd.so.0 libcap.so.2 libgcrypt.so.20
libgpg-error.so.0 liblz4.so.1 libffi.so.8 libgfortran.so.5 libquadmath.so.0
""".split())
STAND_INS = set("libgdal.so.32 libgdcmMSFF.so.3.0 libgdcmDSED.so.3.0 libOpenEXR-3_1.so.30".split())


def find(soname):
    for folder in SEARCH:
        path = os.path.join(folder, soname)
        if os.path.exists(path):
            return path
    return None


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    return [line.split("[")[1].split("]")[0] for line in out.splitlines() if "(NEEDED)" in line]


def main(roots):
    seen = {}
    todo = list(roots)
    while todo:
        soname = todo.pop()
        if soname in seen or soname in ON_TARGET or soname in STAND_INS:
            continue
        seen[soname] = find(soname)
        if seen[soname] is None:
            print(f"missing: {soname}", file=sys.stderr)
            continue
        todo += needed(seen[soname])
    for soname, path in sorted(seen.items()):
        if path:
            print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
