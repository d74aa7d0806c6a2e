"""Which web pages may open a game: the server's own page, and the origins the teacher names.

Any page a teacher visits can open a websocket to a server on their machine or network, and each one
would start a game process. Browsers always say which page opened a websocket (the Origin header) and
a page cannot forge it, so the server accepts a websocket only from its own pages:

- the Origin's host and port are those the browser connected to (the Host header), and that host is an
  IP address, ``localhost`` or one of the machine's own names. Checking the name keeps out DNS
  rebinding, where a hostile name is pointed at this machine so that its pages look same-origin;
- or the Origin is one the teacher named (``--allow-origin``, ``--public-url``).

A request without an Origin, or with ``null``, is refused: every browser sends one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """('example.org', 8000) from 'Example.org:8000'; IPv6 hosts keep no brackets. None when malformed."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.password is not None or parts.path:
        return None
    return host.lower().rstrip("."), port if port is not None else DEFAULT_PORTS[scheme]


def normalize_origin(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin such as 'http://10.0.0.5:8000', or None if it is not one."""
    origin = origin.strip()
    try:
        parts = urlsplit(origin)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    where = _host_port(parts.netloc, scheme)
    return None if where is None else (scheme, *where)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class OriginPolicy:
    """``names``: this machine's own host names (as well as IP addresses and localhost, always accepted)."""

    allowed: frozenset[tuple[str, str, int]] = frozenset()
    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, allow: Iterable[str], names: Iterable[str]) -> OriginPolicy:
        """Raises ValueError naming an allowed origin that is not an origin (scheme://host[:port])."""
        allowed = set()
        for origin in allow:
            parsed = normalize_origin(origin)
            if parsed is None:
                raise ValueError(f"not an origin (scheme://host[:port]): {origin!r}")
            allowed.add(parsed)
        return cls(frozenset(allowed), frozenset(n.lower().rstrip(".") for n in names if n))

    def allows(self, origin: str | None, host: str | None, scheme: str = "http") -> bool:
        """Whether a websocket whose request carried these Origin and Host headers may start a game.

        ``scheme``: the request's own (http, unless the server itself speaks TLS).
        """
        if not origin or scheme not in DEFAULT_PORTS:
            return False
        parsed = normalize_origin(origin)
        if parsed is None:
            return False
        if parsed in self.allowed:
            return True
        origin_scheme, origin_host, origin_port = parsed
        target = _host_port(host or "", scheme)
        if origin_scheme != scheme or target is None or target != (origin_host, origin_port):
            return False
        return is_ip(origin_host) or origin_host == "localhost" or origin_host in self.names
