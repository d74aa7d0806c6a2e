"""`boardroom serve` without a browser: which origins may start games, the addresses students are given,
the browser's own saves folder, and what the teacher is told. tests/test_serve_browser.py runs the server."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from game.cli import build_parser
from game.commands.serve import announce, game_argv
from game.web import sessions
from game.web.addresses import is_loopback_host, machine_addresses, parse_ip_addr, reachable, student_urls
from game.web.origins import OriginPolicy, normalize_origin

POLICY = OriginPolicy.build(["https://class.example.org"], ["teacher-pc"])


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://localhost:8000", "localhost:8000"),
        ("http://LOCALHOST:8000", "localhost:8000"),
        ("http://192.168.1.20:8000", "192.168.1.20:8000"),
        ("http://[::1]:8000", "[::1]:8000"),
        ("http://teacher-pc:8000", "teacher-pc:8000"),
        ("http://teacher-pc.:8000", "teacher-pc:8000"),
        ("http://10.0.0.5", "10.0.0.5:80"),
        ("https://class.example.org", "127.0.0.1:8000"),  # named by the teacher: behind their proxy
        ("https://class.example.org:443", "anything"),
    ],
)
def test_the_servers_own_pages_and_named_origins_are_allowed(origin: str, host: str) -> None:
    assert POLICY.allows(origin, host)


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://evil.example", "127.0.0.1:8000"),  # the page next door
        ("http://evil.example:8000", "evil.example:8000"),  # DNS rebinding: same-origin, but not our name
        ("http://127.0.0.1:9999", "127.0.0.1:8000"),  # another port is another origin
        ("https://127.0.0.1:8000", "127.0.0.1:8000"),  # another scheme too
        ("http://127.0.0.1:8000", None),
        (None, "127.0.0.1:8000"),  # browsers always send an Origin
        ("", "127.0.0.1:8000"),
        ("null", "127.0.0.1:8000"),  # sandboxed frames and file:// pages
        ("file://", "127.0.0.1:8000"),
        ("http://user@127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://127.0.0.1:8000/path", "127.0.0.1:8000"),
        ("http://127.0.0.1:99999", "127.0.0.1:99999"),
        ("https://class.example.org.evil.example", "127.0.0.1:8000"),
        ("http://class.example.org", "127.0.0.1:8000"),  # allowed with https only
        ("http://127.0.0.1:8000", "127.0.0.1:8000/x"),
    ],
)
def test_other_pages_are_refused(origin: str | None, host: str | None) -> None:
    assert not POLICY.allows(origin, host)


def test_the_request_scheme_counts() -> None:
    assert POLICY.allows("https://127.0.0.1:8443", "127.0.0.1:8443", "https")
    assert not POLICY.allows("http://127.0.0.1:8443", "127.0.0.1:8443", "https")
    assert not POLICY.allows("http://127.0.0.1:8000", "127.0.0.1:8000", "ws")


def test_an_allowed_origin_must_be_an_origin() -> None:
    assert normalize_origin("HTTP://Example.ORG:80/") == ("http", "example.org", 80)
    for bad in ("example.org", "ftp://example.org", "http://example.org/app", "http://", "http://x:abc"):
        with pytest.raises(ValueError, match="not an origin"):
            OriginPolicy.build([bad], [])


IP_ADDR = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever
2: wlan0    inet 192.168.1.20/24 brd 192.168.1.255 scope global dynamic wlan0\\       valid_lft 86000sec
2: wlan0    inet6 fe80::1c2:3ff:fe44:5566/64 scope link \\       valid_lft forever preferred_lft forever
2: wlan0    inet6 2001:db8::20/64 scope global \\       valid_lft forever preferred_lft forever
3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever
4: eth1    inet 169.254.10.1/16 scope link eth1\\       valid_lft forever preferred_lft forever
"""


def test_ip_addr_output_is_read_and_unusable_addresses_left_out() -> None:
    found = parse_ip_addr(IP_ADDR + "garbage inet not-an-address\n")
    assert [str(a) for a in found] == [
        "127.0.0.1",
        "::1",
        "192.168.1.20",
        "fe80::1c2:3ff:fe44:5566",
        "2001:db8::20",
        "172.17.0.1",
        "169.254.10.1",
    ]
    assert [str(a) for a in reachable(found)] == ["192.168.1.20", "2001:db8::20", "172.17.0.1"]


def test_students_get_the_interface_addresses_never_the_wildcard() -> None:
    found = parse_ip_addr(IP_ADDR)
    assert student_urls("0.0.0.0", 8000, found) == ["http://192.168.1.20:8000", "http://172.17.0.1:8000"]
    assert student_urls("::", 8000, found) == [
        "http://192.168.1.20:8000",
        "http://[2001:db8::20]:8000",
        "http://172.17.0.1:8000",
    ]
    assert student_urls("192.168.1.20", 80, found) == ["http://192.168.1.20"]
    assert student_urls("127.0.0.1", 8000, found) == ["http://127.0.0.1:8000"]
    assert student_urls("0.0.0.0", 8000, []) == []


def test_this_machines_addresses_are_found_without_the_network() -> None:
    found = machine_addresses()
    assert all(isinstance(a, ipaddress.IPv4Address | ipaddress.IPv6Address) for a in found)
    assert len(found) == len(set(found))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True)]
    + [("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("teacher-pc", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def _serve_args(*extra: str):  # type: ignore[no-untyped-def]
    return build_parser().parse_args(["serve", *extra])


def test_beyond_loopback_the_teacher_is_warned_and_given_real_addresses(tmp_path: Path) -> None:
    args = _serve_args("--host", "0.0.0.0", "--max-sessions", "25", "--saves-dir", str(tmp_path))
    lines = announce(args, ["http://192.168.1.20:8000", "http://172.17.0.1:8000"])
    assert lines[0] == "Boardroom: students open http://192.168.1.20:8000  or  http://172.17.0.1:8000"
    assert lines[1].startswith("Warning: the server listens beyond this machine") and "25 at once" in lines[1]
    assert "0.0.0.0" not in "\n".join(lines)
    quiet = announce(_serve_args("--saves-dir", str(tmp_path)), ["http://127.0.0.1:8000"])
    assert quiet[0] == "Boardroom: students open http://127.0.0.1:8000"
    assert not any(line.startswith("Warning") for line in quiet)


def test_flags_and_their_defaults() -> None:
    args = _serve_args()
    assert (args.host, args.port, args.max_sessions, args.allow_origin) == ("127.0.0.1", 8000, 40, [])
    args = _serve_args("--allow-origin", "http://a.example", "--allow-origin", "https://b.example")
    assert args.allow_origin == ["http://a.example", "https://b.example"]
    with pytest.raises(SystemExit):
        _serve_args("--max-sessions", "0")


def test_the_game_command_leaves_the_saves_folder_to_each_session() -> None:
    argv = game_argv(_serve_args("november-2023", "--role", "toner", "--lang", "zh"))
    assert "--saves-dir" not in argv
    assert argv[3:] == ["play", "november-2023", "--role", "toner", "--autosave", "per-game", "--lang", "zh"]


def test_session_ids_are_unguessable_and_checked(tmp_path: Path) -> None:
    ids = {sessions.new_id() for _ in range(100)}
    assert len(ids) == 100 and all(sessions.valid_id(i) and len(i) == 32 for i in ids)
    for bad in (None, "", "../../etc", "A" * 32, "0" * 31, "0" * 33, "0" * 31 + "/"):
        assert not sessions.valid_id(bad)
        assert sessions.session_id(bad) != bad
        if bad is not None:
            with pytest.raises(ValueError):
                sessions.session_folder(tmp_path, bad)
    mine = sessions.new_id()
    assert sessions.session_id(mine) == mine
    folder = sessions.session_folder(tmp_path, mine)
    assert folder == tmp_path / "sessions" / mine and folder.is_dir()
    assert folder.stat().st_mode & 0o077 == 0
