"""Benchmark of the classifiers; same as ``python -m classifiers bench``."""

import sys

from classifiers.__main__ import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
