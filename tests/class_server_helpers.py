"""A class server in this process, on aiohttp's test server, with a fake student game (tests/fake_student.py)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from game import catalog
from game.classroom.live import LiveClass
from game.classroom.record import ClassRecord
from game.web.classroom_server import ClassServer
from game.web.origins import OriginPolicy
from game.web.ratelimit import RateLimit

FAKE = Path(__file__).resolve().parent / "fake_student.py"
TOKEN = "teacher-token-for-tests-0123456789"
CODE = "ABC234"


def fake_argv(student: int, lang: str) -> list[str]:
    return [sys.executable, str(FAKE), "--student", str(student), "--lang", lang]


def class_server(
    tmp: Path,
    *,
    limit: RateLimit | None = None,
    argv: Callable[[int, str], list[str]] = fake_argv,
    max_sessions: int = 40,
) -> ClassServer:
    record = ClassRecord.open(tmp / "class.sqlite")
    session = record.create_session("november-2023", TOKEN, join_code=CODE)
    plan = catalog.plan_by_id("november-2023")
    assert plan is not None
    return ClassServer(
        LiveClass(record, session.id),
        plan,
        TOKEN,
        argv,
        OriginPolicy.build([], []),
        max_sessions,
        find_plan=catalog.plan_by_id,
        limit=limit,
        students_url="http://127.0.0.1:8000",
        title="Boardroom",
        statics_path=Path("."),
        templates_path=Path(__file__).resolve().parent.parent / "game" / "web",
    )


def run(tmp: Path, body: Callable[[TestClient, ClassServer], Awaitable[None]], **kw: object) -> ClassServer:
    """Start a class server on aiohttp's test server, hand a client to ``body``, and stop it after."""
    server = class_server(tmp, **kw)  # type: ignore[arg-type]

    async def go() -> None:
        client = TestClient(TestServer(await server._make_app()))
        await client.start_server()
        try:
            await body(client, server)
        finally:
            await client.close()

    asyncio.run(go())
    return server
