"""A bounded simulated class on loopback: students join over HTTP, open their game's websocket and press keys.

Run: python benchmarks/class_load.py [--students 40] [--presses 15] [--json]

Two classes run in turn, each on a class server of its own (game/web/classroom_server.py, as
`boardroom class start` makes it):
- reference: every student's "game" is a bare Textual app that redraws one line per key;
- game: every student's game is the real one, `python -m game class student ...`.
For each: memory per student (resident set, and proportional set, which shares libraries fairly, of the
game processes), and keypress-to-output latency (the time from a key sent over the websocket to the next
output frame), p50 and p95, while the whole class types at once. The figures that matter are the ratios
game/reference from the same run, since the machine's load changes from one minute to the next.
Students start at most STARTING at a time (a class does not press Enter at the same millisecond either).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTING = 4
TOKEN = "load-benchmark-teacher-token-000000"
CODE = "LOAD23"
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    presses = 0
    def compose(self):
        yield Static("BARE-READY", id="line")
    def on_key(self, event):
        self.presses += 1
        self.query_one("#line", Static).update(f"key {event.key} {self.presses}")
Bare().run()
"""
KEYS = ("\x1b[B", "\x1b[A")  # down, up: move a highlight and back, which every screen redraws


def serve(mode: str, port: int, db: Path, max_sessions: int) -> None:
    """The child process: a class server whose students play ``mode``'s game."""
    import textual_serve

    from game import catalog
    from game.classroom.live import LiveClass
    from game.classroom.record import ClassRecord
    from game.commands.class_start import student_command
    from game.commands.serve import TEMPLATES
    from game.web.classroom_server import ClassServer
    from game.web.origins import OriginPolicy
    from game.web.ratelimit import RateLimit

    record = ClassRecord.open(db)
    session = record.create_session("november-2023", TOKEN, join_code=CODE)
    plan = catalog.plan_by_id("november-2023")
    assert plan is not None
    if mode == "reference":
        bare = db.parent / "bare_app.py"
        bare.write_text(BARE_APP)

        def argv(student: int, lang: str) -> list[str]:
            return [sys.executable, str(bare), f"--student={student}"]
    else:
        argv = student_command(db, session.id, [])
    server = ClassServer(
        LiveClass(record, session.id),
        plan,
        TOKEN,
        argv,
        OriginPolicy.build([], []),
        max_sessions,
        find_plan=catalog.plan_by_id,
        limit=RateLimit(burst=max_sessions * 2),
        host="127.0.0.1",
        port=port,
        title="Boardroom",
        statics_path=Path(textual_serve.__file__ or ".").resolve().parent / "static",
        templates_path=TEMPLATES,
    )
    server.serve()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _memory(pid: int) -> tuple[float, float, int]:
    """Resident and proportional set (MB) of the server's Python children, and how many there are."""
    rss = pss = 0.0
    count = 0
    for child in _descendants(pid):
        try:
            if b"python" not in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")[0]:
                continue  # the shell textual-serve starts each game through
            for line in Path(f"/proc/{child}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
            count += 1
        except OSError:
            continue
    return rss, pss, count


async def _student(base: str, n: int, gate: asyncio.Semaphore, ready: list[float]):  # type: ignore[no-untyped-def]
    import aiohttp

    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # unsafe: it is an IP address
    reply = await session.post(f"{base}/join", data={"code": CODE, "name": f"Student {n:02d}"}, allow_redirects=False)
    assert reply.status == 303, await reply.text()
    frames: asyncio.Queue[float] = asyncio.Queue()
    async with gate:
        start = time.perf_counter()
        ws = await session.ws_connect(f"{base}/ws?width=100&height=30", headers={"Origin": base})
        await ws.send_json(["resize", {"width": 100, "height": 30}])

        async def read() -> None:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    frames.put_nowait(time.perf_counter())

        reader = asyncio.create_task(read())
        await asyncio.wait_for(frames.get(), timeout=90)
        ready.append(time.perf_counter() - start)
        await asyncio.sleep(2)  # let the first screen finish drawing
    return session, ws, frames, reader


async def _press(ws, frames: asyncio.Queue[float], key: str) -> float | None:  # type: ignore[no-untyped-def]
    while not frames.empty():
        frames.get_nowait()
    sent = time.perf_counter()
    await ws.send_json(["stdin", key])
    try:
        return await asyncio.wait_for(frames.get(), timeout=10) - sent
    except TimeoutError:
        return None


async def _class(base: str, students: int, presses: int, pid: int) -> dict[str, float]:
    gate = asyncio.Semaphore(STARTING)
    ready: list[float] = []
    began = time.perf_counter()
    joined = await asyncio.gather(*(_student(base, n, gate, ready) for n in range(students)))
    started = time.perf_counter() - began
    await asyncio.sleep(3)
    rss, pss, processes = _memory(pid)
    latencies: list[float] = []
    missed = 0

    async def typist(ws, frames) -> None:  # type: ignore[no-untyped-def]
        nonlocal missed
        rng = random.Random(id(ws))
        for i in range(presses):
            await asyncio.sleep(rng.uniform(0.5, 1.5))  # a student reads before pressing the next key
            took = await _press(ws, frames, KEYS[i % 2])
            if took is None:
                missed += 1
            else:
                latencies.append(took)

    await asyncio.gather(*(typist(ws, frames) for _s, ws, frames, _r in joined))
    for session, ws, _frames, reader in joined:
        await ws.close()
        reader.cancel()
        await session.close()
    qs = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else [float("nan")] * 19
    return {
        "students": students,
        "processes": processes,
        "start_all_s": started,
        "first_screen_p50_s": statistics.median(ready),
        "rss_per_student_mb": rss / max(1, processes),
        "pss_per_student_mb": pss / max(1, processes),
        "latency_p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "latency_p95_ms": qs[18] * 1000,
        "presses": len(latencies),
        "missed": missed,
    }


def measure(mode: str, students: int, presses: int) -> dict[str, float]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "class.sqlite"
        args = [sys.executable, __file__, "--serve", mode, "--port", str(port), "--db", str(db)]
        server = subprocess.Popen(
            [*args, "--students", str(students)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"the {mode} class server did not start")
                time.sleep(0.2)
            return asyncio.run(_class(f"http://127.0.0.1:{port}", students, presses, server.pid))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--presses", type=int, default=15, help="keys each student presses")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=["reference", "game"], help="measure one class alone (no ratios)")
    parser.add_argument("--serve", choices=["reference", "game"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.db, args.students + 2)
        return
    modes = [args.only] if args.only else ["reference", "game"]
    results = {mode: measure(mode, args.students, args.presses) for mode in modes}
    if len(results) == 2:
        ref, game = results["reference"], results["game"]
        keys = ("rss_per_student_mb", "pss_per_student_mb", "latency_p50_ms", "latency_p95_ms", "first_screen_p50_s")
        results["ratio"] = {k: game[k] / ref[k] for k in keys if ref[k]}
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for mode, figures in results.items():
        print(f"{mode}:")
        for key, value in figures.items():
            print(f"  {key:22} {value:10.2f}")


if __name__ == "__main__":
    main()
