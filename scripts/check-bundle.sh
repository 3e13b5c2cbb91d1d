#!/usr/bin/env bash
# Prove that the bundle made by `make bundle` runs without Python and outside the repository:
# copy dist/Casefile to a folder of its own, run it with an empty environment (only PATH, for
# Tesseract, and a new HOME), let it create the default archive and the sample case, save a
# picture of the window, then find a Chinese and a Thai word with the bundle's command line.
# Usage: scripts/check-bundle.sh [DIST_FOLDER] [CHECK_FOLDER]
set -euo pipefail

DIST=${1:-dist/Casefile}
CHECK=${2:-/tmp/casefile-bundle-check}
HOME_DIR=$(mktemp -d /tmp/casefile-bundle-home.XXXXXX)

[ -x "$DIST/Casefile" ] || { echo "No bundle at $DIST: run 'make bundle' first." >&2; exit 1; }
command -v tesseract >/dev/null || { echo "Tesseract is not installed (see README)." >&2; exit 1; }
rm -rf "$CHECK"
cp -a "$DIST" "$CHECK"
echo "Bundle: $(du -sh "$CHECK" | cut -f1) in $CHECK; HOME=$HOME_DIR"

run() {  # a clean environment: no Python, no virtualenv, no project folder in reach
  (cd "$HOME_DIR" && env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" QT_QPA_PLATFORM=offscreen \
    "$CHECK/Casefile" "$@")
}

run --sample --screenshot "$HOME_DIR/window.png"
ARCHIVE="$HOME_DIR/.local/share/Casefile/archive"
[ -f "$ARCHIVE/casefile.db" ] || { echo "FAIL: no default archive at $ARCHIVE" >&2; exit 1; }
[ -s "$HOME_DIR/window.png" ] || { echo "FAIL: no window picture" >&2; exit 1; }
echo "Default archive created at $ARCHIVE; window picture: $HOME_DIR/window.png"

for word in 护照 เงินเดือน; do
  out=$(run search "$word")
  echo "$out" | head -3
  echo "$out" | grep -q "chat-" || { echo "FAIL: '$word' found no chat screenshot" >&2; exit 1; }
done
echo "OK: the bundle starts without Python, makes the sample case and finds its words."
