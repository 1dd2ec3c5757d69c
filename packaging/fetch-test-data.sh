#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches the public data sets the test suite reads but the repository cannot ship (MovieLens
# 100K: research use only; Fashion-MNIST's training set: 26 MB; advertising.csv: no licence)
# from their original sources, checks every file's SHA-256 and puts it where the tests look
# (tests/test_data.h). Idempotent: files already there with the right checksum are kept.
#   packaging/fetch-test-data.sh [--to DIR] [--from DIR]
#     --to DIR    where to put them (default $ADSTUDIO_TEST_DATA, else
#                 ${XDG_CACHE_HOME:-~/.cache}/adstudio/test-data)
#     --from DIR  copy from a local folder of the same layout (an offline mirror) instead of
#                 downloading; the same checks apply
# By fetching MovieLens you accept GroupLens's terms (research use, no redistribution).
set -euo pipefail

to="${ADSTUDIO_TEST_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/adstudio/test-data}"
from=""
while (($#)); do
  case "$1" in
    --to) to="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    -h|--help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done

ml_url="https://files.grouplens.org/datasets/movielens/ml-100k.zip"
fashion_url="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com"
ads_url="https://raw.githubusercontent.com/danczw/machine-learning-beginners-repo/cbc58320bc767a6c055788a58046f5098ba972f8/02_Logistic-Regression_Advertising-Data/advertising.csv"

# data set / file  sha256 (from each data set's SOURCE.md). The first file of each set is its
# marker (tests/test_data.h).
files=(
  "ml-100k/u.data 06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490"
  "ml-100k/README 4883b8cf340ed0059971b33f56ad3adc88a40792108ebca3d24aafc4c82e8b52"
  "ml-100k/u.genre 9757e0d3e6b298159a80dd48eaf938114690e911e39af97a76949ef1663610bb"
  "ml-100k/u.info 5b0a40b2e47a729ee6203063f6dcf8790c2e63f5a18663e6ee318a72c5f3c27b"
  "ml-100k/u.item 553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701"
  "ml-100k/u.occupation cd5fbec9afe345d993a62fc7817df1a4a9079c4feb267b3118763b8fd942137d"
  "ml-100k/u.user f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c"
  "fashion-mnist/train-labels-idx1-ubyte.gz a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"
  "fashion-mnist/train-images-idx3-ubyte.gz 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"
  "fashion-mnist/t10k-images-idx3-ubyte.gz 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"
  "fashion-mnist/t10k-labels-idx1-ubyte.gz 67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"
  "ads/advertising.csv 00f638aa4103ebf52935d3a62a60328100cc02a8111ca2b4769b4b3596f498f9"
)

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

download() {  # URL FILE
  if command -v curl >/dev/null; then
    curl -fL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null; then
    wget -q -O "$2" "$1"
  else
    echo "error: neither curl nor wget is installed; apt-get install curl" >&2
    exit 1
  fi
}

# Brings one data set's files into $staging/SET (download or copy).
stage() {
  local set="$1"
  mkdir -p "$staging/$set"
  if [[ -n "$from" ]]; then
    cp "$from/$set"/* "$staging/$set/" 2>/dev/null || true
    return
  fi
  case "$set" in
    ml-100k)
      download "$ml_url" "$staging/ml-100k.zip"
      command -v unzip >/dev/null || { echo "error: unzip is missing; apt-get install unzip" >&2; exit 1; }
      unzip -q -o "$staging/ml-100k.zip" -d "$staging" ;;
    fashion-mnist)
      for f in train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz \
               t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
        download "$fashion_url/$f" "$staging/fashion-mnist/$f"
      done ;;
    ads) download "$ads_url" "$staging/ads/advertising.csv" ;;
  esac
}

verified() {  # FILE SHA256
  [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

status=0
for set in ml-100k fashion-mnist ads; do
  needed=()
  for entry in "${files[@]}"; do
    read -r file sum <<<"$entry"
    [[ "$file" == "$set/"* ]] || continue
    verified "$to/$file" "$sum" || needed+=("$entry")
  done
  if ((${#needed[@]} == 0)); then
    echo "$set: already there ($to/$set)"
    continue
  fi
  stage "$set"
  mkdir -p "$to/$set"
  broken=0
  for entry in "${needed[@]}"; do
    read -r file sum <<<"$entry"
    if ! verified "$staging/$file" "$sum"; then
      echo "error: $file: missing or its SHA-256 is not $sum; the source changed or the download broke" >&2
      broken=1
    fi
  done
  if ((broken)); then status=1; continue; fi
  # Marker last (the first in the list), so a set with its marker is complete.
  for ((i = ${#needed[@]} - 1; i >= 0; i--)); do
    read -r file sum <<<"${needed[$i]}"
    mv -f "$staging/$file" "$to/$file.part" && mv -f "$to/$file.part" "$to/$file"
  done
  echo "$set: fetched into $to/$set"
done
exit "$status"
