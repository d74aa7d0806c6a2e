"""A board table across devices: one shared game, played by several students each on their own device.

Nothing is shared between the devices but the class record. Each device rebuilds the same game from the
game row's seed and its choice rows, in order (the engine is deterministic), polls for new rows, and writes
its own seat's choice at the next index. The record accepts a row only at its index, so when two devices
write move N at once, one wins; the other refreshes, and writes again at N+1 if its move still stands (a
second ballot in the same vote does) or learns that it came too late (a decision someone else took).

Before each vote the table discusses: the first device to see the vote opens the discussion
(``LiveClass.open_discussion`` with the table's length), and ballots are refused until it runs out or a
seat at the table (or the teacher, from the dashboard) ends it.

What a device may show (``SeatView``), for its own seat or, for an observer, for nobody's:

- who sits where, the public state (visible meters and counters, the in-world clock), and the log entries
  the engine shows that seat; an observer sees the table's common knowledge, the entries shown to every
  seat at it, and never decides;
- whose decision the table waits for, and whether it is a vote; for a vote, which seats have cast a
  ballot, never what they cast;
- the decision itself and its options only to the seat that decides it; a vote's question to every seat
  that can see the vote, its options only to the voters still to cast;
- its own ballot, once cast, until the tally;
- after a vote, the tally: the counts, never who cast which ballot (the log's vote entry).

A transcript lists every seat's choices, ballots included, so it is offered once the game is over.
No UI here: ``game/ui/classroom/table.py`` draws a ``SeatView``.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from ..controller.events import TimedOut
from ..engine import ChoiceError, Game, LogEntry
from ..engine.game import OptionView
from ..engine.history import timeout_choice
from ..scenario.plan import DecisionPlan, EndingPlan, Plan
from ..settings import Settings, check
from ..verdict import verdict
from .live import BoardTable, Discussion, LiveClass
from .record import ChoiceRow, RecordError

GRACE = 15  # seconds past a seat's own time limit before another device at the table times it out
RETRIES = 5  # writes lost to other devices before giving up on one choice


class Phase(StrEnum):
    WAITING = "waiting"  # seats are still free
    DISCUSSION = "discussion"  # a vote is coming: the table talks, ballots wait
    DECIDING = "deciding"  # someone must decide
    ENDED = "ended"
    CLOSED = "closed"  # the teacher closed the table, or it is gone
    BROKEN = "broken"  # the record's moves do not fit the scenario (edited since?)


@dataclass(frozen=True)
class Meter:
    id: str
    value: int
    delta: int


@dataclass(frozen=True)
class SeatView:
    """What one device may show now; see the module's docstring for the rule."""

    phase: Phase
    seat: str | None  # the viewer's seat; None for an observer
    table: BoardTable
    minute: int = 0
    deciding: tuple[str, ...] = ()  # seats the table waits for
    vote: bool = False
    cast: tuple[str, ...] = ()  # seats that have cast their ballot in the running vote (who, never what)
    decision: DecisionPlan | None = None  # shown only to those allowed to see it
    options: tuple[OptionView, ...] = ()  # only to the seat that must decide now
    yours: bool = False  # the viewer must decide now
    own_ballot: str | None = None  # the viewer's ballot in the running vote, until the tally
    discussion: Discussion | None = None
    log: tuple[LogEntry, ...] = ()
    meters: tuple[Meter, ...] = ()
    tally: LogEntry | None = None  # the latest vote the viewer can see, once tallied
    ending: EndingPlan | None = None
    problem: str = ""  # why the table is broken


@dataclass(frozen=True)
class Written:
    """What came of a choice: ``ok``, or why not (an i18n key)."""

    ok: bool
    reason: str = ""
    raced: int = 0  # writes lost to other devices on the way


def session_settings(live: LiveClass) -> Settings:
    """The teacher's settings for the session, as the record keeps them; defaults where they do not check."""
    stored = next((s.settings for s in live.record.sessions() if s.id == live.session), {})
    known = {f.name for f in fields(Settings)}
    chosen = {k: v for k, v in stored.items() if k in known}
    return Settings(**chosen) if not check(chosen) else Settings()


def running_discussion(live: LiveClass, table: int, now: float | None = None) -> Discussion | None:
    """The table's discussion still running, if any: what the teacher's dashboard offers to end."""
    rows = live.record._rows(
        "SELECT moves, decision FROM discussion WHERE tbl=? AND ended_by IS NULL ORDER BY moves DESC", (table,)
    )
    if not rows:
        return None
    found = live.discussion(table, int(rows[0][0]), str(rows[0][1]))
    return found if found is not None and found.left(time.time() if now is None else now) > 0 else None


class TableGame:
    """One device's copy of a table's shared game. Poll it about once a second; act through it.

    ``student`` is the device's student: their seat at the table, or an observer's place.
    """

    def __init__(
        self,
        live: LiveClass,
        table: int,
        plan: Plan,
        student: int,
        *,
        settings: Settings | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.live = live
        self.table_id = table
        self.plan = plan
        self.student = student
        self.settings = settings if settings is not None else session_settings(live)
        self.clock = clock
        self.game: Game | None = None
        self.game_id: int | None = None
        self.problem = ""
        self.board: BoardTable | None = None
        self.discussion: Discussion | None = None
        self._moves = -1  # the record's move count at the last look
        self._spent: dict[tuple[int, str, str], float] = {}  # (turn, decision, seat) -> seconds of its time used

    # --- who is here ------------------------------------------------------------------------

    @property
    def seat(self) -> str | None:
        """This device's seat, or None when its student watches."""
        if self.board is None:
            return None
        return next((s for s, who in self.board.members.items() if who == self.student), None)

    # --- keeping up with the record ---------------------------------------------------------

    def poll(self) -> bool:
        """Read what changed in the record; start the game once every seat is taken. True if anything moved."""
        before = (self.board, self._moves, self.discussion, self.problem)
        self.board = self.live.table(self.table_id)
        board = self.board
        if board is None:
            return before[0] is not None
        if board.game is None and board.status == "open" and not board.free_seats():
            self._start(board)
            self.board = board = self.live.table(self.table_id) or board
        if board.game is not None and self.game_id != board.game:
            self._load(board.game)
        if self.game is not None and not self.problem:
            self._catch_up()
            self._keep_discussion()
            if self.game.over and board.status == "playing":
                self.live.set_table_status(self.table_id, "finished")
                self.board = self.live.table(self.table_id) or board
        return before != (self.board, self._moves, self.discussion, self.problem)

    def _start(self, board: BoardTable) -> None:
        """Start the shared game and bind it to the table in one transaction: of several devices that see
        the last seat taken, one starts it and the others find it bound (no stray game is left behind)."""
        record = self.live.record
        with record._write() as db:
            bound = db.execute(
                "SELECT game, status FROM board_table WHERE id=? AND session=?", (board.id, self.live.session)
            ).fetchone()
            if bound is None or bound[0] is not None or bound[1] != "open":
                return
            # Read again inside the transaction: a student may have left since the poll.
            members = dict(
                db.execute("SELECT seat, student FROM table_member WHERE tbl=? AND seat IS NOT NULL", (board.id,))
            )
            if set(members) != set(board.seats):
                return
            game = record._new_game(
                db,
                self.live.session,
                members,
                secrets.randbelow(2**31),
                uuid.uuid4().hex,
                board.label,
                self.clock(),
            )
            db.execute("UPDATE board_table SET game=?, status='playing' WHERE id=? AND game IS NULL", (game, board.id))

    def _load(self, game_id: int) -> None:
        rows = self.live.record._rows("SELECT seed, uid FROM game WHERE id=?", (game_id,))
        if not rows or self.board is None:
            self.problem = f"game {game_id} is missing from the record"
            return
        seed, uid = rows[0]
        try:
            self.game = Game(self.plan, self.board.seats, int(seed), uid=str(uid))
        except ChoiceError as exc:
            self.problem = str(exc)
            return
        self.game_id, self._moves, self._spent = game_id, -1, {}

    def _catch_up(self) -> None:
        """Apply the rows this device has not seen yet, in order."""
        game, game_id = self.game, self.game_id
        assert game is not None and game_id is not None
        rows = self.live.record._rows("SELECT moves FROM game WHERE id=?", (game_id,))
        moves = int(rows[0][0]) if rows else 0
        if moves == self._moves:
            return
        for row in self.live.record.choices(game_id)[len(game.choices) :]:
            pending = game.pending
            if pending is None or pending.decision.id != row.decision or row.seat not in pending.waiting:
                self.problem = f"move {row.index + 1} ({row.decision}, {row.seat}) does not fit the game"
                return
            try:
                game.choose(row.option, row.seat, timed_out=row.timed_out)
            except ChoiceError as exc:
                self.problem = f"move {row.index + 1}: {exc}"
                return
        self._moves = len(game.choices)

    def _turn(self) -> int:
        """The number of moves made when the pending decision came up (a vote's ballots come after it)."""
        game = self.game
        assert game is not None and game.pending is not None
        return len(game.choices) - len(game.pending.ballots)

    def _keep_discussion(self) -> None:
        """Open the discussion before a vote (the first device to see the vote does), and note its end."""
        game, board = self.game, self.board
        assert game is not None and board is not None
        pending = game.pending
        if pending is None or pending.decision.vote is None:
            self.discussion = None
            return
        turn, decision = self._turn(), pending.decision.id
        found = self.live.discussion(self.table_id, turn, decision)
        if found is None:
            found = self.live.open_discussion(self.table_id, turn, decision, board.discussion)
        # a paused class keeps its discussion open: resuming moves its end on by the pause (LiveClass.pause)
        if found.ended_by is None and found.left(self.clock()) <= 0 and not self.live.control().paused:
            self.live.end_discussion(self.table_id, turn, decision, "time")
            found = self.live.discussion(self.table_id, turn, decision) or found
        self.discussion = found

    def discussing(self) -> bool:
        found = self.discussion
        if found is None or found.ended_by is not None:
            return False
        return found.left(self.clock()) > 0 or self.live.control().paused

    # --- what a device may show -------------------------------------------------------------

    def view(self) -> SeatView:
        board, game, seat = self.board, self.game, self.seat
        if board is None or board.status == "closed":
            return SeatView(Phase.CLOSED, seat, board or BoardTable(self.table_id, "", (), 0, None, "closed"))
        if self.problem:
            return SeatView(Phase.BROKEN, seat, board, problem=self.problem)
        if game is None:
            return SeatView(Phase.WAITING, seat, board)
        log = tuple(e for e in game.log if self.sees(e.visible_to, seat))
        seen = SeatView(
            Phase.ENDED,
            seat,
            board,
            minute=game.state.minute,
            log=log,
            meters=self._meters(game),
            tally=next((e for e in reversed(log) if e.kind == "vote"), None),
        )
        pending = game.pending
        if game.over or pending is None:
            return replace(seen, ending=game.ending)
        decision, vote = pending.decision, pending.decision.vote
        talking = vote is not None and self.discussing()
        if vote is None:
            deciding: tuple[str, ...] = (pending.seat,)
            allowed = seat == pending.seat
        else:
            deciding = tuple(pending.waiting)
            allowed = self.sees(decision.visible_to, seat) or seat in vote.voters
        yours = seat in deciding and not talking
        return replace(
            seen,
            phase=Phase.DISCUSSION if talking else Phase.DECIDING,
            deciding=deciding,
            vote=vote is not None,
            cast=tuple(s for s in vote.voters if s in pending.ballots) if vote is not None else (),
            decision=decision if allowed else None,
            options=tuple(game.options(seat)) if yours else (),
            yours=yours,
            own_ballot=pending.ballots.get(seat) if seat is not None else None,
            discussion=self.discussion if vote is not None else None,
        )

    def sees(self, visible_to: frozenset[str] | None, seat: str | None) -> bool:
        """Whether ``seat`` may see what is shown to ``visible_to``. An observer sees what every seat at the
        table may see: the table's common knowledge, so nothing an observer says in the room can tell a
        seat what only another seat knows."""
        if visible_to is None:
            return True
        if seat is not None:
            return seat in visible_to
        return self.board is not None and visible_to.issuperset(self.board.seats)

    def _meters(self, game: Game) -> tuple[Meter, ...]:
        changes = game.changes_since_last_decision()
        shown = [m.id for m in self.plan.model.meters if m.visible]
        shown += [c.id for c in self.plan.model.counters if c.visible]
        return tuple(Meter(k, int(game.values[k]), changes.get(k, 0)) for k in shown)

    # --- acting -----------------------------------------------------------------------------

    def choose(self, option: str) -> Written:
        """This device's seat takes ``option``, written at the next index of the record."""
        return self._act(self.seat, option, timed_out=False)

    def _act(self, seat: str | None, option: str, *, timed_out: bool) -> Written:
        raced = 0
        while True:
            refusal = self._refusal(seat)
            if refusal:
                return Written(False, refusal, raced)
            assert seat is not None and self.game is not None
            try:
                self._write(seat, option, timed_out)
            except ChoiceError:
                return Written(False, "table.refused.option", raced)
            except RecordError:
                # Another device wrote this move first: catch up, and try again if the move still stands.
                raced += 1
                if raced > RETRIES:
                    return Written(False, "table.refused.busy", raced)
                self.poll()
                continue
            self.poll()
            return Written(True, "", raced)

    def _refusal(self, seat: str | None) -> str:
        game = self.game
        if seat is None:
            return "table.refused.observer"
        if game is None or self.problem:
            return "table.refused.not_started"
        pending = game.pending
        if pending is None:
            return "table.refused.over"
        if seat not in pending.waiting or (pending.decision.vote is None and seat != pending.seat):
            return "table.refused.not_yours"
        if pending.decision.vote is not None and self.discussing():
            return "table.refused.discussion"
        return ""

    def _write(self, seat: str, option: str, timed_out: bool) -> None:
        """Make the move here, then in the record; a move the record refuses is taken back here."""
        game, game_id = self.game, self.game_id
        assert game is not None and game.pending is not None and game_id is not None
        decision = game.pending.decision
        marked = game.historical_option(decision, seat)
        history = marked.id if marked is not None else None
        row = ChoiceRow(
            len(game.choices),
            decision.id,
            seat,
            option,
            history,
            game.state.minute,
            self.clock(),
            timed_out,
            verdict(option, history, timed_out),
        )
        game.choose(option, seat, timed_out=timed_out)
        try:
            self.live.record.add_choice(game_id, row, ending=game.ending.id if game.ending else None)
        except BaseException:
            game.undo()
            raise
        self._moves = len(game.choices)

    def end_discussion(self) -> bool:
        """End the running discussion for the table; only a seat at it may (the teacher does it from the dashboard)."""
        found, seat = self.discussion, self.seat
        if seat is None or found is None or found.ended_by is not None:
            return False
        self.live.end_discussion(self.table_id, found.moves, found.decision, seat)
        self.poll()
        return True

    # --- time ---------------------------------------------------------------------------------

    def time_left(self) -> float | None:
        """Seconds this device's seat has left on its decision; None when it has none running."""
        limit = self.settings.time_limit
        view_seat, game = self.seat, self.game
        if not limit or view_seat is None or game is None or self._refusal(view_seat):
            return None
        return max(0.0, limit - self._spent.get(self._key(view_seat), 0.0))

    def _key(self, seat: str) -> tuple[int, str, str]:
        game = self.game
        assert game is not None and game.pending is not None
        return (self._turn(), game.pending.decision.id, seat)

    def tick(self, seconds: float) -> list[TimedOut]:
        """Let ``seconds`` of decision time pass (the screen calls this, not while the class is paused).

        When this device's seat runs out, the game's ``on_timeout`` setting takes its option; a seat whose
        device has gone quiet is timed out by another device at the table ``GRACE`` seconds later.
        """
        limit, game, mine = self.settings.time_limit, self.game, self.seat
        if not limit or game is None or mine is None or game.pending is None:
            return []
        out = []
        for seat in list(game.pending.waiting):
            if self._refusal(seat):
                continue
            key = self._key(seat)
            self._spent[key] = self._spent.get(key, 0.0) + seconds
            if self._spent[key] >= limit + (0 if seat == mine else GRACE):
                event = self.time_out(seat)
                if event is not None:
                    out.append(event)
                if game.pending is None:
                    break
        return out

    def time_out(self, seat: str) -> TimedOut | None:
        """``seat``'s time is up: the option the settings name is written for it, marked as timed out."""
        game = self.game
        if game is None or game.pending is None or self._refusal(seat):
            return None
        picked = timeout_choice(game, self.settings.on_timeout, seat)
        decision = game.pending.decision.id
        written = self._act(seat, picked.option.id, timed_out=True)
        return TimedOut(seat, decision, picked.option.id, picked.reason.key) if written.ok else None

    # --- the record of the table ----------------------------------------------------------------

    def names(self) -> dict[str, str]:
        """Seat -> the name of the student sitting there."""
        board = self.board
        if board is None:
            return {}
        out = {}
        for seat, who in board.members.items():
            student = self.live.student(who)
            out[seat] = student.name if student is not None else "?"
        return out

    def transcript(self, lang: str) -> str | None:
        """The table's transcript in Markdown, every seat's choices with who sat there; None until the end
        (it lists every ballot)."""
        from .. import saves
        from . import transcript
        from .walkthrough import walk

        game = self.game
        if game is None or not game.over:
            return None
        w = walk(self.plan, saves.snapshot(game, lang=lang))
        w.names = self.names()
        return transcript.markdown(w)
