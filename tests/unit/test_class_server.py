"""`boardroom class start`'s web server through aiohttp's test client: joining, the key cookie, the rate
limit, the teacher's token, the controls' cross-site checks, the dashboard's state and the exports.
The game process is tests/fake_student.py (websocket tests are in tests/e2e/test_class_server_ws.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from game.classroom.live import OBSERVER
from game.narrate import seat_name
from game.web.classroom_server import KEY_COOKIE, ClassServer, projector_key
from game.web.ratelimit import RateLimit
from tests.class_record_data import flagship, play_table_live
from tests.class_server_helpers import CODE, TOKEN, run

pytestmark = pytest.mark.unit
HOSTILE = "<script>alert(1)</script>\x1b]52;c;aGk=\x07Eve"


def origin(client: TestClient) -> dict[str, str]:
    return {"Origin": f"http://{client.host}:{client.port}"}


async def join(client: TestClient, name: str, code: str = CODE, lang: str = "en") -> tuple[int, str | None]:
    reply = await client.post("/join", data={"code": code, "name": name, "lang": lang}, allow_redirects=False)
    cookie = reply.cookies.get(KEY_COOKIE)
    return reply.status, cookie.value if cookie else None


def test_the_join_page_speaks_both_languages_and_keeps_the_code(tmp_path: Path) -> None:
    async def body(client: TestClient, _server: ClassServer) -> None:
        english = await (await client.get("/?code=abc234")).text()
        assert "Join the class" in english and 'value="abc234"' in english
        chinese = await client.get("/?lang=zh")
        assert "加入课堂" in await chinese.text()
        assert "frame-ancestors 'none'" in chinese.headers["Content-Security-Policy"]
        sneaky = await (await client.get('/?code="><b>x')).text()
        assert "<b>x" not in sneaky and "&quot;&gt;&lt;b&gt;x" in sneaky

    run(tmp_path, body)


def test_a_join_sets_an_httponly_lax_cookie_and_opens_the_game_page(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        reply = await client.post("/join", data={"code": " abc234 ", "name": "Ana"}, allow_redirects=False)
        assert reply.status == 303 and reply.headers["Location"] == "/play"
        header = next(h for h in reply.headers.getall("Set-Cookie") if h.startswith(KEY_COOKIE))
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
        page = await client.get("/play")  # the client keeps the cookie, as a browser does
        assert page.status == 200 and "data-session-websocket-url" in await page.text()
        assert [p.name for p in server.live.presence()] == ["Ana"]

    run(tmp_path, body)


def test_a_wrong_code_or_no_name_is_refused_and_nobody_joins(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        status, cookie = await join(client, "Ana", code="ZZZ999")
        assert (status, cookie) == (400, None)
        status, cookie = await join(client, "   ", code=CODE)
        assert (status, cookie) == (400, None)
        foreign = await client.post(
            "/join",
            data={"code": CODE, "name": "Ana"},
            headers={"Origin": "http://evil.example"},
            allow_redirects=False,
        )
        assert foreign.status == 403  # another site's page cannot sign a browser in as someone
        assert server.live.presence() == []
        reply = await client.get("/play")
        assert reply.status == 403 and "Join again" in await reply.text()

    run(tmp_path, body)


def test_joining_again_with_the_same_name_resumes_and_retires_the_old_key(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        _, first = await join(client, "Ana")
        _, second = await join(client, "Ana")  # another device
        assert first and second and first != second
        assert server.live.student_by_key(first) is None
        found = server.live.student_by_key(second)
        assert found is not None and [p.student for p in server.live.presence()] == [found.id]
        client.session.cookie_jar.clear()
        old = await client.get("/play", headers={"Cookie": f"{KEY_COOKIE}={first}"})
        assert old.status == 403  # the first device's cookie no longer opens a game
        assert (await client.get("/play", headers={"Cookie": f"{KEY_COOKIE}={second}"})).status == 200

    run(tmp_path, body)


def test_joins_are_rate_limited_per_address_with_a_page_in_both_languages(tmp_path: Path) -> None:
    clock = [0.0]

    async def body(client: TestClient, _server: ClassServer) -> None:
        for n in range(3):
            assert (await join(client, f"S{n}", code="WRONG1"))[0] == 400  # wrong codes spend tokens too
        reply = await client.post("/join", data={"code": CODE, "name": "Late"}, allow_redirects=False)
        assert reply.status == 429 and reply.headers["Retry-After"] == "11"
        text = await reply.text()
        assert "Wait 11 seconds" in text and "请等 11 秒" in text
        clock[0] += 10
        assert (await join(client, "Late"))[0] == 303

    run(tmp_path, body, limit=RateLimit(burst=3, rate=0.1, clock=lambda: clock[0]))


def test_the_dashboard_needs_the_token_and_the_join_code_is_not_one(tmp_path: Path) -> None:
    async def body(client: TestClient, _server: ClassServer) -> None:
        await join(client, "Ana")  # a student's cookie grants nothing on the teacher's side
        for path in (
            "/teacher/",
            "/teacher/wrong",
            f"/teacher/{CODE}",
            "/teacher/wrong/state",
            f"/teacher/{TOKEN}x/state",
            "/teacher/wrong/export/choices.csv",
            f"/projector/{TOKEN}",
        ):
            assert (await client.get(path)).status == 404, path
        reply = await client.post("/teacher/wrong/control", json={"action": "pause"}, headers=origin(client))
        assert reply.status == 404
        page = await client.get(f"/teacher/{TOKEN}")
        assert page.status == 200 and "Class dashboard" in await page.text()
        assert page.headers["Referrer-Policy"] == "same-origin" and page.headers["Cache-Control"] == "no-store"
        assert (await client.get(f"/teacher/{TOKEN}?lang=zh")).status == 200

    run(tmp_path, body)


def test_controls_refuse_other_sites_and_forms_and_apply_from_the_dashboard(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        url = f"/teacher/{TOKEN}/control"
        for headers in ({}, {"Origin": "http://evil.example"}, {"Origin": "null"}):
            assert (await client.post(url, json={"action": "pause"}, headers=headers)).status == 403
        form = await client.post(url, data={"action": "pause"}, headers=origin(client))
        assert form.status == 415
        assert not server.live.control().paused
        for action, extra in (
            ("pause", {}),
            ("warn", {}),
            ("debrief", {}),
            ("prompt", {"text": "Why?"}),
            ("seat_mode", {"mode": "assigned"}),
        ):
            reply = await client.post(url, json={"action": action, **extra}, headers=origin(client))
            assert reply.status == 200, await reply.text()
        control = server.live.control()
        assert control.paused and control.debrief and control.prompt == "Why?" and control.seat_mode == "assigned"
        assert control.warning_until is not None
        await client.post(url, json={"action": "resume"}, headers=origin(client))
        assert not server.live.control().paused
        bad = await client.post(url, json={"action": "seat_mode", "mode": "lottery"}, headers=origin(client))
        assert bad.status == 400

    run(tmp_path, body)


def test_assignments_and_tables_take_only_this_classs_students_and_seats(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        url, h = f"/teacher/{TOKEN}/control", origin(client)
        await join(client, "Ana")
        ana = server.live.presence()[0].student
        assert (await client.post(url, json={"action": "assign", "student": ana, "seat": "toner"}, headers=h)).ok
        assert server.live.assigned(ana) == "toner"
        assert (await client.post(url, json={"action": "assign", "student": ana, "seat": OBSERVER}, headers=h)).ok
        assert server.live.assigned(ana) == OBSERVER
        for wrong in ({"student": ana, "seat": "nobody"}, {"student": 999, "seat": "toner"}):
            assert (await client.post(url, json={"action": "assign", **wrong}, headers=h)).status == 400
        opened = await client.post(
            url,
            json={"action": "open_table", "label": "A", "seats": ["toner", "sutskever"], "discussion": 60},
            headers=h,
        )
        assert opened.ok
        (table,) = server.live.tables()
        assert table.seats == ("sutskever", "toner") and table.discussion == 60  # in the scenario's order
        assert (await client.post(url, json={"action": "open_table", "seats": ["x"]}, headers=h)).status == 400
        seat_ana = {"action": "sit", "table": table.id, "student": ana, "seat": "toner"}
        assert (await client.post(url, json=seat_ana, headers=h)).ok
        await join(client, "Bo")
        bo = server.live.presence()[1].student
        taken = {"action": "sit", "table": table.id, "student": bo, "seat": "toner"}
        assert (await client.post(url, json=taken, headers=h)).status == 400
        elsewhere = {"action": "sit", "table": table.id, "student": bo, "seat": "altman"}
        assert (await client.post(url, json=elsewhere, headers=h)).status == 400  # not one of the table's seats
        assert (await client.post(url, json={**taken, "seat": None}, headers=h)).ok
        seated = server.live.table(table.id)
        assert seated is not None and seated.members == {"toner": ana} and seated.observers == (bo,)
        state = await (await client.get(f"/teacher/{TOKEN}/state")).json()
        assert state["tables"][0]["seats"][1]["student"] == "Ana" and state["tables"][0]["observers"] == ["Bo"]
        server.live.open_discussion(table.id, 0, "sutskever_vote", 60)
        state = await (await client.get(f"/teacher/{TOKEN}/state")).json()
        assert state["tables"][0]["debate"]["decision"] == "sutskever_vote"
        ended = {"action": "end_discussion", "table": table.id, "moves": 0, "decision": "sutskever_vote"}
        assert (await client.post(url, json=ended, headers=h)).ok
        found = server.live.discussion(table.id, 0, "sutskever_vote")
        assert found is not None and found.ended_by == "teacher"
        assert (await client.post(url, json={"action": "close_table", "table": table.id}, headers=h)).ok
        assert server.live.tables()[0].status == "closed"
        assert (await client.post(url, json={"action": "close_table", "table": 99}, headers=h)).status == 400

    run(tmp_path, body)


def test_the_state_shows_students_games_outcomes_and_endings(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        live = server.live
        names = {seat: (await join(client, f"{seat} {HOSTILE}"), seat)[1] for seat in ("sutskever", "toner")}
        ids = {p.name.split()[0]: p.student for p in live.presence()}
        live.touch(ids["toner"], "play", seat="toner", decision="toner_case")
        game = play_table_live(live.record, flagship(), live.session, {s: ids[s] for s in names}, seed=3)
        state = await (await client.get(f"/teacher/{TOKEN}/state")).json()
        students = {s["name"].split()[0]: s for s in state["students"]}
        assert "\x1b" not in json.dumps(state) and "<script>alert(1)</script>" in students["toner"]["name"]
        assert students["toner"]["seat"] == seat_name(flagship(), "toner", "en")
        assert students["toner"]["decision"] == flagship().decisions["toner_case"].model.title.get("en")
        (row,) = state["games"]
        assert row["id"] == game and row["status"] == "finished" and row["ending"]
        assert len(row["outcomes"]) == len(state["outcome_labels"]) == len(flagship().outcomes)
        assert row["timeouts"] == sum(1 for c in live.record.choices(game) if c.timed_out) > 0
        assert state["endings"][0]["game"] == game
        assert state["summary"][0].endswith("the board fired Altman") and " of 1 " in state["summary"][0]
        projected = await (await client.get(f"/projector/{projector_key(TOKEN)}/state")).json()
        assert projected["counts"]["finished"] == 1 and "Eve" not in json.dumps(projected)
        page = await (await client.get(f"/teacher/{TOKEN}")).text()
        assert "alert(1)" not in page  # names reach the page only through the script's textContent

    run(tmp_path, body)


def test_the_csv_exports_have_each_choice_and_pseudonyms_hide_names(tmp_path: Path) -> None:
    async def body(client: TestClient, server: ClassServer) -> None:
        live = server.live
        for seat in ("sutskever", "toner"):
            await join(client, f"=cmd|{seat}")
        ids = [p.student for p in live.presence()]
        game = play_table_live(
            live.record, flagship(), live.session, dict(zip(("sutskever", "toner"), ids, strict=True)), 5
        )
        live.record.reflect(ids[0], "Why?", "Because.", game=game)
        reply = await client.get(f"/teacher/{TOKEN}/export/choices.csv")
        assert reply.status == 200 and 'filename="class-choices.csv"' in reply.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(await reply.text())))
        assert len(rows) == len(live.record.choices(game))
        assert {r["student"] for r in rows} == {"'=cmd|sutskever", "'=cmd|toner"}  # no formula reaches a sheet
        assert {"decision", "option", "in_world_time", "real_time", "timed_out", "historical"} <= set(rows[0])
        hidden = await (await client.get(f"/teacher/{TOKEN}/export/choices.csv?pseudonymise=1")).text()
        assert "cmd" not in hidden and "Student 01" in hidden
        reflections = await (await client.get(f"/teacher/{TOKEN}/export/reflections.csv?pseudonymise=1")).text()
        assert "Because." in reflections and "cmd" not in reflections
        report = await client.get(f"/teacher/{TOKEN}/export/report.html?lang=zh")
        assert report.status == 200 and "<html" in (await report.text())[:200]
        assert (await client.get(f"/teacher/{TOKEN}/export/secrets.txt")).status == 404

    run(tmp_path, body)


def test_the_projector_shows_the_code_and_never_the_token(tmp_path: Path) -> None:
    async def body(client: TestClient, _server: ClassServer) -> None:
        page = await client.get(f"/projector/{projector_key(TOKEN)}")
        text = await page.text()
        assert page.status == 200 and CODE in text and TOKEN not in text
        assert (await client.get("/projector/" + "0" * 32)).status == 404

    run(tmp_path, body)


def test_the_rate_limit_refills_and_forgets_addresses_within_bounds() -> None:
    clock = [0.0]
    limit = RateLimit(burst=2, rate=0.5, clock=lambda: clock[0], max_keys=4)
    assert [limit.take("a") for _ in range(3)] == [0.0, 0.0, 2.0]
    clock[0] += 2
    assert limit.take("a") == 0.0 and limit.take("b") == 0.0
    for n in range(20):  # a flood of addresses never holds more than max_keys buckets
        limit.take(f"flood{n}")
        assert len(limit._buckets) <= 4
