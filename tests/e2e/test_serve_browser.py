"""End to end: `boardroom serve` in a real headless Chromium. The page loads, the game draws, a first decision
is played with the keyboard, and the game records it."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game import catalog, paths
from game.engine import Game

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("server did not start")


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    saves = tmp_path / "saves"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "serve",
            "november-2023",
            "--role",
            "sutskever",
            "--port",
            str(port),
            "--saves-dir",
            str(saves),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}", saves
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_defaults_to_loopback() -> None:
    from game.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_page_loads_nothing_from_the_network() -> None:
    page = (ROOT / "game" / "web" / "app_index.html").read_text()
    assert "http://" not in page and "https://" not in page


def test_play_a_first_decision_in_chromium(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert CHROMIUM, "Chromium is missing: run scripts/setup-browser (the README's test command does)"
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

    stream: list[str] = []

    def screen_text() -> str:
        return ANSI.sub("", "".join(stream))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda payload: stream.append(payload.decode("utf-8", "ignore") if isinstance(payload, bytes) else ""),
            ),
        )
        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=30_000)
        deadline = time.monotonic() + 30
        while title not in screen_text() and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert title in screen_text(), screen_text()[-2000:]
        page.screenshot(path=str(tmp_path / "before.png"))
        page.click("#terminal")
        page.keyboard.press("1")
        deadline = time.monotonic() + 30
        autosaves: list[Path] = []
        while time.monotonic() < deadline:
            autosaves = sorted(saves.glob("autosave-*.json")) if saves.exists() else []
            if autosaves and json.loads(autosaves[0].read_text())["choices"] and next_title in screen_text():
                break
            page.wait_for_timeout(200)
        page.screenshot(path=str(tmp_path / "after.png"))
        browser.close()

    assert autosaves, "the game wrote no autosave after the first decision"
    assert next_title in screen_text(), "the screen never showed the next decision"
    data = json.loads(autosaves[0].read_text())
    assert data["choices"][0][:2] == [first.decision.id, "sutskever"]
    assert re.match(r"autosave-november.2023-sutskever-[0-9a-f]{8}\.json", autosaves[0].name)
    assert (tmp_path / "before.png").stat().st_size > 10_000
    assert (tmp_path / "before.png").read_bytes() != (tmp_path / "after.png").read_bytes()
