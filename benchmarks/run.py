"""Boardroom benchmarks. Run: python benchmarks/run.py [--quick] [--json]

Reports:
- load and validate time for synthetic scenarios of 200 and 2,000 decisions;
- randomtest choices per second in one process, on november-2023;
- explore time on november-2023 for all seats;
- lint time on november-2023, beside that exploration (lint plays games first and explores only when they
  leave something unreached);
- time from launch to the first screen in a terminal, beside a bare Textual app.

Each figure is the median of several runs. Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import write  # noqa: E402
from game import catalog, paths  # noqa: E402
from game.authoring.explore import explore  # noqa: E402
from game.authoring.randomtest import randomtest  # noqa: E402
from game.scenario import check  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
Bare().run()
"""


def median_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_load(decisions: int, repeat: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(Path(tmp) / f"synthetic-{decisions}", decisions)

        def load() -> None:
            plan, problems = check(folder)
            assert plan is not None, problems[:3]

        load()  # warm imports and caches once
        return median_time(load, repeat)


def bench_randomtest(runs: int, repeat: int) -> dict[str, float]:
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    randomtest(plan, 50, 0)
    choices = randomtest(plan, runs, 1).choices
    # Each batch starts with an empty memory, so every repeat does the whole work again.
    elapsed = median_time(lambda: randomtest(plan, runs, 1), repeat)
    return {"runs": runs, "choices": choices, "seconds": elapsed, "choices_per_second": choices / elapsed}


def bench_explore(repeat: int) -> dict[str, float]:
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    result = explore(plan)
    seconds = median_time(lambda: explore(plan), repeat)
    return {"states": result.states, "seconds": seconds}


def bench_lint(explored_seconds: float, repeat: int) -> dict[str, float]:
    from game.authoring.lint import lint

    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    warnings = len(lint(plan))
    seconds = median_time(lambda: lint(plan), repeat)
    return {"warnings": warnings, "seconds": seconds, "ratio_to_explore": seconds / explored_seconds}


def first_screen(argv: list[str], marker: bytes, pycache: str, timeout: float = 30.0) -> float:
    """Seconds from spawning ``argv`` in an 80x24 pty until ``marker`` appears on its screen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal program like any other
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        # As installed programs run: pip compiles every package it installs, but a checkout (or an editable
        # install) under PYTHONDONTWRITEBYTECODE, as on the project machine, would compile the game's own
        # modules at every launch and not Textual's. Both programs get a bytecode cache of their own.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
        os.execvpe(argv[0], argv, env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv} never showed {marker!r}")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def bench_first_screen(repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP)
        env_saves = ["--saves-dir", tmp]
        game = [sys.executable, "-m", "game", *env_saves]
        bare = [sys.executable, str(bare_script)]
        pycache = str(Path(tmp) / "pycache")
        first_screen(bare, b"BARE-READY", pycache)  # warm the file and bytecode caches for both
        first_screen(game, b"New game", pycache)
        # Interleaved, so that a slow spell on a shared machine hurts both sides alike.
        bare_times, game_times = [], []
        for _ in range(repeat):
            bare_times.append(first_screen(bare, b"BARE-READY", pycache))
            game_times.append(first_screen(game, b"New game", pycache))
        bare_t, game_t = statistics.median(bare_times), statistics.median(game_times)
    # Each pair ran back to back, so its ratio is the least disturbed by the machine's slow spells.
    ratio = statistics.median(g / b for g, b in zip(game_times, bare_times, strict=True))
    return {"bare_textual": bare_t, "boardroom": game_t, "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    results = {
        "load_200_s": bench_load(200, repeat),
        "load_2000_s": bench_load(2000, repeat),
        "randomtest": bench_randomtest(500 if args.quick else 3000, repeat),
        "explore_november_2023": bench_explore(1 if args.quick else 3),
        "first_screen": bench_first_screen(5 if args.quick else 15),  # the noisiest measure: more runs
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    results["lint_november_2023"] = bench_lint(results["explore_november_2023"]["seconds"], repeat)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    rt, ex, fs = results["randomtest"], results["explore_november_2023"], results["first_screen"]
    print(f"load and validate, 200 decisions:   {results['load_200_s'] * 1000:8.1f} ms   (target: -)")
    print(f"load and validate, 2,000 decisions: {results['load_2000_s'] * 1000:8.1f} ms   (target: < 1000 ms)")
    print(
        f"randomtest, one process:            {rt['choices_per_second']:8.0f} choices/s "
        f"({rt['runs']} runs, {rt['choices']} choices)   (target: >= 20,000)"
    )
    print(f"explore november-2023, all seats:   {ex['seconds']:8.2f} s   ({ex['states']:,} states)   (target: < 10 s)")
    li = results["lint_november_2023"]
    print(
        f"lint november-2023:                 {li['seconds']:8.2f} s   ({li['warnings']} warnings; "
        f"{li['ratio_to_explore']:.2f}x the exploration above)"
    )
    print(f"first screen, bare Textual app:     {fs['bare_textual'] * 1000:8.0f} ms")
    print(
        f"first screen, boardroom:            {fs['boardroom'] * 1000:8.0f} ms   "
        f"(ratio {fs['ratio']:.2f}; target: <= 1.15)"
    )


if __name__ == "__main__":
    main()
