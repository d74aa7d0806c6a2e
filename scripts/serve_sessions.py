#!/usr/bin/env python3
"""Many browsers at once against `boardroom serve` on loopback: the cap holds, and foreign pages are refused.

    python3 scripts/serve_sessions.py --sessions 20 --cap 16 --foreign 10

Starts a server on a free loopback port with --max-sessions CAP, opens SESSIONS game websockets at once
from the server's own origin (each must either start a game, proven by its first screen bytes, or be
refused with 503 once CAP games run) and FOREIGN websockets from another site's origin (each must be
refused with 403). Prints the counts; exits 1 if anything else happened. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def one(session: aiohttp.ClientSession, url: str, origin: str, hold: asyncio.Event, drawn: list[int]) -> str:
    """'played', or the refusal status as text; a game stays open until ``hold`` is set, so all run at once."""
    try:
        ws = await session.ws_connect(f"{url}/ws", headers={"Origin": origin})
    except aiohttp.WSServerHandshakeError as refused:
        return str(refused.status)
    try:
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        while True:
            message = await asyncio.wait_for(ws.receive(), timeout=120)
            if message.type == aiohttp.WSMsgType.BINARY and message.data:
                drawn.append(1)
                break
            if message.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                return f"closed ({message.type.name})"
        await hold.wait()
        return "played"
    finally:
        await ws.close()


async def storm(url: str, sessions: int, foreign: int) -> dict[str, int]:
    hold = asyncio.Event()
    drawn: list[int] = []
    async with aiohttp.ClientSession() as client:
        own = [asyncio.create_task(one(client, url, url, hold, drawn)) for _ in range(sessions)]
        others = [asyncio.create_task(one(client, url, "http://evil.example", hold, drawn)) for _ in range(foreign)]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # until every game has drawn its first screen, or been refused
            if len(drawn) + sum(t.done() for t in own) >= sessions and all(t.done() for t in others):
                break
            await asyncio.sleep(0.2)
        hold.set()
        counts: dict[str, int] = {}
        for name, tasks in (("own", own), ("foreign", others)):
            for result in await asyncio.gather(*tasks, return_exceptions=True):
                key = f"{name}: {result if isinstance(result, str) else type(result).__name__}"
                counts[key] = counts.get(key, 0) + 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--cap", type=int, default=16)
    parser.add_argument("--foreign", type=int, default=10)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="boardroom-serve-") as saves:
        argv = ["serve", "november-2023", "--role", "toner", "--port", str(port), "--saves-dir", saves]
        proc = subprocess.Popen(
            [sys.executable, "-m", "game", *argv, "--max-sessions", str(args.cap)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            for _ in range(300):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
            counts = asyncio.run(storm(f"http://127.0.0.1:{port}", args.sessions, args.foreign))
        finally:
            proc.terminate()
            proc.wait(timeout=60)
        folders = len(list((Path(saves) / "sessions").iterdir())) if (Path(saves) / "sessions").exists() else 0
    print(f"{args.sessions} own-origin sessions at once (cap {args.cap}), {args.foreign} foreign:")
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}")
    print(f"  session folders made: {folders}")
    expected = {
        "own: played": min(args.sessions, args.cap),
        **({"own: 503": args.sessions - args.cap} if args.sessions > args.cap else {}),
        **({"foreign: 403": args.foreign} if args.foreign else {}),
    }
    ok = counts == expected and folders == min(args.sessions, args.cap)
    print("clean" if ok else f"UNEXPECTED (expected {expected})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
