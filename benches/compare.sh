#!/usr/bin/env bash
# Whole-command timings of xmpedit against ExifTool and Exiv2 on the bench folder, side
# by side in one hyperfine run per task. Figures go to BENCHMARKS.md.
#
#   python3 ../shared/bench/gen_corpus.py ../shared/bench/base.jpg /tmp/bench 10000
#   cargo build --release && benches/compare.sh /tmp/bench [read|write|all]
#
# The write task works on a fresh copy of the folder for every run (hyperfine --prepare),
# so every tool edits the same untouched files.
set -euo pipefail
dir=${1:?usage: benches/compare.sh BENCH_DIR [read|write|all]}
task=${2:-all}
bin=${XMPEDIT:-$(dirname "$0")/../target/release/xmpedit}
files=$(find "$dir" -type f | wc -l)
echo "bench folder: $dir ($files files); xmpedit: $bin"
export XMPEDIT_DATA_DIR=${XMPEDIT_DATA_DIR:-$(mktemp -d)}

if [ "$task" = read ] || [ "$task" = all ]; then
  # Warm the cache once so every command reads from memory.
  find "$dir" -type f -print0 | xargs -0 cat > /dev/null
  hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown /tmp/xmpedit-read.md \
    -n "xmpedit show --json -r" "$bin show --json -r '$dir' > /dev/null" \
    -n "xmpedit ls -r" "$bin ls -r '$dir' > /dev/null" \
    -n "floor: first 64 KB of every file" "find '$dir' -type f -print0 | xargs -0 -P2 head -qc 65536 > /dev/null" \
    -n "exiv2 -px (all files)" "find '$dir' -type f -print0 | xargs -0 -P2 -n 500 exiv2 -px > /dev/null 2>&1 || true"
  hyperfine --runs 1 --export-markdown /tmp/exiftool-read.md \
    -n "exiftool -j -XMP:all -r" "exiftool -j -XMP:all -r '$dir' > /dev/null 2>&1 || true"
  /usr/bin/time -v "$bin" show --json -r "$dir" 2>&1 >/dev/null | grep -E "Maximum resident"
  /usr/bin/time -v "$bin" ls -r "$dir" 2>&1 >/dev/null | grep -E "Maximum resident"
fi

if [ "$task" = write ] || [ "$task" = all ]; then
  work=$(mktemp -d)
  prep="rm -rf '$work/c' && cp -r '$dir' '$work/c'"
  hyperfine --runs "${RUNS:-3}" --prepare "$prep" --export-markdown /tmp/xmpedit-write.md \
    -n "xmpedit set -e xmp:Rating=3 -r" "$bin set -e xmp:Rating=3 -r '$work/c' > /dev/null" \
    -n "exiv2 -M'set Xmp.xmp.Rating 3'" "find '$work/c' -type f -print0 | xargs -0 -P2 -n 500 exiv2 -M'set Xmp.xmp.Rating 3' > /dev/null 2>&1 || true"
  hyperfine --runs 1 --prepare "$prep" --export-markdown /tmp/exiftool-write.md \
    -n "exiftool -overwrite_original -XMP:Rating=3 -r" "exiftool -overwrite_original -XMP:Rating=3 -r '$work/c' > /dev/null 2>&1 || true"
  rm -rf "$work"
fi
