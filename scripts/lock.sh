#!/usr/bin/env bash
# Re-writes the lockfiles from pyproject.toml: locks/service.txt (what the service runs on; the
# Docker image installs it) and locks/test.txt (the same versions, and the test tools).
# Run it after changing a dependency in pyproject.toml; scripts/venv.sh installs from them.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
tools=.lock-venv
if [ ! -x "$tools/bin/pip-compile" ]; then
  "$python" -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
fi
compile() {
  "$tools/bin/pip-compile" --quiet --strip-extras --allow-unsafe --no-emit-index-url \
    --no-emit-find-links --no-emit-trusted-host "$@" pyproject.toml
}
mkdir -p locks
compile -o locks/service.txt
compile --extra test -c locks/service.txt -o locks/test.txt
# torch is pinned by release, whichever build provides it (the CPU build's "+cpu" label, or PyPI's).
sed -i -E 's/^torch==([0-9.]+)\+[a-z0-9]+$/torch==\1/' locks/service.txt locks/test.txt
