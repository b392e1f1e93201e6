#!/usr/bin/env bash
# Creates .venv and installs the project into it at the versions in locks/ (the service's, or with
# `test` the test tools too); re-installs only when pyproject.toml or the lockfile changes.
# Usage: scripts/venv.sh [test]
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
lock="locks/${extras:-service}.txt"
if [ ! -f "$lock" ]; then
  echo "No lockfile $lock (scripts/lock.sh writes it)." >&2
  exit 1
fi
fingerprint() { cat pyproject.toml "$1" | sha256sum | cut -d' ' -f1; }
want="$(fingerprint "$lock")"
current() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
# The test install includes everything the service needs, at the same versions.
if current "$stamp" "$want" || { [ -z "$extras" ] && current .venv/.installed-test "$(fingerprint locks/test.txt)"; }; then
  exit 0
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
echo "Installing dependencies into .venv (first run only) ..." >&2
log=".venv/pip-install.log"
if ! { .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lock" \
       && .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e "$spec"; } > "$log" 2>&1; then
  cat "$log" >&2
  echo "Installing dependencies failed (log: $log)." >&2
  exit 1
fi
echo "$want" > "$stamp"
