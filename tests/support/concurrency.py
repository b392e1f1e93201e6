"""The same step run from many threads at once, as simultaneous requests would run it."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any


def at_once(step: Callable[[Any], Any], args: Iterable) -> list:
    """Calls `step(arg)` for every arg, each in its own thread, all released together; returns
    what each call returned or raised, in the order they finished."""
    args = list(args)
    barrier, outcomes = threading.Barrier(len(args)), []

    def run(arg):
        barrier.wait()
        try:
            outcomes.append(step(arg))
        except Exception as exc:  # noqa: BLE001 - the caller asserts on what was raised
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
