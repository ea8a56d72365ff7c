#!/usr/bin/env bash
# Runs every fuzz target once, one after another, each on a single niced core, and
# leaves per-target logs in fuzz/logs/ (git-ignored). Never run by CI.
#
#   fuzz/run-all.sh [SECONDS_PER_RUN] [TARGET...]
#
# Rounds over the targets, SECONDS_PER_RUN of wall time each, until the runs together
# have used GOAL_CPU seconds of CPU (default 7800: a niced process on a shared machine
# gets far less CPU than wall time, and the budget is CPU time). Each run reloads the
# corpus the earlier ones grew.
#
# Seeds: fuzz/seeds plus ../shared/corpus (or $SHARED_CORPUS, e.g. from a worktree), copied into fuzz/corpus/<target>/ (git-ignored;
# corpus files are never committed). Needs `cargo install cargo-fuzz` and a nightly
# toolchain. Crashes land in fuzz/artifacts/<target>/. The fuzz binary is timed on its
# own (`cargo fuzz run` would count a rebuild of the library as fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
goal=${GOAL_CPU:-7800}
shift || true
all=(xmp_parse container_jpeg container_png container_detect container_tiff container_webp
  container_gif container_svg container_gltf container_sidecar container_fallback
  container_write container_psd container_pdf)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
shared=${SHARED_CORPUS:-../shared/corpus}
mkdir -p fuzz/logs

seed() { # seed TARGET SOURCE...
  local dir=fuzz/corpus/$1
  shift
  mkdir -p "$dir"
  for s in "$@"; do
    [ -e "$s" ] || continue
    find "$s" -type f ! -name '*.md' ! -name '*.tsv' -exec cp -n {} "$dir/" \;
  done
}

seed xmp_parse fuzz/seeds "$shared/xmp"
if command -v exiftool >/dev/null 2>&1 && [ ! -e fuzz/corpus/xmp_parse/.extracted ]; then
  # The packets of every corpus file as the XML reader sees them.
  i=0
  while IFS= read -r f; do
    i=$((i + 1))
    exiftool -q -q -b -XMP "$f" >"fuzz/corpus/xmp_parse/packet-$i.xmp" 2>/dev/null || true
    [ -s "fuzz/corpus/xmp_parse/packet-$i.xmp" ] || rm -f "fuzz/corpus/xmp_parse/packet-$i.xmp"
  done < <(find "$shared" -type f ! -path '*/expected/*' ! -name '*.md' ! -name '*.tsv' | sort)
  touch fuzz/corpus/xmp_parse/.extracted
fi
seed container_jpeg "$shared/jpeg"
seed container_png "$shared/png"
seed container_tiff "$shared/tiff" "$shared/other/exiftool__DNG.dng"
seed container_webp "$shared/webp"
seed container_gif "$shared/gif"
seed container_psd "$shared/other/exiftool__Photoshop.psd"
seed container_pdf "$shared/pdf"
seed container_svg "$shared/svg" fuzz/seeds/10-svg-host.svg
seed container_gltf "$shared/gltf"
seed container_sidecar "$shared/xmp" fuzz/seeds
seed container_fallback "$shared/pdf" "$shared/mp4" "$shared/heif" "$shared/other"
seed container_write "$shared/gif" "$shared/gltf" "$shared/jpeg" "$shared/png" "$shared/svg" \
  "$shared/tiff" "$shared/webp" "$shared/xmp" "$shared/other/exiftool__DNG.dng" fuzz/seeds
seed container_detect "$shared/gif" "$shared/gltf" "$shared/heif" "$shared/jpeg" "$shared/mp4" \
  "$shared/other" "$shared/pdf" "$shared/png" "$shared/svg" "$shared/tiff" "$shared/webp" "$shared/xmp"

# Rounds continue the numbering of the logs already in fuzz/logs/.
round=$(find fuzz/logs -name '*.time' | sed -E 's/.*\.([0-9]+)\.time$/\1/' | sort -n | tail -1)
round=${round:-0}
used=0
bin=fuzz/target/x86_64-unknown-linux-gnu/release
while awk -v u="$used" -v g="$goal" 'BEGIN { exit !(u < g) }'; do
  round=$((round + 1))
  for t in "${targets[@]}"; do
    case $t in
      xmp_parse | container_sidecar) max_len=262144 ;;
      *) max_len=1048576 ;;
    esac
    log=fuzz/logs/$t.$round.log
    echo "== round $round $t: ${secs}s, max_len $max_len, $(date -u +%FT%TZ)" | tee -a fuzz/logs/driver.log
    # Built first, so that the time measured below is the fuzzer's alone.
    nice -n 19 cargo +nightly fuzz build --debug-assertions "$t" >"fuzz/logs/$t.$round.build" 2>&1
    # -jobs=1 puts libFuzzer's own output in fuzz-0.log in the working directory.
    rm -f fuzz-0.log
    mkdir -p "fuzz/artifacts/$t"
    /usr/bin/time -f "cpu_user=%U cpu_sys=%S wall=%e" -o "fuzz/logs/$t.$round.time" \
      nice -n 19 "$bin/$t" -artifact_prefix="fuzz/artifacts/$t/" \
      -jobs=1 -workers=1 -rss_limit_mb=2048 -max_len=$max_len -timeout=30 \
      -max_total_time="$secs" -print_final_stats=1 "fuzz/corpus/$t" >"fuzz/logs/$t.$round.driver" 2>&1 || true
    [ -f fuzz-0.log ] && mv fuzz-0.log "$log"
    used=$(awk -v u="$used" -F'[= ]' '/^cpu_user=/ { u += $2 + $4 } END { print u }' "fuzz/logs/$t.$round.time")
    echo "   $(grep cpu_user "fuzz/logs/$t.$round.time"); corpus $(find "fuzz/corpus/$t" -type f | wc -l) files; cpu so far ${used}s" |
      tee -a fuzz/logs/driver.log
  done
done
