#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Serving over HTTP on loopback: requests/s and latency of POST /v1/rank with wrk, alone and
# beside a CPU hog (stress-ng --cpu N), each with GET /v1/health as the baseline measured in the
# same run (the HTTP stack's own cost, no decision). Goal: 5,000 rank/s at p99 under 10 ms.
#   bench/serve_http_bench.sh --project DIR [--cli PATH] [--seconds S] [--connections C]
# Needs wrk and stress-ng (packaging/install-deps-debian.sh --bench installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/release/app/adstudio-cli
project=""
seconds=15
connections=32
while (($#)); do
  case "$1" in
    --project) project="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    *) echo "usage: $0 --project DIR [--cli PATH] [--seconds S] [--connections C]" >&2; exit 2 ;;
  esac
done
[[ -n "$project" ]] || { echo "error: --project DIR is required (a project made by run --demo)" >&2; exit 2; }
[[ -x "$cli" ]] || { echo "error: $cli is not built; cmake --build --preset release" >&2; exit 1; }
for tool in wrk stress-ng; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing; packaging/install-deps-debian.sh --bench" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
users=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['users']))" "$project/segments.json")
size=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['creatives'][0]['size'])" "$project/creatives/creatives.json")

"$cli" serve --project "$project" --port 0 --log "$work/events.jsonl" >"$work/serve.out" 2>"$work/serve.err" &
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.out")
[[ -n "$url" ]] || { cat "$work/serve.err" >&2; exit 1; }

run() {  # label, wrk args...
  local label="$1"; shift
  local out
  out=$(USERS="$users" SIZE="$size" wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-34s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "wrk -t2 -c$connections -d${seconds}s on $(nproc) CPUs, $users users, size $size"
run "health (baseline), alone" "$url/v1/health"
run "rank, alone" -s bench/wrk/rank.lua "$url"
stress-ng --cpu "$(nproc)" --timeout "$((3 * seconds))s" >/dev/null 2>&1 &
stress=$!
sleep 1
run "health (baseline), beside stress-ng" "$url/v1/health"
run "rank, beside stress-ng" -s bench/wrk/rank.lua "$url"
kill "$stress" 2>/dev/null || true
decisions=$(grep -c '"_type":"decision"' "$work/events.jsonl" || true)
echo "event log: $decisions decision lines"
