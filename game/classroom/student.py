"""A student's own game in a class: recorded choice by choice as it is played, and resumed from the record.

The record is the student's save. Every choice goes in as it is made (with its real time, whether time ran
out, and how it stands beside history), and the ending with the last one, in the same transaction. A tab
reloaded, or the same student on another device, finds the game still 'playing' and rebuilds it from the
record's seed and choices.

Pure: no Textual. The student's app (game/ui/classroom/) listens to the controller and calls
``Recorder.sync`` after every change; a failed write is kept and tried again, and never stops the game.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .live import LiveClass
from .record import ChoiceRow, GameRow, RecordError

if TYPE_CHECKING:
    from ..engine import Game
    from ..scenario.plan import Plan

# What a write to the record may raise: the file is locked past the busy timeout, the disk is full, the
# record is damaged. Any of them leaves the game playing.
WRITE_ERRORS = (RecordError, sqlite3.Error, OSError)


@dataclass
class Recorder:
    """Writes one student's game into the class record, catching up on whatever is not in it yet."""

    live: LiveClass
    student: int
    lang: str = "en"
    game_id: int | None = None  # the game's row in the record
    uid: str | None = None  # the engine game that row holds
    recorded: int = 0  # choices already in the record
    times: dict[int, float] = field(default_factory=dict)  # real time each choice was first seen
    failing: bool = False  # the last write failed; the next sync tries again

    def adopt(self, row: GameRow, uid: str) -> None:
        """Carry on recording a game already in the record (a resumed one)."""
        self.game_id, self.uid, self.recorded, self.times = row.id, uid, row.moves, {}

    def sync(self, game: Game) -> bool:
        """Put every choice of ``game`` not yet recorded into the record (starting its row first if it is
        new). True when the record is up to date; False when a write failed (tried again at the next sync)."""
        now = time.time()
        for index in range(self.recorded, len(game.choices)):
            self.times.setdefault(index, now)
        try:
            self._write(game)
        except WRITE_ERRORS:
            self.failing = True
            return False
        self.failing = False
        return True

    def _write(self, game: Game) -> None:
        record = self.live.record
        if game.uid != self.uid:
            players = {seat: self.student for seat in sorted(game.players)}
            self.game_id = record.start_game(self.live.session, players, game.seed, game.uid)
            self.uid, self.recorded = game.uid, 0
        assert self.game_id is not None
        if self.recorded >= len(game.choices):
            return
        rows = game_rows(game, self.lang, self.times)
        last = len(rows) - 1
        for row in rows[self.recorded :]:
            ending = game.ending.id if game.ending is not None and row.index == last else None
            record.add_choice(self.game_id, row, ending=ending)
            self.recorded = row.index + 1


def game_rows(game: Game, lang: str, times: dict[int, float] | None = None) -> list[ChoiceRow]:
    """Every choice of ``game`` as the record keeps it. The same replay an imported save goes through, so a
    game recorded live and one imported from a save make the same rows."""
    from .. import saves
    from .recording import choice_rows
    from .walkthrough import walk

    w = walk(game.plan, saves.snapshot(game, lang=lang), lang)
    now = time.time()
    return choice_rows(w, [(times or {}).get(i, now) for i in range(len(w.steps))])


def table_games(live: LiveClass) -> set[int]:
    return {t.game for t in live.tables() if t.game is not None}


def playing_game(live: LiveClass, student: int) -> GameRow | None:
    """The student's own game still in progress (the newest, if a crash left more than one); never a board
    table's game, which the table's own screen resumes."""
    shared = table_games(live)
    mine = [
        g
        for g in live.record.games(live.session)
        if g.status == "playing" and g.id not in shared and g.players and set(g.players.values()) == {student}
    ]
    return mine[-1] if mine else None


def rebuild(plan: Plan, row: GameRow, live: LiveClass) -> Game | None:
    """The game of ``row`` replayed from the record's seed and choices; None when the scenario has changed
    so that the record's choices no longer fit it (the caller starts afresh)."""
    from .. import saves

    choices = live.record.choices(row.id)
    data = saves.SaveFile(
        format=saves.FORMAT,
        version=saves.VERSION,
        scenario=plan.id,
        scenario_hash=plan.content_hash,
        seats=sorted(row.players),
        seed=row.seed,
        game_id=row.uid,
        choices=[(c.decision, c.seat, c.option) for c in choices],
        timeouts=[c.index for c in choices if c.timed_out],
    )
    try:
        restored = saves.restore(plan, data)
    except saves.SaveError:
        return None
    if restored.stopped_at is not None:
        return None
    return restored.game


def touch(live: LiveClass, student: int, screen: str, game: Game | None = None, game_id: int | None = None) -> bool:
    """Tell the dashboard where the student is; a failed write is only a missed update, so it is dropped."""
    seat = decision = None
    if game is not None:
        seat = sorted(game.players)[0] if game.players else None
        decision = game.pending.decision.id if game.pending is not None else None
    try:
        live.touch(student, screen, game=game_id, seat=seat, decision=decision)
    except WRITE_ERRORS:
        return False
    return True
