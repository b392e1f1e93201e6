"""The in-process rate limit (the embedded default's): at most `limit` uses of a key in any window,
a refused use costs nothing, a use sent again under its id counts once, and the wait it names is
exactly when the next use fits."""
from hypothesis import given
from hypothesis import strategies as st

from moderation.adapters.rate_limits import InProcessWindows

WINDOW = 60.0


def test_uses_up_to_the_limit_fit_and_the_next_is_told_how_long_to_wait():
    windows = InProcessWindows()
    assert [windows.take("reader:a", 3, WINDOW, now) for now in (0.0, 10.0, 20.0)] == [0.0, 0.0, 0.0]
    assert windows.take("reader:a", 3, WINDOW, 25.0) == 35.0  # the use at 0 leaves the window at 60


def test_the_window_slides_so_each_old_use_frees_one_place():
    windows = InProcessWindows()
    for now in (0.0, 10.0, 20.0):
        windows.take("reader:a", 3, WINDOW, now)
    assert windows.take("reader:a", 3, WINDOW, 60.0) == 0.0
    assert windows.take("reader:a", 3, WINDOW, 61.0) == 9.0  # next, the use at 10 leaves at 70


def test_other_keys_are_counted_apart():
    windows = InProcessWindows()
    for now in (0.0, 1.0, 2.0):
        windows.take("reader:a", 3, WINDOW, now)
    assert windows.take("reader:a", 3, WINDOW, 3.0) > 0
    assert windows.take("reader:b", 3, WINDOW, 3.0) == 0.0


def test_a_use_sent_again_under_its_id_is_counted_once():
    windows = InProcessWindows()
    assert [windows.take("reader:a", 2, WINDOW, 0.0, use="request-1") for _ in range(5)] == [0.0] * 5
    assert windows.take("reader:a", 2, WINDOW, 1.0, use="request-2") == 0.0
    assert windows.take("reader:a", 2, WINDOW, 2.0, use="request-3") == 58.0


def test_keys_nobody_used_for_a_window_are_forgotten():
    windows = InProcessWindows()
    for n in range(10):
        windows.take(f"reader:{n}", 1, WINDOW, 0.0)
    for _ in range(InProcessWindows.SWEEP_EVERY):
        windows.take("reader:late", 1, WINDOW, 100.0)
    assert set(windows._uses) == {"reader:late"}


@given(st.integers(1, 5), st.lists(st.integers(0, 10), min_size=1, max_size=40))
def test_no_window_ever_holds_more_than_the_limit_and_the_named_wait_is_exact(limit, gaps):
    windows, accepted, now = InProcessWindows(), [], 0.0
    for gap in gaps:
        now += gap
        wait = windows.take("k", limit, WINDOW, now)
        if wait == 0:
            accepted.append(now)
            continue
        in_window_at = lambda moment: sum(1 for t in accepted if t > moment - WINDOW)  # noqa: E731
        assert in_window_at(now + wait - 1) == limit  # still full a second before the wait is over...
        assert in_window_at(now + wait) < limit  # ...and a place is free when it is
    assert all(sum(1 for t in accepted if start - WINDOW < t <= start) <= limit for start in accepted)
