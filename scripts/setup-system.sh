#!/usr/bin/env bash
# Install the system packages Casefile needs, only those that are missing. Fast when none are.
set -euo pipefail

DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-tha tesseract-ocr-mya
  tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-osd
  catdoc unar
  fonts-noto-core fonts-noto-cjk fonts-thai-tlwg fonts-noto-color-emoji
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libglib2.0-0
  xvfb xauth
)
BREW_PACKAGES=(tesseract tesseract-lang catdoc)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    exit 0
  fi
  echo "Installing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "Casefile needs these packages; ask an administrator to install them:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "System packages installed."
elif command -v brew >/dev/null 2>&1; then
  for p in "${BREW_PACKAGES[@]}"; do
    brew list --formula "$p" >/dev/null 2>&1 || brew install "$p"
  done
else
  if ! command -v tesseract >/dev/null 2>&1; then
    cat >&2 <<'MSG'
Casefile needs Tesseract OCR 5 with the eng, tha, mya, chi_sim, chi_tra and osd language data,
and Noto fonts (Noto Sans, Noto Sans CJK, Noto Sans Myanmar, Noto Sans Thai). This system has
neither apt-get nor Homebrew: install them with your package manager, then run make again.
MSG
    exit 1
  fi
fi
