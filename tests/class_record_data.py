"""A class record to test with: the twenty class saves of the flagship, one board table played live by its
policies with timeouts, and reflections. Built through the record's own writing API."""

from __future__ import annotations

import time
from pathlib import Path

from game import catalog, paths, saves
from game.classroom.record import ChoiceRow, ClassRecord
from game.classroom.recording import add_save
from game.engine import Game, policy
from game.scenario.plan import Plan
from game.verdict import verdict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "class-november"
TOKEN = "teacher-secret-token"
TABLE = ["sutskever", "toner", "mccauley", "dangelo"]


def flagship() -> Plan:
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    return plan


def play_table_live(record: ClassRecord, plan: Plan, session: int, students: dict[str, int], seed: int) -> int:
    """A table of four directors, each a student, recorded choice by choice as a class server would.
    Every fifth choice is a timeout (the seat's policy decides, as the timer would)."""
    game = Game(plan, list(students), seed, uid=f"table{seed:02d}".ljust(32, "0"))
    row = record.start_game(session, students, seed, game.uid, group="table A")
    index = 0
    while not game.over:
        pending = game.pending
        assert pending is not None
        seat, minute = pending.seat, game.state.minute
        option = policy.choose(game, pending.decision, seat).id
        timed_out = index % 5 == 4
        marked = game.historical_option(pending.decision, seat)
        game.choose(option, seat, timed_out=timed_out)
        history = marked.id if marked else None
        choice = ChoiceRow(
            index,
            pending.decision.id,
            seat,
            option,
            history,
            minute,
            time.time(),
            timed_out,
            verdict(option, history, timed_out),
        )
        record.add_choice(row, choice, ending=game.ending.id if game.ending else None)
        index += 1
    return row


def build(path: Path) -> Path:
    plan = flagship()
    with ClassRecord.open(path) as record:
        session = record.create_session("november-2023", TOKEN, join_code="KQ7X2M", settings={"on_timeout": "inaction"})
        for save in sorted(FIXTURES.glob("student*.json")):
            student = record.join(session.id, f"Pupil {save.stem[-2:]}")
            add_save(record, session.id, plan, saves.read(save), student.id)
        table = {seat: record.join(session.id, f"Table {seat}").id for seat in TABLE}
        game = play_table_live(record, plan, session.id, table, seed=7)
        record.reflect(table["toner"], "Where did your group let time run out?", "At the vote.", game=game)
        record.reflect(record.join(session.id, "Pupil 01").id, "What would you do again?", "Wait longer.")
    return path
