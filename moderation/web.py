"""What the two web entry points, the API and the dashboard, share: the parts the composition
root built for the running application, and what identifies a client on the network."""
from __future__ import annotations

import ipaddress

from flask import current_app

from .bootstrap import Runtime
from .services.context import Context


def runtime() -> Runtime:
    parts: Runtime = current_app.extensions["moderation"]
    return parts


def ctx() -> Context:
    return runtime().context


def network_of(address: str | None) -> str:
    """What identifies a client: its IPv4 address, or its IPv6 /64 (a whole home connection)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
