#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests (Playwright drives the system's Chromium;
# it downloads no browser). Installs Debian's package when missing and this user may; fails loudly
# otherwise: the browser tests are never skipped.
set -uo pipefail
chromium="${MODERATION_TEST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Chromium for the browser tests (first run only) ..." >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/tmp/moderation-chromium-install.log 2>&1; then
    tail -20 /tmp/moderation-chromium-install.log >&2
  fi
fi
if [ ! -x "$chromium" ]; then
  echo "ERROR: no Chromium at $chromium for the browser tests. Install Debian's package (apt-get install chromium)" >&2
  echo "       or set MODERATION_TEST_CHROMIUM to a Chromium binary." >&2
  exit 1
fi
