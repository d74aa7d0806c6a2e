"""Driving Boardroom in headless Chromium: a running `boardroom class start`, the teacher's pages, and
people in browser contexts of their own (``Student``: a page and everything its terminal has shown). The
class e2e test and scripts/simulate_class.py use it; the serve and story-map tests use its ``launch`` and
``Student`` too."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
POLL = 100  # milliseconds between looks at what a game has sent (each look costs a Playwright round trip)
QUIET = 150  # milliseconds without output after which the game has finished drawing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ClassRun:
    """A running `boardroom class start` on a free loopback port, and the URLs it printed."""

    proc: subprocess.Popen[bytes]
    url: str
    code: str
    teacher: str
    projector: str
    db: Path

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def state(self) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(f"{self.teacher}/state", timeout=20) as reply:
            return dict(json.loads(reply.read()))

    def control(self, action: str, **data: object) -> None:
        import urllib.request

        request = urllib.request.Request(
            f"{self.teacher}/control",
            data=json.dumps({"action": action, **data}).encode(),
            headers={"Content-Type": "application/json", "Origin": self.url},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=20) as reply:
            assert reply.status == 200

    def export(self, name: str) -> str:
        import urllib.request

        with urllib.request.urlopen(f"{self.teacher}/export/{name}", timeout=60) as reply:
            return str(reply.read().decode("utf-8"))


def start_class(tmp: Path, *extra: str, scenario: str = "november-2023") -> ClassRun:
    port = free_port()
    db = tmp / f"class-{port}.sqlite"
    log = tmp / f"class-{port}.log"
    argv = [sys.executable, "-m", "game", "class", "start", scenario, "--port", str(port), "--db", str(db), *extra]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if proc.poll() is not None:
            raise AssertionError(f"class start exited: {text}")
        found = re.search(r"the code (\w+)", text), re.search(r"dashboard.*: (\S+)", text)
        projector = re.search(r"Projector: (\S+)", text)
        if all(found) and projector:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    code, teacher = found[0][1], found[1][1]  # type: ignore[index]
                    return ClassRun(proc, f"http://127.0.0.1:{port}", code, teacher, projector[1], db)
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("class start did not come up: " + log.read_text(errors="replace"))


def launch(pw: Any) -> Any:
    """Debian's Chromium, headless, with nothing that reaches the network on its own."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is missing: run scripts/setup-browser (the README's test command does)"
    return pw.chromium.launch(
        executable_path=chromium,
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


@dataclass
class Student:
    """One student in a browser context of their own (own cookies), and everything their game has drawn."""

    name: str
    page: Any
    stream: list[str] = field(default_factory=list)
    _seen: tuple[int, object, str] = (0, None, "")  # the stream's length and last part when text() last ran

    @classmethod
    def open(cls, browser: Any, name: str, size: tuple[int, int] = (1100, 720)) -> Student:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
        student = cls(name, context.new_page())
        student.page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda payload: student.stream.append(
                    payload.decode("utf-8", "ignore") if isinstance(payload, bytes) else ""
                ),
            ),
        )
        return student

    def join(self, run: ClassRun, code: str | None = None) -> None:
        self.send_join(run, code)
        self.ready()

    def send_join(self, run: ClassRun, code: str | None = None) -> None:
        """The join form, filled in and sent: the class server starts this student's game. ``ready`` waits for it,
        so several students' games can start at once."""
        self.page.goto(f"{run.url}/?code={code or run.code}")
        self.page.fill("input[name=name]", self.name)
        self.page.click("button[type=submit]")

    def ready(self) -> None:
        """Once the game has drawn, the terminal gets the keyboard."""
        self.page.wait_for_selector("body.-first-byte", timeout=90_000)
        self.page.click("#terminal")

    def text(self) -> str:
        count, last, _ = self._seen
        if count != len(self.stream) or (count and last is not self.stream[-1]):  # stripped again only if it changed
            last = self.stream[-1] if self.stream else None
            self._seen = (len(self.stream), last, ANSI.sub("", "".join(self.stream)))
        return self._seen[2]

    def wait_for(self, *texts: str, timeout: float = 60) -> str:
        """The first of ``texts`` to show on the student's screen since the stream was last cleared."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.text()
            for text in texts:
                if text in seen:
                    return text
            self.page.wait_for_timeout(POLL)
        raise AssertionError(f"{self.name}: none of {texts!r} showed; last: {self.text()[-1500:]}")

    def press(self, *keys: str, pause: int = 150) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(pause)

    def settle(self, most: int) -> None:
        """Wait until the game's output stops (no more for ``QUIET`` ms), at most ``most`` ms."""
        waited, quiet, size = 0, 0, len(self.stream)
        while waited < most and quiet < QUIET:
            self.page.wait_for_timeout(POLL)
            waited += POLL
            quiet = quiet + POLL if len(self.stream) == size else 0
            size = len(self.stream)
