"""The class record: one SQLite file holding a class session, its students, games, choices and reflections.

Why SQLite: one class is one file a teacher can copy, mail or delete; writes are transactions, so a
crash (or a pulled plug) leaves whole games and whole choices, never half of one; and there is no server
to run. Forty students make a few writes a minute each, far below what one WAL-mode file takes.

Every write is one short ``BEGIN IMMEDIATE`` transaction: the write lock is taken at the start, so two
writers queue on the busy timeout instead of failing half-way. WAL mode lets the dashboard read while a
student's choice is written.

Everything read back is untrusted: a record may come from another machine. A file is opened read-only
with ``trusted_schema`` off (a hostile schema cannot run functions on read), checked, and every string
taken from it is cleaned before it is returned. Rows are bounded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..sanitize import clean, clean_line
from ..verdict import Verdict

# Each entry takes the schema from the version before it to its own number (PRAGMA user_version).
# A release that changes the schema appends a step; an older file is brought up to date when opened for
# writing, inside one transaction. Never edit a step that has shipped.
MIGRATIONS: tuple[str, ...] = (
    # 1: the record itself
    """
    CREATE TABLE session(
        id INTEGER PRIMARY KEY,
        scenario TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        join_code TEXT NOT NULL UNIQUE,
        teacher_hash TEXT NOT NULL,
        salt BLOB NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE student(
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES session(id),
        name TEXT NOT NULL,
        joined REAL NOT NULL,
        UNIQUE(session, name)
    );
    CREATE TABLE game(
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES session(id),
        uid TEXT NOT NULL UNIQUE,
        seed INTEGER NOT NULL,
        grp TEXT,
        status TEXT NOT NULL CHECK(status IN ('playing', 'finished', 'abandoned')),
        ending TEXT,
        moves INTEGER NOT NULL DEFAULT 0,
        started REAL NOT NULL,
        finished REAL
    );
    CREATE TABLE player(
        game INTEGER NOT NULL REFERENCES game(id),
        seat TEXT NOT NULL,
        student INTEGER NOT NULL REFERENCES student(id),
        PRIMARY KEY(game, seat)
    );
    CREATE TABLE choice(
        game INTEGER NOT NULL REFERENCES game(id),
        idx INTEGER NOT NULL,
        decision TEXT NOT NULL,
        seat TEXT NOT NULL,
        option TEXT NOT NULL,
        history TEXT,
        minute INTEGER NOT NULL,
        at REAL NOT NULL,
        timed_out INTEGER NOT NULL,
        verdict TEXT NOT NULL CHECK(verdict IN ('same', 'diverged', 'silent', 'timed_out')),
        PRIMARY KEY(game, idx)
    );
    CREATE TABLE reflection(
        id INTEGER PRIMARY KEY,
        student INTEGER NOT NULL REFERENCES student(id),
        game INTEGER REFERENCES game(id),
        prompt TEXT NOT NULL,
        answer TEXT NOT NULL,
        at REAL NOT NULL
    );
    """,
    # 2: what the teacher's dashboard asks every few seconds
    """
    CREATE INDEX game_by_session ON game(session, status);
    CREATE INDEX player_by_student ON player(student);
    CREATE INDEX reflection_by_student ON reflection(student);
    """,
    # 3: a live class: the teacher's controls, where each student is, and board tables across devices
    """
    CREATE TABLE control(
        session INTEGER PRIMARY KEY REFERENCES session(id),
        paused INTEGER NOT NULL DEFAULT 0,
        warning_until REAL,
        debrief INTEGER NOT NULL DEFAULT 0,
        prompt TEXT NOT NULL DEFAULT '',
        seat_mode TEXT NOT NULL DEFAULT 'free' CHECK(seat_mode IN ('free', 'assigned', 'balanced')),
        revision INTEGER NOT NULL DEFAULT 0,
        updated REAL NOT NULL
    );
    ALTER TABLE student ADD COLUMN seat TEXT;
    ALTER TABLE student ADD COLUMN key_hash TEXT;
    CREATE TABLE presence(
        student INTEGER PRIMARY KEY REFERENCES student(id),
        screen TEXT NOT NULL,
        game INTEGER REFERENCES game(id),
        seat TEXT,
        decision TEXT,
        seen REAL NOT NULL
    );
    CREATE TABLE board_table(
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES session(id),
        label TEXT NOT NULL,
        seats TEXT NOT NULL,
        discussion INTEGER NOT NULL,
        game INTEGER REFERENCES game(id),
        status TEXT NOT NULL CHECK(status IN ('open', 'playing', 'finished', 'closed')),
        created REAL NOT NULL
    );
    CREATE TABLE table_member(
        tbl INTEGER NOT NULL REFERENCES board_table(id),
        student INTEGER NOT NULL REFERENCES student(id),
        seat TEXT,
        joined REAL NOT NULL,
        PRIMARY KEY(tbl, student),
        UNIQUE(tbl, seat)
    );
    CREATE TABLE discussion(
        tbl INTEGER NOT NULL REFERENCES board_table(id),
        moves INTEGER NOT NULL,
        decision TEXT NOT NULL,
        ends REAL NOT NULL,
        ended_by TEXT,
        PRIMARY KEY(tbl, moves, decision)
    );
    CREATE INDEX table_by_session ON board_table(session);
    """,
    # 4: when the teacher paused, so a table's discussion gets back the time the pause took
    """
    ALTER TABLE control ADD COLUMN paused_at REAL;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_MS = 10_000  # forty writers at a few writes a minute each never wait this long
MAX_BYTES = 512 * 1024 * 1024
MAX_ROWS = 200_000  # of any one table read back; a class makes a few thousand
MAX_TEXT = 4000  # characters of a reflection kept on write and on read
_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


class RecordError(Exception):
    """A class record that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class Session:
    id: int
    scenario: str
    settings: dict[str, Any]
    join_code: str
    created: float


@dataclass(frozen=True)
class Student:
    id: int
    session: int
    name: str
    joined: float


@dataclass(frozen=True)
class GameRow:
    id: int
    session: int
    uid: str
    seed: int
    group: str | None
    status: str
    ending: str | None
    moves: int
    started: float
    finished: float | None
    players: dict[str, int]  # seat -> student id


@dataclass(frozen=True)
class ChoiceRow:
    index: int
    decision: str
    seat: str
    option: str
    history: str | None  # history's option for this seat here; None where the record is silent
    minute: int  # in-world minutes from the scenario's start
    at: float  # real time, seconds since the epoch
    timed_out: bool
    verdict: Verdict


@dataclass(frozen=True)
class Reflection:
    student: int
    game: int | None
    prompt: str
    answer: str
    at: float


def hash_token(token: str) -> str:
    """The teacher's token is random and long, so one round of SHA-256 is enough to keep it off the disk."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _ident(value: object, what: str) -> str:
    """An id read back (scenario, seat, decision, option, ending): it must look like one."""
    if not isinstance(value, str) or not _ID.match(value):
        raise RecordError(f"damaged class record: {what} {clean_line(str(value))[:40]!r} is not an id")
    return value


def _text(value: object, limit: int = MAX_TEXT) -> str:
    return clean(value)[:limit] if isinstance(value, str) else ""


def _line(value: object, limit: int = 200) -> str:
    return clean_line(value)[:limit] if isinstance(value, str) else ""


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class ClassRecord:
    """One class record file. Open for writing with :meth:`create` or :meth:`open`, for reading with :meth:`read`."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.db = connection
        self.path = path

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> ClassRecord:
        """Open (creating it if missing) a record to write to; an older schema is migrated."""
        if path.exists() or path.is_symlink():
            _check_file(path)
        db = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        with _closed_on_error(db, path):
            db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            db.execute("PRAGMA trusted_schema = OFF")
            if db.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise RecordError(f"{clean_line(str(path))}: cannot use write-ahead logging here")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash loses at most the last commits
            db.execute("PRAGMA foreign_keys = ON")
            _migrate(db, path)
        return cls(db, path)

    @classmethod
    def read(cls, path: Path) -> ClassRecord:
        """Open a record, perhaps a stranger's, only to read it."""
        _check_file(path)
        uri = "file:" + _quote(path.resolve()) + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=BUSY_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise RecordError(f"{clean_line(str(path))}: cannot open it ({clean_line(str(exc))})") from None
        with _closed_on_error(db, path):
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA query_only = ON")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _newer(path, version)
            if version < 1:
                raise RecordError(f"{clean_line(str(path))}: not a class record")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise RecordError(f"{clean_line(str(path))}: the class record is damaged")
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ClassRecord:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its start; rolled back on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------------

    def create_session(
        self, scenario: str, teacher_token: str, *, join_code: str | None = None, settings: dict[str, Any] | None = None
    ) -> Session:
        code = join_code or new_join_code()
        now = time.time()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO session(scenario, settings, join_code, teacher_hash, salt, created) VALUES (?,?,?,?,?,?)",
                (
                    _ident(scenario, "scenario"),
                    json.dumps(settings or {}),
                    code,
                    hash_token(teacher_token),
                    secrets.token_bytes(16),
                    now,
                ),
            )
        return Session(int(cur.lastrowid or 0), scenario, dict(settings or {}), code, now)

    def join(self, session: int, name: str) -> Student:
        """The student of that name in the session: joining again (another tab, another device) resumes."""
        name = clean_line(name).strip()[:80]
        if not name:
            raise RecordError("a student needs a name or a pseudonym")
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO student(session, name, joined) VALUES (?,?,?)", (session, name, time.time())
            )
            row = db.execute("SELECT id, joined FROM student WHERE session=? AND name=?", (session, name)).fetchone()
        return Student(row[0], session, name, row[1])

    def start_game(
        self, session: int, players: dict[str, int], seed: int, uid: str, *, group: str | None = None
    ) -> int:
        """A new game; ``players`` maps each played seat to its student (a table has several)."""
        with self._write() as db:
            return self._new_game(db, session, players, seed, uid, group, time.time())

    def add_choice(self, game: int, choice: ChoiceRow, *, ending: str | None = None) -> None:
        """One choice, and the game's end if it ended the game, in one transaction: all of it or none."""
        with self._write() as db:
            self._insert_choices(db, game, [choice])
            if ending is not None:
                self._finish(db, game, ending)

    def add_game(
        self,
        session: int,
        players: dict[str, int],
        seed: int,
        uid: str,
        choices: Sequence[ChoiceRow],
        *,
        ending: str | None,
        group: str | None = None,
    ) -> int:
        """A whole game at once (imported from a save, or played where the record was not reachable)."""
        started = min((c.at for c in choices), default=time.time())
        with self._write() as db:
            game = self._new_game(db, session, players, seed, uid, group, started)
            self._insert_choices(db, game, choices)
            if ending is not None:
                self._finish(db, game, ending)
        return game

    def abandon(self, game: int) -> None:
        with self._write() as db:
            db.execute("UPDATE game SET status='abandoned' WHERE id=? AND status='playing'", (game,))

    def reflect(self, student: int, prompt: str, answer: str, *, game: int | None = None) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO reflection(student, game, prompt, answer, at) VALUES (?,?,?,?,?)",
                (student, game, clean(prompt)[:MAX_TEXT], clean(answer)[:MAX_TEXT], time.time()),
            )

    @staticmethod
    def _new_game(
        db: sqlite3.Connection,
        session: int,
        players: dict[str, int],
        seed: int,
        uid: str,
        group: str | None,
        started: float,
    ) -> int:
        cur = db.execute(
            "INSERT INTO game(session, uid, seed, grp, status, started) VALUES (?,?,?,?, 'playing', ?)",
            (session, uid, seed, group, started),
        )
        game = int(cur.lastrowid or 0)
        db.executemany(
            "INSERT INTO player(game, seat, student) VALUES (?,?,?)",
            [(game, _ident(seat, "seat"), student) for seat, student in players.items()],
        )
        return game

    @staticmethod
    def _insert_choices(db: sqlite3.Connection, game: int, choices: Sequence[ChoiceRow]) -> None:
        moves = db.execute("SELECT moves FROM game WHERE id=?", (game,)).fetchone()
        if moves is None:
            raise RecordError(f"no game {game} in this record")
        for offset, c in enumerate(choices):
            if c.index != moves[0] + offset:
                raise RecordError(f"game {game}: choice {c.index} arrives out of turn (expected {moves[0] + offset})")
        db.executemany(
            "INSERT INTO choice(game, idx, decision, seat, option, history, minute, at, timed_out, verdict) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    game,
                    c.index,
                    _ident(c.decision, "decision"),
                    _ident(c.seat, "seat"),
                    _ident(c.option, "option"),
                    None if c.history is None else _ident(c.history, "option"),
                    c.minute,
                    c.at,
                    int(c.timed_out),
                    Verdict(c.verdict).value,
                )
                for c in choices
            ],
        )
        db.execute("UPDATE game SET moves = moves + ? WHERE id=?", (len(choices), game))

    @staticmethod
    def _finish(db: sqlite3.Connection, game: int, ending: str) -> None:
        db.execute(
            "UPDATE game SET status='finished', ending=?, finished=? WHERE id=?",
            (_ident(ending, "ending"), time.time(), game),
        )

    # --- reading (every value checked and cleaned) ------------------------------------------------

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql + f" LIMIT {MAX_ROWS}", args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RecordError(f"{clean_line(str(self.path))}: damaged class record ({clean_line(str(exc))})") from None

    def check_teacher(self, session: int, token: str) -> bool:
        rows = self._rows("SELECT teacher_hash FROM session WHERE id=?", (session,))
        return bool(rows) and isinstance(rows[0][0], str) and hmac.compare_digest(rows[0][0], hash_token(token))

    def salt(self, session: int) -> bytes:
        rows = self._rows("SELECT salt FROM session WHERE id=?", (session,))
        return bytes(rows[0][0]) if rows and isinstance(rows[0][0], bytes) else b""

    def sessions(self) -> list[Session]:
        out = []
        for sid, scenario, settings, code, created in self._rows(
            "SELECT id, scenario, settings, join_code, created FROM session ORDER BY id"
        ):
            try:
                parsed = json.loads(settings) if isinstance(settings, str) and len(settings) < 65536 else {}
            except (ValueError, RecursionError):
                parsed = {}
            out.append(
                Session(
                    _int(sid),
                    _ident(scenario, "scenario"),
                    parsed if isinstance(parsed, dict) else {},
                    _line(code, 32),
                    _number(created),
                )
            )
        return out

    def students(self, session: int | None = None) -> list[Student]:
        where, args = ("WHERE session=?", (session,)) if session is not None else ("", ())
        rows = self._rows(f"SELECT id, session, name, joined FROM student {where} ORDER BY id", args)
        return [Student(_int(i), _int(s), _line(n, 80), _number(j)) for i, s, n, j in rows]

    def games(self, session: int | None = None) -> list[GameRow]:
        players: dict[int, dict[str, int]] = {}
        for game, seat, student in self._rows("SELECT game, seat, student FROM player ORDER BY game, seat"):
            players.setdefault(_int(game), {})[_ident(seat, "seat")] = _int(student)
        where, args = ("WHERE session=?", (session,)) if session is not None else ("", ())
        rows = self._rows(
            "SELECT id, session, uid, seed, grp, status, ending, moves, started, finished "
            f"FROM game {where} ORDER BY id",
            args,
        )
        out = []
        for gid, sid, uid, seed, grp, status, ending, moves, started, finished in rows:
            out.append(
                GameRow(
                    _int(gid),
                    _int(sid),
                    _line(uid, 64),
                    _int(seed),
                    _line(grp, 80) or None,
                    status if status in ("playing", "finished", "abandoned") else "abandoned",
                    None if ending is None else _ident(ending, "ending"),
                    _int(moves),
                    _number(started),
                    None if finished is None else _number(finished),
                    players.get(_int(gid), {}),
                )
            )
        return out

    def choices(self, game: int) -> list[ChoiceRow]:
        rows = self._rows(
            "SELECT idx, decision, seat, option, history, minute, at, timed_out, verdict FROM choice "
            "WHERE game=? ORDER BY idx",
            (game,),
        )
        out = []
        for idx, decision, seat, option, history, minute, at, timed_out, verdict in rows:
            if verdict not in Verdict._value2member_map_:
                raise RecordError(f"damaged class record: game {game} has an unknown verdict")
            out.append(
                ChoiceRow(
                    _int(idx),
                    _ident(decision, "decision"),
                    _ident(seat, "seat"),
                    _ident(option, "option"),
                    None if history is None else _ident(history, "option"),
                    _int(minute),
                    _number(at),
                    bool(timed_out),
                    Verdict(verdict),
                )
            )
        return out

    def reflections(self, session: int | None = None) -> list[Reflection]:
        where, args = ("WHERE s.session=?", (session,)) if session is not None else ("", ())
        rows = self._rows(
            "SELECT r.student, r.game, r.prompt, r.answer, r.at FROM reflection r "
            f"JOIN student s ON s.id = r.student {where} ORDER BY r.id",
            args,
        )
        return [
            Reflection(_int(st), None if g is None else _int(g), _text(p), _text(a), _number(at))
            for st, g, p, a, at in rows
        ]


def new_join_code() -> str:
    """Six characters a class can read off a projector: no 0/O or 1/I/L to confuse."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def new_teacher_token() -> str:
    return secrets.token_urlsafe(24)


def _quote(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path))


def _check_file(path: Path) -> None:
    """Only a regular file of bounded size, never through a symbolic link."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise RecordError(f"{clean_line(str(path))}: cannot read it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise RecordError(f"{clean_line(str(path))}: not a regular file, so it was not opened")
    if st.st_size > MAX_BYTES:
        raise RecordError(f"{clean_line(str(path))}: {st.st_size:,} bytes; the limit is {MAX_BYTES:,}")


def _newer(path: Path, version: int) -> RecordError:
    return RecordError(
        f"{clean_line(str(path))}: made by a newer Boardroom (record schema {version}; this one knows "
        f"{SCHEMA_VERSION}). Update the game to use it."
    )


@contextmanager
def _closed_on_error(db: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Checks on a connection just opened: any failure closes it and becomes a RecordError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        db.close()
        raise RecordError(f"{clean_line(str(path))}: not a class record ({clean_line(str(exc))})") from None
    except BaseException:
        db.close()
        raise


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    db.execute("BEGIN IMMEDIATE")  # two processes opening a new file at once: one migrates, one waits
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise RecordError(f"{clean_line(str(path))}: a database, but not a class record")
        for step in range(version, SCHEMA_VERSION):
            _apply(db, step)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _apply(db: sqlite3.Connection, step: int) -> None:
    """Schema step ``step`` (0-based), inside the caller's transaction."""
    for statement in MIGRATIONS[step].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {step + 1}")


def migrate_to(path: Path, version: int) -> None:
    """Create a record at an older schema ``version`` (tests of the migration path use it)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        for step in range(version):
            _apply(db, step)
        db.execute("COMMIT")
    finally:
        db.close()
