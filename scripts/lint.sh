#!/usr/bin/env bash
# Lint (ruff) and type checks (mypy; strict on moderation/domain and moderation/services), with the
# versions in locks/test.txt. CI runs it before the tests. Extra arguments go to mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh test
.venv/bin/ruff check .
.venv/bin/mypy "$@"
