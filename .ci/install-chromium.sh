#!/bin/sh
# Installs Debian's chromium for the inventory page's browser test (inventory/html.test.ts), when
# it is missing. Idempotent and quiet: prints one line, installs nothing if /usr/bin/chromium exists.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "install-chromium: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install chromium yourself (the browser test is skipped without it)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-chromium: not root and no sudo; the browser test will be skipped" >&2
    exit 0
  fi
fi
LOG="$(mktemp)"
if $SUDO apt-get update -qq >"$LOG" 2>&1 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >>"$LOG" 2>&1; then
  echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
  rm -f "$LOG"
else
  echo "install-chromium: apt-get failed (log: $LOG); the browser test will be skipped" >&2
  exit 1
fi
