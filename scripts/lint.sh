#!/usr/bin/env bash
# Lint (ruff), the widget's checks (scripts/widget.sh: ESLint, tsc, the committed bundle is what
# its sources build to) and type checks (mypy; strict on moderation/domain and moderation/services),
# with the versions in locks/test.txt and package-lock.json. CI runs it before the tests. Extra
# arguments go to mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh test
.venv/bin/ruff check .
scripts/widget.sh
.venv/bin/mypy "$@"
