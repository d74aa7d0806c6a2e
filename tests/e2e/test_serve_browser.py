"""End to end: `boardroom serve` in a real headless Chromium. The page loads, the game draws, a first decision
is played with the keyboard, and the game records it."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game import catalog, paths
from game.engine import Game
from tests.e2e.class_driver import POLL, Student, free_port, launch

ROOT = Path(__file__).resolve().parents[2]


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("server did not start")


class Served:
    """A running `boardroom serve` on a free loopback port."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, saves: Path) -> None:
        self.proc, self.port, self.saves = proc, port, saves
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def serve(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start `boardroom serve november-2023 --role sutskever ARGS...`; every server started is stopped after the test."""
    started: list[Served] = []

    def start(*extra: str) -> Served:
        port = free_port()
        saves = tmp_path / f"saves-{port}"
        argv = ["serve", "november-2023", "--role", "sutskever", "--port", str(port), "--saves-dir", str(saves)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "game", *argv, *extra],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        served = Served(proc, port, saves)
        started.append(served)
        _wait_for_port(port, proc)
        return served

    try:
        yield start
    finally:
        for served in started:
            served.stop()


@pytest.fixture
def server(serve):  # type: ignore[no-untyped-def]
    served = serve()
    return served.url, served.saves


def test_serve_defaults_to_loopback() -> None:
    from game.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_page_loads_nothing_from_the_network() -> None:
    page = (ROOT / "game" / "web" / "app_index.html").read_text()
    assert "http://" not in page and "https://" not in page


def test_play_a_first_decision_in_chromium(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    url, saves = server
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    game = Game(plan, ["sutskever"])
    first = game.pending
    assert first is not None
    title = first.decision.model.title.get("en")
    game.choose(game.options()[0].id)  # what key 1 does
    assert game.pending is not None
    next_title = game.pending.decision.model.title.get("en")

    with sync_playwright() as pw:
        browser = launch(pw)
        player = Student.open(browser, "Player", (1280, 800))
        page = player.page
        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=30_000)
        player.wait_for(title, timeout=30)
        page.screenshot(path=str(tmp_path / "before.png"))
        page.click("#terminal")
        page.keyboard.press("1")
        player.wait_for("What happened", timeout=30)  # a card says what the first choice did
        page.screenshot(path=str(tmp_path / "card.png"))
        page.keyboard.press("Enter")  # on to the next decision
        deadline = time.monotonic() + 30
        autosaves: list[Path] = []
        while time.monotonic() < deadline:
            autosaves = sorted(saves.glob("sessions/*/autosave-*.json")) if saves.exists() else []
            if autosaves and json.loads(autosaves[0].read_text())["choices"] and next_title in player.text():
                break
            page.wait_for_timeout(POLL)
        page.screenshot(path=str(tmp_path / "after.png"))
        browser.close()

    assert autosaves, "the game wrote no autosave after the first decision"
    assert next_title in player.text(), "the screen never showed the next decision"
    data = json.loads(autosaves[0].read_text())
    assert data["choices"][0][:2] == [first.decision.id, "sutskever"]
    assert re.match(r"autosave-november.2023-sutskever-[0-9a-f]{8}\.json", autosaves[0].name)
    assert (tmp_path / "before.png").stat().st_size > 10_000
    assert (tmp_path / "before.png").read_bytes() != (tmp_path / "after.png").read_bytes()


# --- what a classroom server must refuse or keep apart -------------------------------------------------


async def _open(url: str, origin: str | None):  # type: ignore[no-untyped-def]
    """A websocket to the server's game endpoint, as a page from ``origin`` would open it; or the refusal status."""
    import aiohttp

    session = aiohttp.ClientSession()
    try:
        ws = await session.ws_connect(f"{url}/ws", headers={"Origin": origin} if origin else {})
    except aiohttp.WSServerHandshakeError as refused:
        await session.close()
        return refused.status
    return session, ws


async def _first_bytes(ws) -> bytes:  # type: ignore[no-untyped-def]
    """The game's first output: proof that a game process started for this websocket."""
    await ws.send_json(["resize", {"width": 80, "height": 24}])
    while True:
        message = await asyncio.wait_for(ws.receive(), timeout=60)
        if message.type.name == "BINARY" and message.data:
            return bytes(message.data)
        assert message.type.name in ("TEXT", "BINARY"), message


def test_a_page_from_another_site_cannot_start_a_game(serve) -> None:  # type: ignore[no-untyped-def]
    served = serve()

    async def scenario() -> None:
        for foreign in ("http://evil.example", f"http://evil.example:{served.port}", "null", None):
            assert await _open(served.url, foreign) == 403, foreign
        opened = await _open(served.url, served.url)  # the server's own page
        assert not isinstance(opened, int), opened
        session, ws = opened
        assert await _first_bytes(ws)
        await ws.close()
        await session.close()

    asyncio.run(scenario())
    assert len(list(served.saves.glob("sessions/*"))) == 1  # only the game that started got a folder


def test_the_cap_refuses_one_game_more_and_says_why(serve) -> None:  # type: ignore[no-untyped-def]
    import urllib.error
    import urllib.request

    served = serve("--max-sessions", "2")

    def index_status() -> tuple[int, str]:
        try:
            with urllib.request.urlopen(served.url, timeout=10) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    async def scenario() -> None:
        held = []
        for _ in range(2):
            opened = await _open(served.url, served.url)
            assert not isinstance(opened, int), opened
            held.append(opened)
            assert await _first_bytes(opened[1])
        assert await _open(served.url, served.url) == 503  # the third
        status, page = await asyncio.to_thread(index_status)
        assert status == 503 and "The class is full" in page and "人数已满" in page and "2 games" in page
        session, ws = held.pop()
        await ws.close()
        await session.close()
        deadline = time.monotonic() + 60
        while (await asyncio.to_thread(index_status))[0] != 200:  # the place is free once that game has ended
            assert time.monotonic() < deadline, "the closed game's place never came free"
            await asyncio.sleep(0.1)
        again = await _open(served.url, served.url)
        assert not isinstance(again, int), again
        held.append(again)
        for session, ws in held:
            await ws.close()
            await session.close()

    asyncio.run(scenario())


def test_two_browsers_do_not_see_each_others_saves(serve) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    served = serve()
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    first = Game(plan, ["sutskever"]).pending
    assert first is not None
    title = first.decision.model.title.get("en")
    with sync_playwright() as pw:
        browser = launch(pw)
        alice = Student.open(browser, "Alice", (1280, 800))  # a context each: their own cookies
        bob = Student.open(browser, "Bob", (1280, 800))

        alice.page.goto(served.url)
        bob.page.goto(served.url)  # both games start at once; Bob looks for saves only once Alice has saved
        alice.wait_for(title)
        alice.page.click("#terminal")
        alice.page.keyboard.press("s")
        alice.wait_for("Save the game")
        alice.page.keyboard.type("alice-only-")  # replaces the suggested name, or goes before it
        alice.page.keyboard.press("Enter")
        alice.wait_for("Saved to")

        bob.wait_for(title)
        bob.page.click("#terminal")
        bob.page.keyboard.press("l")
        bob.wait_for("Load a saved game")
        bob.wait_for("newest first", "There are no saves in")  # the list, or the line saying it is empty
        bob.settle(most=1000)  # the whole dialog, not just its first lines
        seen_by_bob = bob.text()

        alice.stream.clear()
        alice.page.reload()  # the same browser: the same folder, so Alice finds her save again
        alice.wait_for(title)
        alice.page.click("#terminal")
        alice.page.keyboard.press("l")
        alice.wait_for("alice-only")
        browser.close()

    assert "alice-only" not in seen_by_bob
    folders = sorted((served.saves / "sessions").iterdir())
    assert len(folders) == 2, folders  # one per browser; Alice's reload reused hers
    assert len(list((served.saves / "sessions").glob("*/alice-only*.json"))) == 1  # in Alice's folder alone
    assert not list(served.saves.glob("*.json"))  # nothing in the shared folder itself


def test_the_page_gives_each_browser_one_id_and_keeps_it(serve) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    served = serve()

    def cookie_set(cookie: str | None) -> str | None:
        request = urllib.request.Request(served.url, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=10) as reply:
            page = reply.read().decode()
            assert f"ws://127.0.0.1:{served.port}/ws" in page  # the address the browser used, not the bind address
            return reply.headers.get("Set-Cookie")

    first = cookie_set(None)
    assert first is not None
    match = re.match(r"boardroom_session=([0-9a-f]{32}); HttpOnly; Path=/; SameSite=Lax$", first)
    assert match, first  # no Max-Age or Expires: it ends when the browser closes
    assert cookie_set(f"boardroom_session={match[1]}") is None  # kept: a reload finds the same saves
    for forged in ("../../etc", "0" * 31, "A" * 32, ""):
        again = cookie_set(f"boardroom_session={forged}")
        assert again is not None
        given = again.split(";")[0].removeprefix("boardroom_session=")
        assert given != forged and re.fullmatch(r"[0-9a-f]{32}", given)
