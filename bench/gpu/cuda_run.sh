#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# On a GPU machine with PyTorch (its CUDA LibTorch) but no Qt/OpenCV: builds AdStudio headless
# (-DADSTUDIO_GUI=OFF) against that LibTorch and the libraries pack_debian_sysroot.sh packed, runs
# the training tests on the GPU and times recommender and GAN training on CUDA against the same
# machine's CPU (all its threads), same settings and seed, at batches $BATCHES (default 8192 and
# 1024). Writes its log, tests.txt and the build's output under $OUT.
#   DEADLINE=seconds bench/gpu/cuda_run.sh [SYSROOT_TAR] [DATA_DIR]
# DATA_DIR holds ml-100k/ and fashion-mnist/ (ADSTUDIO_TEST_DATA's layout). USERS: the demo
# world's users (default 50000).
set -uo pipefail
OUT=${OUT:-/tmp/adstudio-cuda}; mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1
t0=$(date +%s)
left() { echo $((${DEADLINE:-540} - ($(date +%s) - t0))); }
stage() { echo; echo "=== [$(($(date +%s) - t0)) s] $*"; }
tarball=${1:-.gpu/sysroot.tar.xz}
data=$(realpath "${2:-.gpu/data}")
S=/tmp/adstudio-sysroot; mkdir -p $S; tar -C $S -xJf "$tarball"
T=$(python3 -c "import torch, os; print(os.path.dirname(torch.__file__))")
export LD_LIBRARY_PATH=$S/usr/lib/x86_64-linux-gnu:$T/lib QT_QPA_PLATFORM=offscreen
export QT_PLUGIN_PATH=$S/usr/lib/x86_64-linux-gnu/qt6/plugins FONTCONFIG_FILE=/tmp/adstudio-fonts.conf
printf '<?xml version="1.0"?><fontconfig><dir>%s/usr/share/fonts</dir><cachedir>/tmp/fc</cachedir></fontconfig>\n' $S \
  > $FONTCONFIG_FILE
B=/tmp/adstudio-cuda-build

stage configure
# The system compiler, whose libstdc++ LibTorch uses: the lent machine's CXX (/opt/gcc) linked
# parts of its own libstdc++ into the executables, and freeing a std::locale made by the shared
# one aborted inside torch::jit::load ("free(): invalid pointer"). PKG_CONFIG_EXECUTABLE: the
# machine's pkg-config would look for libzip in its own folders, not the packed ones.
env -u CC -u CXX -u LDFLAGS -u CXXFLAGS cmake -S . -B $B -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=/usr/bin/g++ -DADSTUDIO_GUI=OFF -DADSTUDIO_BUILD_TESTS=ON \
  -DCMAKE_PREFIX_PATH="$T/share/cmake;$S/usr" -DPKG_CONFIG_EXECUTABLE=/nonexistent \
  -DCMAKE_CXX_FLAGS="-isystem $S/usr/include" -DTORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,--allow-shlib-undefined -Wl,-rpath-link,$S/usr/lib/x86_64-linux-gnu" \
  > "$OUT/configure.txt" 2>&1 || { grep -A12 "CMake Error" "$OUT/configure.txt" | head -60; exit 1; }

stage build
tests="test_optimizer test_recommender test_gan test_recommender_movielens test_distributed test_models test_epoch_examples"
ninja -C $B -j"$(nproc)" adstudio-cli $tests > "$OUT/build.txt" 2>&1 || { grep -B2 -A8 "error" "$OUT/build.txt" | head -60; exit 1; }
cli=$B/app/adstudio-cli
$cli --version
export ADSTUDIO_TEST_DATA=$data OMP_WAIT_POLICY=PASSIVE

train() {  # label, train's arguments
  local label=$1; shift; rm -rf /tmp/adstudio-o
  timeout 90 $cli train --out /tmp/adstudio-o --patience 0 --no-baselines --seed 1 "$@" > /dev/null 2> /tmp/adstudio-err ||
    tail -5 /tmp/adstudio-err
  python3 - "$label" <<'PY'
import json, sys
m = json.load(open('/tmp/adstudio-o/metrics.json'))
g = lambda k: m.get(k, 0)
print(f"RESULT {sys.argv[1]:24s} samples/s {g('samples_per_s'):>10,.0f}  auc {g('auc'):.6f}  "
      f"forward {g('forward_seconds'):.2f} s  backward {g('backward_seconds'):.2f} s  "
      f"optimizer {g('optimizer_seconds'):.2f} s  ranks {m.get('world_size', 1)}  device {g('device')}")
PY
}
gan() {  # label, train-gan's arguments
  local label=$1; shift; rm -rf /tmp/adstudio-g
  $cli train-gan --images "$data/fashion-mnist/t10k-images-idx3-ubyte.gz" --max-images 4096 \
    --epochs 1 --seed 1 --out /tmp/adstudio-g "$@" > /dev/null 2> /tmp/adstudio-err || tail -5 /tmp/adstudio-err
  python3 -c "import json; m = json.load(open('/tmp/adstudio-g/metrics.json')); \
print(f\"RESULT gan {'$label':20s} images/s {m['images_per_s']:>8,.0f}  frechet {m['frechet']:.3f}  device {m['device']}\")"
}

run_test() {  # test executable
  local t=$1 l; l=$(left); [[ $l -gt 20 ]] || return
  stage "$t (device auto: the GPU)"
  timeout $((l - 10)) $B/tests/$t > /tmp/adstudio-test.txt 2>&1; echo "exit $?"
  { echo "=== $t"; cat /tmp/adstudio-test.txt; } >> "$OUT/tests.txt"
  grep -E "^(FAIL|SKIP)|Totals|Loc:|signal" /tmp/adstudio-test.txt | head -20
}

# The optimizer's fused CUDA step first (quick), then the tests that load saved models.
for t in ${FIRST_TESTS-test_optimizer test_recommender test_gan test_recommender_movielens}; do
  run_test $t
done

stage "demo world, ${USERS:-50000} users"
$cli demo-data --out /tmp/adstudio-world --users "${USERS:-50000}" --items 400 > /dev/null
for batch in ${BATCHES-8192 1024}; do
  for model in deepfm neumf; do
    [[ $(left) -gt 60 ]] || break
    train "$model b$batch cuda" --data /tmp/adstudio-world --model $model --epochs 1 --device cuda \
      --batch-size "$batch"
    train "$model b$batch cpu" --data /tmp/adstudio-world --model $model --epochs 1 --device cpu \
      --batch-size "$batch"
  done
done
[[ $(left) -gt 60 && -n ${BATCHES-x} ]] && { gan cuda --device cuda; gan cpu --device cpu; }
# Data-parallel on the CUDA build: two processes share the GPU, Gloo sums in host memory.
if [[ $(left) -gt 60 ]]; then
  train "deepfm b256 1 cuda" --data /tmp/adstudio-world --model deepfm --epochs 1 --device cuda
  train "deepfm b256 2 workers cuda" --data /tmp/adstudio-world --model deepfm --epochs 1 \
    --device cuda --workers 2
  debugger=$(command -v gdb || command -v cuda-gdb)
  if [[ ! -s /tmp/adstudio-o/metrics.json && -n $debugger ]]; then
    stage "the failed run under $debugger"
    timeout 60 "$debugger" -q -batch -ex run -ex "thread apply all bt 15" --args $cli train --out /tmp/adstudio-o \
      --data /tmp/adstudio-world --model deepfm --epochs 1 --device cuda --workers 2 > "$OUT/gdb.txt" 2>&1
    grep -A15 "SIGSEGV\|SIGABRT" "$OUT/gdb.txt" | head -40
  fi
fi
for t in ${LATER_TESTS-test_distributed test_models test_epoch_examples}; do run_test $t; done
stage done
