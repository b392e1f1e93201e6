"""Anonymous complainants are told apart by their network, as a home connection sees it."""
from __future__ import annotations

import pytest

from moderation.web import network_of


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one household's /64
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("192.0.2.10", "192.0.2.11", False),
        ("::ffff:192.0.2.10", "192.0.2.10", True),  # an IPv4 client seen through an IPv6 socket
        (None, "not an address", True),
    ],
)
def test_network_key(first, second, same):
    assert (network_of(first) == network_of(second)) is same
