"""textual-serve's Server, with the checks a classroom needs in front of it.

textual-serve starts one game process per websocket. In front of that we put: the Origin check
(origins.py), a cap on games running at once, and a saves folder per browser (sessions.py), passed to
each game as ``--saves-dir``. The page itself is ours (app_index.html), and its websocket URL is built
from the address the browser used, so it works on every interface the server listens on.
"""

from __future__ import annotations

import asyncio
import html
import logging
import shlex
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..i18n import LANGS, t
from . import sessions
from .origins import OriginPolicy

log = logging.getLogger("boardroom.serve")


def full_page(running: int) -> str:
    """The page a browser gets when the class is full, in every language."""
    parts = [
        f"<h1>{html.escape(t('web.full.title', lang))}</h1><p>{html.escape(t('web.full.body', lang, n=running))}</p>"
        for lang in LANGS
    ]
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Boardroom</title></head>'
        '<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">'
        + "<hr>".join(parts)
        + "</body></html>"
    )


class BoardroomServer(Server):
    def __init__(
        self,
        game_argv: list[str],
        saves_root: Path,
        policy: OriginPolicy,
        max_sessions: int,
        **kwargs: Any,
    ) -> None:
        """``game_argv``: the game's command line, without ``--saves-dir`` (each browser gets its own)."""
        super().__init__(shlex.join(game_argv), **kwargs)
        self.page_url = kwargs.get("public_url")  # the teacher's --public-url (a proxy in front), if any
        self.game_argv = game_argv
        self.saves_root = saves_root
        self.policy = policy
        self.max_sessions = max_sessions
        self.running = 0

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `boardroom serve` prints its own lines (textual-serve's would show the wrong address)."""

    @property
    def full(self) -> bool:
        return self.running >= self.max_sessions

    def _websocket_url(self, request: web.Request) -> str:
        base: str
        if self.page_url:
            base = str(self.page_url).rstrip("/")
        else:
            base = f"{'https' if request.secure else 'http'}://{request.host}"
        return ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws"

    def game_page(self, request: web.Request) -> web.Response:
        """textual-serve's terminal page (ours, app_index.html), or the page saying the class is full."""
        if self.full:
            return web.Response(status=503, text=full_page(self.running), content_type="text/html")
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": self._websocket_url(request),
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        response = self.game_page(request)
        if response.status != 200:
            return response
        cookie = request.cookies.get(sessions.COOKIE)
        if not sessions.valid_id(cookie):
            # Lax, not Strict: a student who follows a link from another site (the class's learning platform)
            # must bring their id along, or they would be given a new one and lose sight of their saves. Other
            # sites' websockets never carry it, and are refused anyway. No expiry: it ends with the browser.
            response.set_cookie(sessions.COOKIE, sessions.new_id(), httponly=True, samesite="Lax", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        origin, host = request.headers.get("Origin"), request.headers.get("Host")
        if not self.policy.allows(origin, host, request.scheme):
            log.warning("refused a game for a page from another site (Origin %r, Host %r)", origin, host)
            raise web.HTTPForbidden(text="Boardroom: this page may not start games on this server.\n")
        if self.full:
            raise web.HTTPServiceUnavailable(text=full_page(self.running), content_type="text/html")
        self.running += 1  # counted before the first await, so two connections cannot both take the last place
        try:
            return await self._play(request)
        finally:
            self.running -= 1

    async def _play(self, request: web.Request) -> web.WebSocketResponse:
        ident = sessions.session_id(request.cookies.get(sessions.COOKIE))
        folder = sessions.session_folder(self.saves_root, ident)
        return await self.run_game(request, [*self.game_argv, "--saves-dir", str(folder)])

    async def run_game(
        self, request: web.Request, argv: list[str], websocket: web.WebSocketResponse | None = None
    ) -> web.WebSocketResponse:
        """One game process for this websocket (made here unless the caller keeps a hold of it), streamed to
        the browser until either side closes."""
        command = shlex.join(argv)
        websocket = websocket or web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one browser's broken connection must not stop the class's server
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket
