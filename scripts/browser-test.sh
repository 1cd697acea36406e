#!/usr/bin/env bash
# The studio's browser test: headless Chromium over WebDriver (tests/browser.rs). Installs
# Debian's chromium and chromium-driver with apt-get when they are missing (as root, or
# through sudo), then runs the test; it writes docs/studio-label.png and docs/studio-report.png.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser test: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"
fi
cargo test --locked --test browser -- --ignored --nocapture
