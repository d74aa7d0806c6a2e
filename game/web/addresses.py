"""The addresses students can really type, when the server listens beyond this machine.

``--host 0.0.0.0`` means "every interface", and http://0.0.0.0:8000 opens nothing on a student's
machine. So the server lists this machine's own interface addresses: from ``ip -o addr`` where it
exists (Linux), else from the addresses the host name resolves to locally. Nothing is sent over the
network to find them.
"""

from __future__ import annotations

import ipaddress
import itertools
import shutil
import socket
import subprocess
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def parse_ip_addr(text: str) -> list[Address]:
    """The addresses in the output of ``ip -o addr`` (one line per address: '2: eth0 inet 10.0.0.5/24 ...')."""
    found: list[Address] = []
    for line in text.splitlines():
        words = line.split()
        for key, value in itertools.pairwise(words):
            if key in ("inet", "inet6"):
                try:
                    found.append(ipaddress.ip_interface(value).ip)
                except ValueError:
                    continue
    return found


def _from_ip_command() -> list[Address] | None:
    ip = shutil.which("ip")
    if ip is None:
        return None
    try:
        done = subprocess.run([ip, "-o", "addr"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_ip_addr(done.stdout) if done.returncode == 0 else None


def _from_host_name() -> list[Address]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    found: list[Address] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            found.append(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
        except ValueError:
            continue
    return found


def machine_addresses() -> list[Address]:
    """Every address of this machine's interfaces, loopback included, in a stable order without repeats."""
    found = _from_ip_command()
    if found is None:
        found = _from_host_name()
    return list(dict.fromkeys(found))


def reachable(addresses: Iterable[Address], family: int | None = None) -> list[Address]:
    """Those another machine could use: not loopback, link-local or unspecified; of ``family`` (4 or 6) if given."""
    return [
        a
        for a in addresses
        if not (a.is_loopback or a.is_link_local or a.is_unspecified or a.is_multicast)
        and (family is None or a.version == family)
    ]


def is_loopback_host(host: str) -> bool:
    """Whether listening on ``host`` keeps the server to this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_for(address: Address | str, port: int) -> str:
    text = str(address)
    host = f"[{text}]" if ":" in text else text
    return f"http://{host}" if port == 80 else f"http://{host}:{port}"


def student_urls(host: str, port: int, addresses: Iterable[Address]) -> list[str]:
    """The URLs students can open for a server listening on ``host``: every reachable interface for a wildcard."""
    try:
        bound = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return [url_for(host, port)]  # a name: the teacher chose it, so students can presumably resolve it
    if bound.is_unspecified:
        return [url_for(a, port) for a in reachable(addresses, None if bound.version == 6 else 4)]
    return [url_for(bound, port)]
