"""A class server's websockets start a game process for the student the cookie names, and only for them.
The game is tests/fake_student.py, which shows the command line it was given (so: subprocesses, e2e)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestClient

from game.web.classroom_server import KEY_COOKIE, ClassServer
from tests.class_server_helpers import CODE, run


async def _argv(ws: aiohttp.ClientWebSocketResponse) -> list[str]:
    """The fake game's first output: the command line the server started it with."""
    await ws.send_json(["resize", {"width": 80, "height": 24}])
    while True:
        message = await asyncio.wait_for(ws.receive(), timeout=30)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.BINARY and message.data.startswith(b"argv "):
            return list(json.loads(message.data[5:]))


async def _join(client: TestClient, name: str, lang: str = "en") -> str:
    reply = await client.post("/join", data={"code": CODE, "name": name, "lang": lang}, allow_redirects=False)
    assert reply.status == 303
    return reply.cookies[KEY_COOKIE].value


def test_each_websocket_plays_as_the_student_of_its_cookie(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        own = {"Origin": f"http://{client.host}:{client.port}"}
        ana = await _join(client, "Ana", "zh")
        bob = await _join(client, "Bob")
        ids = {p.name: p.student for p in server.live.presence()}
        client.session.cookie_jar.clear()
        for key, name, lang in ((ana, "Ana", "zh"), (bob, "Bob", "en")):
            ws = await client.ws_connect("/ws", headers={**own, "Cookie": f"{KEY_COOKIE}={key}; boardroom_lang={lang}"})
            argv = await _argv(ws)
            assert argv == ["--student", str(ids[name]), "--lang", lang]
            await ws.close()
        for headers in (
            own,
            {**own, "Cookie": f"{KEY_COOKIE}=forged"},
            {"Cookie": f"{KEY_COOKIE}={ana}"},
            {"Origin": "http://evil.example", "Cookie": f"{KEY_COOKIE}={ana}"},
        ):
            try:
                await client.ws_connect("/ws", headers=headers)
            except aiohttp.WSServerHandshakeError as refused:
                assert refused.status == 403
            else:
                raise AssertionError(f"a game started for {headers}")

    run(tmp_path, body)


def test_a_students_newer_device_closes_the_older_game(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        own = {"Origin": f"http://{client.host}:{client.port}"}
        key = await _join(client, "Ana")
        client.session.cookie_jar.clear()
        first = await client.ws_connect("/ws", headers={**own, "Cookie": f"{KEY_COOKIE}={key}"})
        await _argv(first)
        second = await client.ws_connect("/ws", headers={**own, "Cookie": f"{KEY_COOKIE}={key}"})
        await _argv(second)
        closed = await asyncio.wait_for(first.receive(), timeout=30)
        while closed.type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            closed = await asyncio.wait_for(first.receive(), timeout=30)
        assert len(server.playing) == 1
        await second.send_json(["stdin", "1"])
        while True:  # the newer game still plays
            message = await asyncio.wait_for(second.receive(), timeout=30)
            if message.type == aiohttp.WSMsgType.BINARY and message.data == b"echo 1":
                break
        await second.close()

    run(tmp_path, body)


def test_the_cap_holds_for_a_class(tmp_path: Path) -> None:
    async def body(client: TestClient, _server: ClassServer) -> None:
        own = {"Origin": f"http://{client.host}:{client.port}"}
        keys = [await _join(client, name) for name in ("Ana", "Bob")]
        client.session.cookie_jar.clear()
        held = await client.ws_connect("/ws", headers={**own, "Cookie": f"{KEY_COOKIE}={keys[0]}"})
        await _argv(held)
        try:
            await client.ws_connect("/ws", headers={**own, "Cookie": f"{KEY_COOKIE}={keys[1]}"})
        except aiohttp.WSServerHandshakeError as refused:
            assert refused.status == 503
        else:
            raise AssertionError("a second game started past a cap of one")
        page = await client.get("/play", headers={"Cookie": f"{KEY_COOKIE}={keys[1]}"})
        assert page.status == 503 and "The class is full" in await page.text()
        await held.close()

    run(tmp_path, body, max_sessions=1)
