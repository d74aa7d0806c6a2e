"""Keypress-to-repaint in a real terminal, early in a long game and late in it. Run: python benchmarks/keypress.py

A synthetic scenario gives one seat 240 decisions, an hour apart, each with an event and a news line, so the
news log grows by about three entries a choice. A save holds the game at choice 10 or choice 200.

The game runs as a player runs it: ``python -m game play`` in a pseudo-terminal of 80x24, with the "what
happened" card off (the card is a screen of its own; what decayed was the play screen redrawing the log). A
sample is one choice: from writing "1" to the terminal until the last byte of the repaint it causes has
arrived, which is when the player sees the new decision. The repaint is over when the terminal has been quiet
for ``QUIET`` seconds; that wait is not counted. Then "u" undoes the choice, untimed, so every sample at choice
200 is taken with 200 choices behind it.

Each sample is timed twice: wall-clock time, and the CPU time the game's process (all its threads) used until
that last byte, from the kernel's per-thread run-time counters. The CPU figure is what a machine shared with
other work disturbs least. The reference is the same samples at choice 10, measured in the same run and in turn
with choice 200, so that a slow spell on the shared machine falls on both alike. The ratio of the p95 at choice
200 to the p95 at choice 10 is near 1 when keypress time does not depend on how long the game has run.
Target: p95 under 50 ms at choice 200.

Earlier versions of this benchmark pressed keys through Textual's Pilot inside the test harness; Pilot's own
idle waits (sleeps of 20 ms, several per key) made up most of what it reported, and a forced full-screen
render added work no terminal asks for. Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import saves  # noqa: E402
from game.engine import Game  # noqa: E402
from game.scenario import Plan, check  # noqa: E402

DECISIONS = 240
COLUMNS, LINES = 80, 24
QUIET = 0.25  # seconds without output that end a repaint
SETTLE = 1.0  # seconds without output that end start-up
TIMEOUT = 20.0


def scenario_text(decisions: int = DECISIONS) -> str:
    out = [
        "id: keypress",
        "title: {en: A long week, zh: 漫长的一周}",
        "summary: {en: One seat and many decisions., zh: 一个席位，许多决定。}",
        'clock: {start: "2024-01-01 00:00", end: "2024-01-31 23:00"}',
        "meters:",
    ]
    out += [f"  - {{id: m{m}, label: {{en: Meter {m}, zh: 指标{m}}}, start: 50}}" for m in range(4)]
    out += [
        "seats:",
        "  - {id: solo, name: {en: Solo, zh: 独}, kind: board, role: {en: R, zh: 角}, bio: {en: B, zh: 传}, "
        "private: {en: P, zh: 私}, objective: {en: O, zh: 标}}",
        "decisions:",
    ]
    for i in range(decisions):
        day, hour = divmod(i, 24)
        at = f"2024-01-{1 + day:02d} {hour:02d}:00"
        m = i % 4
        out += [
            f"  - id: d{i}",
            f'    at: "{at}"',
            "    actor: solo",
            f"    title: {{en: Decision {i}, zh: 决定{i}}}",
            "    text: {en: The board waits for you to decide what happens next and why., zh: 董事会等你决定下一步。}",
            "    options:",
            f"      - {{id: a, text: {{en: Go on, zh: 继续}}, effects: {{m{m}: -1}}, historical: true, "
            f"news: {{en: You went on with decision {i}. The staff heard of it by lunch., zh: 你继续了。}}}}",
            f"      - {{id: b, text: {{en: Hold, zh: 等待}}, effects: {{m{m}: 1}}}}",
        ]
    out.append("events:")
    for i in range(decisions):
        day, hour = divmod(i, 24)
        out += [
            f"  - id: e{i}",
            f'    at: "2024-01-{1 + day:02d} {hour:02d}:30"',
            f"    title: {{en: Something happens {i}, zh: 事件{i}}}",
            "    text: {en: A reporter calls and the phones do not stop ringing all afternoon., zh: 电话响个不停。}",
            f"    effects: {{m{(i + 1) % 4}: 1}}",
        ]
    out += ["endings:", "  - {id: done, title: {en: Done, zh: 完}, text: {en: Over., zh: 结束。}}"]
    return "\n".join(out) + "\n"


def save_at(plan: Plan, depth: int, folder: Path) -> Path:
    """A save of the solo seat's game after ``depth`` choices of option a."""
    game = Game(plan, ["solo"], 0)
    while len(game.choices) < depth:
        game.choose("a")
    return saves.write(folder, f"depth-{depth}", saves.snapshot(game, lang="en"))


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by every thread of ``pid`` (nanosecond counters in /proc/PID/task/*/schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended between listing and reading
    return total / 1e9


class Terminal:
    """The game in a pseudo-terminal: keys go in, what the game draws comes out."""

    def __init__(self, folder: Path, save: Path, saves_dir: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a terminal of 80x24, then the game
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "PYTHONPATH": str(ROOT)}
            command = [sys.executable, "-m", "game", "play", str(folder), "--role", "solo", "--load", str(save)]
            command += ["--saves-dir", str(saves_dir), "--no-aftermath", "--lang", "en"]
            os.execvpe(sys.executable, command, env)
        self.seen = b""

    def read_until_quiet(self, quiet: float) -> tuple[float, float, bytes]:
        """Wait for output, then read until nothing arrives for ``quiet`` seconds: the time and CPU reading of
        the last byte, and all bytes read."""
        chunks: list[bytes] = []
        last, last_cpu = time.perf_counter(), cpu_seconds(self.pid)
        deadline = last + TIMEOUT
        while True:
            ready, _, _ = select.select([self.fd], [], [], quiet if chunks else TIMEOUT)
            if not ready:
                if not chunks:
                    raise TimeoutError("the game drew nothing")
                return last, last_cpu, b"".join(chunks)
            chunks.append(os.read(self.fd, 65536))
            last, last_cpu = time.perf_counter(), cpu_seconds(self.pid)
            if last > deadline:
                raise TimeoutError("the game never stopped drawing")

    def press(self, key: bytes, expect: bytes | None = None) -> tuple[float, float]:
        """Wall and CPU seconds from writing ``key`` to the last byte of the repaint it causes."""
        start, start_cpu = time.perf_counter(), cpu_seconds(self.pid)
        os.write(self.fd, key)
        end, end_cpu, drawn = self.read_until_quiet(QUIET)
        if expect is not None and expect not in drawn:
            raise AssertionError(f"pressing {key!r} did not draw {expect!r}")
        return end - start, end_cpu - start_cpu

    def close(self) -> None:
        os.write(self.fd, b"\x11")  # ctrl+q, in the middle of a game, asks first
        self.read_until_quiet(QUIET)
        os.write(self.fd, b"\x11")  # and again, on the question, saves and quits
        try:
            while os.read(self.fd, 65536):  # drain the terminal until the game has closed it
                pass
        except OSError:
            pass  # EIO: the game has exited and the terminal is closed
        os.close(self.fd)
        os.waitpid(self.pid, 0)


def samples(folder: Path, save: Path, saves_dir: Path, depth: int, count: int) -> list[tuple[float, float]]:
    terminal = Terminal(folder, save, saves_dir)
    try:
        terminal.read_until_quiet(SETTLE)
        out = []
        for n in range(count + 2):  # the first two warm the caches and are dropped
            # The next decision's title is drawn once the choice has been taken and the screen repainted.
            out.append(terminal.press(b"1", expect=f"Decision {depth + 1}".encode()))
            terminal.press(b"u", expect=f"Decision {depth}".encode())  # untimed: the undo, drawn
            if n >= 2 and not out[-1][0] > 0:
                raise AssertionError("a sample took no time")
        return out[2:]
    finally:
        terminal.close()


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def bench(count: int, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "keypress"
        folder.mkdir()
        (folder / "scenario.yaml").write_text(scenario_text(), encoding="utf-8")
        plan, problems = check(folder)
        assert plan is not None, [p.format() for p in problems[:3]]
        saves_dir = Path(tmp) / "saves"
        early_save, late_save = save_at(plan, 10, saves_dir), save_at(plan, 200, saves_dir)
        early: list[tuple[float, float]] = []
        late: list[tuple[float, float]] = []
        for _ in range(rounds):  # in turn, so that a slow spell falls on both depths alike
            early += samples(folder, early_save, saves_dir, 10, count)
            late += samples(folder, late_save, saves_dir, 200, count)
    result: dict[str, float] = {"samples_each": len(early)}
    for kind, index in (("wall", 0), ("cpu", 1)):
        at_10 = [sample[index] for sample in early]
        at_200 = [sample[index] for sample in late]
        result[f"{kind}_choice_10_p50_ms"] = statistics.median(at_10) * 1000
        result[f"{kind}_choice_10_p95_ms"] = p95(at_10) * 1000
        result[f"{kind}_choice_200_p50_ms"] = statistics.median(at_200) * 1000
        result[f"{kind}_choice_200_p95_ms"] = p95(at_200) * 1000
        result[f"{kind}_ratio_p95_200_to_10"] = p95(at_200) / p95(at_10)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = bench(20 if args.quick else 40, 1 if args.quick else 3)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    for kind in ("wall", "cpu"):
        r = {key.removeprefix(f"{kind}_"): value for key, value in result.items() if key.startswith(kind)}
        print(
            f"{kind} time, keypress to repaint at choice 10:   p50 {r['choice_10_p50_ms']:6.1f} ms   p95 {r['choice_10_p95_ms']:6.1f} ms"
        )
        print(
            f"{kind} time, keypress to repaint at choice 200:  p50 {r['choice_200_p50_ms']:6.1f} ms   "
            f"p95 {r['choice_200_p95_ms']:6.1f} ms   (target: p95 < 50 ms)"
        )
        print(f"{kind} time, ratio of the p95s, 200 to 10:       {r['ratio_p95_200_to_10']:6.2f}")
    print(f"({result['samples_each']:.0f} samples at each depth)")


if __name__ == "__main__":
    main()
