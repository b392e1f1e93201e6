#!/usr/bin/env bash
# Runs the whole test suite: the widget's lint, type checks and bundle (scripts/widget.sh), unit
# tests, then integration and end-to-end tests against real PostgreSQL and Redis (started here if
# installed but stopped) and in Chromium (installed here if missing). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh test
scripts/encoder.sh
scripts/local-services.sh
scripts/browser.sh
scripts/widget.sh
exec .venv/bin/python -m pytest "$@"
