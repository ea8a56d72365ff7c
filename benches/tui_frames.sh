#!/bin/bash
# TUI benchmark (not a test): frame times while a big folder is scanned, and a rating
# change on 1,000 marked assets written. Runs the release binary in tmux and reads
# the frame trace it writes with XMPEDIT_TUI_TRACE.
#
#   benches/tui_frames.sh [FOLDER]     (default: /work/bench/photos)
#   XMPEDIT=/path/to/xmpedit benches/tui_frames.sh   (time that binary instead)
#
# Targets: first frame < 100 ms; no frame slower than 16 ms while the scan runs
# (keys are pressed every 100 ms meanwhile); 1,000 ratings written in < 1 s.
set -euo pipefail
folder=${1:-/work/bench/photos}
root=$(cd "$(dirname "$0")/.." && pwd)
# XMPEDIT names another binary (an older build, to compare); else the release build.
if [ -z "${XMPEDIT:-}" ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
bin=${XMPEDIT:-${CARGO_TARGET_DIR:-$root/target}/release/xmpedit}
work=$(mktemp -d)
sock="xmpedit-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

run() { # folder, then keys...
    local dir=$1
    rm -f "$work/trace"
    tmux -L "$sock" new-session -d -s b -x 120 -y 32 \
        "env XMPEDIT_DATA_DIR=$work/data XMPEDIT_CONFIG= XMPEDIT_TUI_TRACE=$work/trace $bin '$dir'"
}
screen() { tmux -L "$sock" capture-pane -p -t b; }
wait_for() {
    for _ in $(seq 1 600); do screen | grep -q "$1" && return 0; sleep 0.1; done
    echo "timed out waiting for: $1" >&2; screen >&2; return 1
}
quit() {
    tmux -L "$sock" send-keys -t b q; sleep 0.5
    tmux -L "$sock" send-keys -t b y 2>/dev/null || true
    for _ in $(seq 1 100); do [ -f "$work/trace" ] && break; sleep 0.1; done
}
summary() {
    grep -E "^(first_frame|scan_done|write|frames|max_)" "$work/trace"
    echo "frames over 16 ms:"
    awk '/^frame/ && $5 > 16' "$work/trace" || true
}

echo "== scan of $folder, pressing j every 100 ms"
run "$folder"
for _ in $(seq 1 60); do tmux -L "$sock" send-keys -t b j; sleep 0.1; done
wait_for "assets"
quit
summary

echo "== rating on 1,000 marked assets, written"
mkdir -p "$work/w1000"
# (head closes the pipe early; that is not a failure)
(find "$folder" -name '*.jpg' | sort | head -1000 | xargs -I{} cp {} "$work/w1000/") || true
run "$work/w1000"
wait_for "files read"
tmux -L "$sock" send-keys -t b '*'; sleep 0.3
tmux -L "$sock" send-keys -t b 5; sleep 0.3
tmux -L "$sock" send-keys -t b w; wait_for "Write "
tmux -L "$sock" send-keys -t b Enter; wait_for "files written"
quit
summary
