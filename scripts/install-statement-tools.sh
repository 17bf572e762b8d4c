#!/usr/bin/env bash
# Installs what the bank-statement analyser's optional OCR and its held-out corpus need, from Debian and PyPI:
#   ocr     Tesseract 5 (engine, English data, headers), Leptonica headers, clang/libclang for the binding's
#           bindgen, pkg-config. Enough to build and test `tartan-statements --features ocr`.
#   corpus  the independent PDF producers and editors that write crates/tartan-statements/tests/fixtures/heldout/
#           (LibreOffice headless, Chromium, Ghostscript, pdfTeX, qpdf, mupdf-tools, poppler) and the pinned
#           Python tools (reportlab, pypdf, pikepdf) in a venv at .venv-statements.
# Usage: scripts/install-statement-tools.sh [ocr] [corpus]     (no argument: both). Needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

want_ocr=0 want_corpus=0
[ $# -eq 0 ] && set -- ocr corpus
for part in "$@"; do
  case "$part" in
    ocr) want_ocr=1 ;;
    corpus) want_corpus=1 ;;
    *) echo "unknown part: $part (expected ocr or corpus)" >&2; exit 2 ;;
  esac
done

packages=()
if [ "$want_ocr" = 1 ]; then
  packages+=(tesseract-ocr tesseract-ocr-eng libtesseract-dev libleptonica-dev clang libclang-dev pkg-config)
fi
if [ "$want_corpus" = 1 ]; then
  packages+=(libreoffice-writer-nogui chromium ghostscript texlive-latex-base qpdf mupdf-tools poppler-utils
             fonts-dejavu-core fonts-liberation faketime python3-venv)
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"

if [ "$want_corpus" = 1 ]; then
  python3 -m venv .venv-statements
  .venv-statements/bin/pip install -q reportlab==5.1.0 pypdf==7.1.0 pikepdf==10.17.0 pillow==13.0.0
fi
