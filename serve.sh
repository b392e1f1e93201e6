#!/usr/bin/env bash
# Runs the whole service on this machine: embedded SQLite database, demo articles and accounts.
# Prints the URLs and demo logins. Extra arguments go to `moderation serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
scripts/encoder.sh
exec .venv/bin/moderation serve "$@"
