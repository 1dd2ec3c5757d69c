#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# AdStudio on a busy machine: wall time of the main job (`adstudio-cli run --demo --fast`) alone,
# two at once, and beside a CPU hog (`stress-ng --cpu N`, N = the CPUs), as ratios against
# "alone" measured in the same run. Goal: both ratios at most 2.5.
#   bench/load_bench.sh [--cli PATH] [--baseline] [--cap-factor F]
#     --baseline     also measure GNU OpenMP's default spinning policy (GOMP_SPINCOUNT=300000,
#                    libgomp's default), i.e. AdStudio before it restarted itself passive
#     --cap-factor   stop a run after F x the alone time and report it as "> F" (default 6)
# Needs stress-ng (packaging/install-deps-debian.sh --bench installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/release/app/adstudio-cli
baseline=0
cap=6
while (($#)); do
  case "$1" in
    --cli) cli="$2"; shift 2 ;;
    --baseline) baseline=1; shift ;;
    --cap-factor) cap="$2"; shift 2 ;;
    *) echo "usage: $0 [--cli PATH] [--baseline] [--cap-factor F]" >&2; exit 2 ;;
  esac
done
[[ -x "$cli" ]] || { echo "error: $cli is not built; cmake --build --preset release" >&2; exit 1; }
command -v stress-ng >/dev/null || { echo "error: stress-ng is missing; apt-get install stress-ng" >&2; exit 1; }
cpus=$(nproc)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# One main job; prints its wall seconds, or "timeout" when it ran past $2 seconds.
one_run() {  # NAME LIMIT [ENV...]
  local name="$1" limit="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  if env "$@" timeout "$limit" "$cli" run --demo --fast --out "$work/$name" >/dev/null 2>"$work/$name.err"; then
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
  else
    echo timeout
  fi
  rm -rf "$work/$name"
}

ratio() {  # SECONDS ALONE
  if [[ "$1" == timeout ]]; then echo "> $cap"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

measure() {  # LABEL [ENV...]
  local label="$1"; shift
  local alone limit a b hog
  alone=$(one_run alone 1800 "$@")
  limit=$(awk -v a="$alone" -v c="$cap" 'BEGIN { printf "%d", a * c + 1 }')
  # Two at once: the slower of the two counts.
  one_run pair1 "$limit" "$@" >"$work/p1" & one_run pair2 "$limit" "$@" >"$work/p2" & wait
  a=$(cat "$work/p1"); b=$(cat "$work/p2")
  local pair="$a"
  if [[ "$a" == timeout || "$b" == timeout ]]; then pair=timeout
  elif awk -v a="$a" -v b="$b" 'BEGIN { exit !(b > a) }'; then pair="$b"; fi
  stress-ng --cpu "$cpus" --timeout "${limit}s" --quiet & local hogpid=$!
  sleep 1
  hog=$(one_run hog "$limit" "$@")
  kill "$hogpid" 2>/dev/null || true; wait "$hogpid" 2>/dev/null || true
  printf '| %s | %s | %s (%s x) | %s (%s x) |\n' "$label" "$alone" \
    "$pair" "$(ratio "$pair" "$alone")" "$hog" "$(ratio "$hog" "$alone")"
}

echo "CPUs: $cpus; $("$cli" version | grep -i 'openmp')"
echo "| OpenMP wait policy | alone s | two at once s | beside stress-ng --cpu $cpus s |"
echo "|---|---|---|---|"
measure "AdStudio (restarts passive)"
if ((baseline)); then
  measure "default spinning (before)" GOMP_SPINCOUNT=300000
fi
