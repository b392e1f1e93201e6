#!/usr/bin/env bash
# Creates .venv and installs the project into it; re-installs only when pyproject.toml changes.
# Usage: scripts/venv.sh [extras]   e.g. scripts/venv.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed-${extras:-base}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
current() { [ -f "$1" ] && [ "$(cat "$1")" = "$want" ]; }
# The test install includes everything the service needs.
if current "$stamp" || { [ -z "$extras" ] && current .venv/.installed-test; }; then
  exit 0
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
echo "Installing dependencies into .venv (first run only) ..." >&2
log=".venv/pip-install.log"
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec" > "$log" 2>&1; then
  cat "$log" >&2
  echo "Installing dependencies failed (log: $log)." >&2
  exit 1
fi
echo "$want" > "$stamp"
