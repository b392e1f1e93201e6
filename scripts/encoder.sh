#!/usr/bin/env bash
# Builds the deep scoring stage's quantised ONNX model once (about half a minute; cached outside the
# repository, in ~/.cache/news-comment-moderation or $CLASSIFIERS_CACHE_DIR), so the first comment
# scored does not wait for it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f classifiers/artifacts/default/encoder/encoder.npz ]; then
  .venv/bin/python -m classifiers build-encoder > /dev/null
fi
