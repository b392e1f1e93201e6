"""Word-list search benchmark: how long the newsroom's banned and suspect phrases take to search a
long comment, with both lists full (500 phrases each).

Prints the time to build the lists' patterns (once per process and lists) and the median and worst
time to search a 5,000-character comment, over 50 searches.

Usage: .venv/bin/python bench/word_lists.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from moderation.domain.word_lists import MAX_PHRASES, WordLists

SEARCHES = 50


def main() -> None:
    lists = WordLists(banned=tuple(f"banned{n}word" for n in range(MAX_PHRASES)),
                      suspect=tuple(f"suspect{n}word" for n in range(MAX_PHRASES)))
    text = ("The council approved the harbour road cycle lanes after a long debate. " * 70)[:5000]
    started = time.perf_counter()
    lists.find(text)
    built = time.perf_counter() - started
    times = []
    for _ in range(SEARCHES):
        started = time.perf_counter()
        lists.find(text)
        times.append(time.perf_counter() - started)
    print(f"lists: {MAX_PHRASES} banned + {MAX_PHRASES} suspect phrases; comment: {len(text)} characters")
    print(f"first search (builds the patterns): {built * 1000:.1f} ms")
    print(f"search, {SEARCHES} runs: median {statistics.median(times) * 1000:.2f} ms, worst {max(times) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
