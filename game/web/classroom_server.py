"""`boardroom class start`'s web server: the join page, each student's game, the teacher's dashboard.

Routes (the token is the teacher's secret, the projector key is derived from it):

  GET  /                       the join page (?code= fills the code in, ?lang=zh)
  POST /join                   code + name: sets the student's key cookie, then on to /play
  GET  /play                   textual-serve's terminal page, for a browser with a key
  GET  /ws                     the student's game process (python -m game class student ...)
  GET  /teacher/TOKEN          the dashboard; /state (JSON), /control (POST JSON), /export/...
  GET  /projector/KEY          large type for the room; /state (counts and outcomes, no names)

Who is who: a student is whoever holds the key cookie ``LiveClass.join`` gave (HttpOnly, so a page's
script cannot read it). The game process is started with that student's id and trusts it; nothing the
browser types reaches its command line. A student's newest device wins: joining again replaces the key,
and a new websocket for a student closes the one before it, so one game process writes a student's games.
A wrong or missing teacher token is answered with 404, as if the page did not exist.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from ..classroom import export
from ..classroom.live import OBSERVER, LiveClass, session_by_code
from ..classroom.record import RecordError
from ..classroom.report import collect_record, render_html
from ..sanitize import clean_line
from ..scenario.plan import Plan
from .class_state import Outcomes, class_state, finished_games, projector_state
from .class_text import lang_of, tr
from .dashboard import dashboard_page, projector_page
from .join import join_page, message_page
from .origins import OriginPolicy
from .ratelimit import RateLimit
from .server import BoardroomServer

log = logging.getLogger("boardroom.class")

KEY_COOKIE = "boardroom_class"
LANG_COOKIE = "boardroom_lang"
MAX_BODY = 16 * 1024
_PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

StudentArgv = Callable[[int, str], list[str]]  # (student id, language) -> the game's command line


def projector_key(token: str) -> str:
    """A key that opens the projector view only: the room may see its URL, which must not open the dashboard."""
    return hmac.new(token.encode(), b"boardroom projector", hashlib.sha256).hexdigest()[:32]


class ClassServer(BoardroomServer):
    def __init__(
        self,
        live: LiveClass,
        plan: Plan,
        token: str,
        student_argv: StudentArgv,
        policy: OriginPolicy,
        max_sessions: int,
        *,
        find_plan: Callable[[str], Plan | None],
        limit: RateLimit | None = None,
        students_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__([], Path("."), policy, max_sessions, **kwargs)
        self.live, self.plan, self.token = live, plan, token
        self.student_argv = student_argv
        self.find_plan = find_plan
        self.limit = limit or RateLimit()
        self.students_url = students_url
        self.code = next(s.join_code for s in live.record.sessions() if s.id == live.session)
        self.projector = projector_key(token)
        self.outcomes = Outcomes(live.record.path, find_plan)
        self._outcomes_lock = asyncio.Lock()
        self.playing: dict[int, web.WebSocketResponse] = {}

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers], client_max_size=MAX_BODY)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_join_page),
                web.post("/join", self.handle_join),
                web.get("/play", self.handle_play),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", self.statics_path),
                web.get("/teacher/{token}", self.handle_dashboard),
                web.get("/teacher/{token}/state", self.handle_state),
                web.post("/teacher/{token}/control", self.handle_control),
                web.get("/teacher/{token}/export/{name}", self.handle_export),
                web.get("/projector/{key}", self.handle_projector),
                web.get("/projector/{key}/state", self.handle_projector_state),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler: Any) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # The token must not leave in a Referer; and not "no-referrer", under which a browser sends the join
        # form with "Origin: null", which the origin check must refuse.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith(("/teacher/", "/projector/")):
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("X-Frame-Options", "DENY")
        if response.content_type == "text/html" and not request.path.startswith(("/play", "/static")):
            response.headers.setdefault("Content-Security-Policy", _PAGE_CSP)
        return response

    # --- students ------------------------------------------------------------------------------------

    def _lang(self, request: web.Request) -> str:
        return lang_of(request.query.get("lang") or request.cookies.get(LANG_COOKIE))

    def _student(self, request: web.Request) -> int | None:
        key = request.cookies.get(KEY_COOKIE, "")
        found = self.live.student_by_key(key) if key else None
        return found.id if found else None

    async def handle_join_page(self, request: web.Request) -> web.Response:
        lang = self._lang(request)
        code = clean_line(request.query.get("code", ""))[:16]
        return web.Response(text=join_page(lang, code=code), content_type="text/html")

    async def handle_join(self, request: web.Request) -> web.Response:
        origin, host = request.headers.get("Origin"), request.headers.get("Host")
        if origin is not None and not self.policy.allows(origin, host, request.scheme):
            raise web.HTTPForbidden(text="Boardroom: this page may not join the class.\n")
        form = await request.post()
        lang = lang_of(str(form.get("lang", "")))
        code = clean_line(str(form.get("code", "")))[:16]
        name = clean_line(str(form.get("name", ""))).strip()[:80]
        wait = self.limit.take(request.remote or "?")
        if wait:
            page = message_page(lang, "slow.title", "slow.body", n=int(wait) + 1)
            return web.Response(
                status=429, text=page, content_type="text/html", headers={"Retry-After": str(int(wait) + 1)}
            )
        if session_by_code(self.live.record, code) != self.live.session:
            return web.Response(
                status=400,
                text=join_page(lang, code=code, name=name, error=tr("join.bad_code", lang)),
                content_type="text/html",
            )
        try:
            student, key = self.live.join(name)
        except RecordError:
            return web.Response(
                status=400,
                text=join_page(lang, code=code, name=name, error=tr("join.no_name", lang)),
                content_type="text/html",
            )
        response = web.HTTPSeeOther("/play")
        # Lax: a link from the class's learning platform still brings the student's key along. No expiry:
        # it ends with the browser, and the name and code bring the student back on any device.
        response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="Lax", path="/")
        response.set_cookie(LANG_COOKIE, lang, samesite="Lax", path="/")
        log.info("student %d joined", student.id)
        raise response

    async def handle_play(self, request: web.Request) -> web.StreamResponse:
        if self._student(request) is None:
            return web.Response(
                status=403, text=message_page(self._lang(request), "gone.title", "gone.body"), content_type="text/html"
            )
        return self.game_page(request)

    async def _play(self, request: web.Request) -> web.WebSocketResponse:
        student = self._student(request)
        if student is None:
            raise web.HTTPForbidden(text="Boardroom: join the class first.\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        before = self.playing.get(student)
        self.playing[student] = websocket
        if before is not None:  # the same student on a newer tab or device: the older game stops
            await before.close()
        try:
            argv = self.student_argv(student, lang_of(request.cookies.get(LANG_COOKIE)))
            return await self.run_game(request, argv, websocket)
        finally:
            if self.playing.get(student) is websocket:
                del self.playing[student]

    # --- the teacher ---------------------------------------------------------------------------------

    def _teacher(self, request: web.Request) -> str:
        """The dashboard's own path, if the request carries the teacher's token; else 404."""
        token = request.match_info["token"]
        if len(token) > 100 or not self.live.record.check_teacher(self.live.session, token):
            raise web.HTTPNotFound()
        return f"/teacher/{token}"

    async def handle_dashboard(self, request: web.Request) -> web.Response:
        base = self._teacher(request)
        page = dashboard_page(
            base,
            self._lang(request),
            scenario=self.plan.model.title.get(self._lang(request)),
            code=self.code,
            url=self.students_url,
            projector=f"/projector/{self.projector}",
        )
        return web.Response(text=page, content_type="text/html")

    async def _state(self, lang: str) -> dict[str, Any]:
        finished = finished_games(self.live)
        async with self._outcomes_lock:  # one replay at a time, however many pages poll
            if self.outcomes.stale(finished):
                await asyncio.to_thread(self.outcomes.refresh, finished)
        return class_state(self.live, self.plan, lang, self.outcomes.records)

    async def handle_state(self, request: web.Request) -> web.Response:
        self._teacher(request)
        return web.json_response(await self._state(self._lang(request)))

    async def handle_control(self, request: web.Request) -> web.Response:
        self._teacher(request)
        origin, host = request.headers.get("Origin"), request.headers.get("Host")
        if not self.policy.allows(origin, host, request.scheme):
            raise web.HTTPForbidden(text="Boardroom: controls are only taken from the dashboard's own page.\n")
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(text="Boardroom: controls are JSON.\n")
        try:
            data = json.loads(await request.text())
            if not isinstance(data, dict):
                raise ValueError("not an object")
            self._apply(data)
        except (ValueError, TypeError, KeyError, RecordError) as exc:
            raise web.HTTPBadRequest(text=f"Boardroom: {clean_line(str(exc))[:200]}\n") from None
        return web.json_response({"ok": True, "revision": self.live.control().revision})

    def _apply(self, data: dict[str, Any]) -> None:
        """One control from the dashboard; every id is checked against this class before it is used."""
        action = data.get("action")
        live = self.live
        seats = {s.id for s in self.plan.playable_seats()}
        if action in ("pause", "resume"):
            live.pause(action == "pause")
        elif action == "warn":
            live.warn()
        elif action == "debrief":
            live.release_debrief(bool(data.get("released", True)))
        elif action == "prompt":
            live.set_prompt(str(data.get("text", ""))[:400])
        elif action == "seat_mode":
            live.set_seat_mode(str(data.get("mode", "")))
        elif action == "assign":
            student, seat = int(data["student"]), str(data.get("seat") or "")
            if live.student(student) is None or (seat and seat != OBSERVER and seat not in seats):
                raise ValueError("no such student or seat in this class")
            live.assign(student, seat or None)
        elif action == "open_table":
            chosen = data.get("seats")
            if not isinstance(chosen, list) or not all(isinstance(s, str) and s in seats for s in chosen):
                raise ValueError("a table's seats must be this scenario's playable seats")
            order = [s.id for s in self.plan.playable_seats() if s.id in chosen]
            live.open_table(str(data.get("label", "Table")), order, int(data.get("discussion", 120)))
        elif action == "sit":  # the teacher seats a student at a table (seat None: to watch it)
            table, student = live.table(int(data["table"])), int(data["student"])
            place = str(data["seat"]) if data.get("seat") else None
            if table is None or live.student(student) is None or (place is not None and place not in table.seats):
                raise ValueError("no such table, student or seat in this class")
            if not live.sit(table.id, student, place):
                raise ValueError("that seat is taken, or the table's game has started")
        elif action in ("close_table", "end_discussion"):
            table = live.table(int(data["table"]))
            if table is None:
                raise ValueError("no such table in this class")
            if action == "close_table":
                live.set_table_status(table.id, "closed")
            else:
                live.end_discussion(table.id, int(data["moves"]), str(data["decision"])[:64], "teacher")
        else:
            raise ValueError("unknown action")

    async def handle_export(self, request: web.Request) -> web.Response:
        self._teacher(request)
        name = request.match_info["name"]
        if name == "report.html":
            lang = self._lang(request)
            report = await asyncio.to_thread(collect_record, self.live.record.path, self.find_plan)
            return web.Response(text=render_html(report, lang), content_type="text/html", charset="utf-8")
        if name not in ("choices.csv", "reflections.csv"):
            raise web.HTTPNotFound()
        pseudonymise = request.query.get("pseudonymise") == "1"
        data = export.build(self.live.record, self.find_plan, pseudonymise=pseudonymise)
        if name == "choices.csv":
            text = export.to_csv(data.choices, export.CHOICE_COLUMNS)
        else:
            text = export.to_csv(data.reflections, export.REFLECTION_COLUMNS)
        suffix = "-pseudonymised" if pseudonymise else ""
        return web.Response(
            text=text,
            content_type="text/csv",
            charset="utf-8",
            headers={"Content-Disposition": f'attachment; filename="class-{name[:-4]}{suffix}.csv"'},
        )

    # --- the projector -------------------------------------------------------------------------------

    def _projector(self, request: web.Request) -> str:
        if not hmac.compare_digest(request.match_info["key"].encode()[:64], self.projector.encode()):
            raise web.HTTPNotFound()
        return f"/projector/{self.projector}"

    async def handle_projector(self, request: web.Request) -> web.Response:
        base = self._projector(request)
        page = projector_page(base, self._lang(request), code=self.code, url=self.students_url)
        return web.Response(text=page, content_type="text/html")

    async def handle_projector_state(self, request: web.Request) -> web.Response:
        self._projector(request)
        return web.json_response(projector_state(await self._state(self._lang(request))))
