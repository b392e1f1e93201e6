#!/usr/bin/env bash
# Runs the whole test suite with the machine's clock set to a chosen moment (libfaketime), to show
# it does not depend on the hour it runs at. Usage: scripts/test-at.sh "2026-11-28 22:00:00" [pytest args]
# The moment is in the machine's time zone (UTC on CI); the clock ticks on from there.
set -euo pipefail
cd "$(dirname "$0")/.."
when="${1:?usage: scripts/test-at.sh \"YYYY-MM-DD HH:MM:SS\" [pytest args]}"
shift
if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq faketime >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq faketime >/dev/null; }
  else
    echo "faketime is needed (Debian: apt-get install faketime)." >&2
    exit 1
  fi
fi
# The PostgreSQL and Redis servers keep the real clock (their allocators do not work under the preload).
export FAKETIME_SKIP_CMDS="redis-server,postgres,pg_ctl,pg_ctlcluster"
exec faketime "$when" ./test.sh "$@"
