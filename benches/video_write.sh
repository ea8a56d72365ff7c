#!/usr/bin/env bash
# Writing XMP into videos: a rating into 100 small MP4s (xmpedit against ExifTool,
# hyperfine), and one 4 GiB "fast start" MOV and one 4 GiB MP4 (sparse media, so the
# disk holds little until a rewrite copies it) written in place and rewritten, with
# wall time and peak memory (GNU time's maximum resident set size).
#
# usage: XMPEDIT=path/to/xmpedit benches/video_write.sh [WORKDIR]
set -euo pipefail
BIN=${XMPEDIT:-target/release/xmpedit}
BIN=$(readlink -f "$BIN")
W=${1:-/tmp/xmpedit-video-bench}
rm -rf "$W"; mkdir -p "$W/src"
export XMPEDIT_DATA_DIR="$W/data" XMPEDIT_CONFIG=/nonexistent

ffmpeg -v error -f lavfi -i testsrc=duration=10:size=320x240:rate=25 -c:v mpeg4 -q:v 5 -y "$W/one.mp4"
for i in $(seq -w 1 100); do cp "$W/one.mp4" "$W/src/v$i.mp4"; done
echo "== 100 MP4s of $(stat -c %s "$W/one.mp4") bytes"
hyperfine -N -w 1 -r 5 \
  --prepare "sh -c 'rm -rf $W/w $W/data; cp -r $W/src $W/w; sync'" \
  "$BIN set -r -e xmp:Rating=3 $W/w" \
  "exiftool -q -overwrite_original -XMP-xmp:Rating=3 $W/w"

# A 4 GiB movie: ftyp, moov (one track, 1,000 chunks) and a 64-bit mdat, sparse.
python3 - "$W" <<'PY'
import os, struct, sys
w = sys.argv[1]
def box(kind, body): return struct.pack(">I", len(body) + 8) + kind + body
media = 4 << 30
def movie(quicktime, moov_first):
    ftyp = box(b"ftyp", b"qt  \0\0\2\0qt  " if quicktime else b"isom\0\0\2\0isommp41")
    def moov(first):
        stco = struct.pack(">II", 0, 1000) + b"".join(struct.pack(">Q", first + i * (media // 1000)) for i in range(1000))
        stbl = box(b"stbl", box(b"co64", stco))
        trak = box(b"trak", box(b"mdia", box(b"minf", stbl)))
        return box(b"moov", box(b"mvhd", bytes(100)) + trak)
    mdat_head = struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", media + 16)
    if moov_first:
        first = len(ftyp) + len(moov(0)) + 16
        return [ftyp + moov(first) + mdat_head], b""
    return [ftyp + mdat_head], moov(len(ftyp) + 16)
for name, qt, first in [("big.mov", True, True), ("big.mp4", False, False)]:
    (head,), tail = movie(qt, first)
    with open(os.path.join(w, name), "wb") as f:
        f.write(head)
        f.truncate(len(head) + media)
        f.seek(len(head) + media)
        f.write(tail)
PY
for f in big.mov big.mp4; do
  echo "== $f: $(stat -c %s "$W/$f") bytes, first write (rewrite), then a change that fits (in place)"
  for run in rewrite in-place; do
    /usr/bin/time -f "$run: %e s wall, %M KiB max RSS" "$BIN" set -e "xmp:Rating=$([ $run = rewrite ] && echo 4 || echo 5)" "$W/$f" >/dev/null
  done
  rm -f "$W/$f"; rm -rf "$W/data"
done
