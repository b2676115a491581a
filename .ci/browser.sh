#!/usr/bin/env bash
# Install Debian's Chromium for the operator-page browser test (tests/test_web_browser.py) when
# it is absent, and print its path. The test drives it with the playwright PyPI package
# (executable_path, no browser download); it skips with a reason when no Chromium is found.
# Usage:  bash .ci/browser.sh
set -euo pipefail
BIN=${SARSAT_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$BIN" ]; then
    export DEBIAN_FRONTEND=noninteractive
    SUDO=()
    if [ "$(id -u)" != 0 ]; then SUDO=(sudo -n); fi
    "${SUDO[@]}" apt-get update -qq >&2
    "${SUDO[@]}" apt-get install -y -qq chromium >&2
fi
test -x "$BIN"
echo "$BIN"
