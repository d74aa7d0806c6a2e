"""Versioned save files, written atomically, read as untrusted data.

A save holds what rebuilds a game: the scenario id and content hash, the seats,
the seed and the list of choices. Loading replays the choices, so a save made
before a scenario was edited still loads up to the first choice that no longer
fits, and the game says where that was.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .engine import ChoiceError, Game
from .scenario.plan import Plan

FORMAT = "boardroom-save"
VERSION = 1
MAX_SAVE_BYTES = 4 * 1024 * 1024
SUFFIX = ".json"
_SLOT = re.compile(r"[^A-Za-z0-9_-]+")


class SaveError(Exception):
    """A save that cannot be used, with a message for the player. The file is left alone."""


class SaveFile(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)

    format: Literal["boardroom-save"]
    version: int
    scenario: str
    scenario_hash: str
    seats: list[str] = Field(min_length=1)
    seed: int = 0
    game_id: str = ""  # one playthrough, across its saves and transcripts
    lang: str = "en"
    label: str = ""
    saved_at: str = ""
    autosave: bool = False
    choices: list[tuple[str, str, str]] = []
    # Written for people and the class report; ignored when a game is restored.
    ending: str | None = None
    clock: str | None = None
    settings: dict[str, Any] = {}


@dataclass
class SaveEntry:
    path: Path
    data: SaveFile | None
    error: str | None = None

    @property
    def slot(self) -> str:
        return self.path.stem


@dataclass
class Restored:
    game: Game
    # Set when the scenario changed and a choice no longer fits.
    stopped_at: int | None = None
    reason: str | None = None
    scenario_changed: bool = False
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


def slot_name(text: str) -> str:
    name = _SLOT.sub("-", text.strip()).strip("-")[:60]
    return name or "save"


def slot_file(folder: Path, slot: str) -> Path:
    """The file of a named save slot in ``folder``: the one place a slot's path is made."""
    return folder / f"{slot_name(slot)}{SUFFIX}"


def find_slot(folder: Path, slot: str) -> Path:
    """What a player typed to load: a save file's path as given, or a slot name in ``folder``."""
    if slot.endswith(SUFFIX) or "/" in slot:
        return Path(slot)
    return slot_file(folder, slot)


def autosave_slot(scenario: str, seats: list[str], uid: str | None = None) -> str:
    """The autosave slot of a game. With its uid, every playthrough keeps its own file: when a class shares
    one saves folder (``boardroom serve``), two students in the same seat never overwrite each other."""
    suffix = f"-{uid[:8]}" if uid else ""
    return slot_name(f"autosave-{scenario}-{'-'.join(sorted(seats))}{suffix}")


def snapshot(
    game: Game, *, lang: str, label: str = "", autosave: bool = False, settings: dict[str, Any] | None = None
) -> SaveFile:
    plan = game.plan
    return SaveFile(
        format=FORMAT,
        version=VERSION,
        scenario=plan.id,
        scenario_hash=plan.content_hash,
        seats=sorted(game.players),
        seed=game.seed,
        game_id=game.uid,
        lang=lang,
        label=label,
        saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        autosave=autosave,
        choices=[(c.decision, c.seat, c.option) for c in game.choices],
        ending=game.ending.id if game.ending else None,
        clock=plan.time(game.state.minute).strftime("%Y-%m-%d %H:%M"),
        settings=settings or {},
    )


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; a save is an ordinary file that a teacher may collect.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write(folder: Path, slot: str, data: SaveFile) -> Path:
    path = slot_file(folder, slot)
    write_atomic(path, json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
    return path


def read(path: Path) -> SaveFile:
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name}: {size:,} bytes is too large for a save")
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{path.name}: not a Boardroom save (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path.name}: damaged or truncated at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SaveError(f"{path.name}: not a Boardroom save")
    version = obj.get("version")
    if not isinstance(version, int) or version < 1:
        raise SaveError(f"{path.name}: save has no valid version number")
    if version > VERSION:
        raise SaveError(
            f"{path.name}: made by a newer Boardroom (save format {version}; this one reads {VERSION}). "
            "Update the game to load it."
        )
    try:
        return SaveFile.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(x) for x in first["loc"])
        raise SaveError(f"{path.name}: damaged save ({where}: {first['msg']})") from None


def list_saves(folder: Path) -> list[SaveEntry]:
    """Every save in ``folder``, newest first; broken files are listed with their error."""
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            entries.append(SaveEntry(path, read(path)))
        except SaveError as exc:
            entries.append(SaveEntry(path, None, str(exc)))

    def mtime(entry: SaveEntry) -> float:
        try:
            return entry.path.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(entries, key=mtime, reverse=True)


def restore(plan: Plan, data: SaveFile) -> Restored:
    """Rebuild a game by replaying its choices; stops at the first choice that no longer fits."""
    if data.scenario != plan.id:
        raise SaveError(f"this save is for scenario '{data.scenario}', not '{plan.id}'")
    try:
        game = Game(plan, data.seats, data.seed, uid=data.game_id or None)
    except ChoiceError as exc:
        raise SaveError(f"this save no longer fits the scenario: {exc}") from None
    changed = data.scenario_hash != plan.content_hash
    for index, (decision, seat, option) in enumerate(data.choices):
        pending = game.pending
        if pending is None or pending.decision.id != decision or seat not in pending.waiting:
            now = pending.decision.id if pending else "the ending"
            reason = f"choice {index + 1} was for '{decision}', but the game is now at {now}"
            return Restored(game, index, reason, changed, list(data.choices[index:]))
        try:
            game.choose(option, seat)
        except ChoiceError as exc:
            return Restored(game, index, f"choice {index + 1}: {exc}", changed, list(data.choices[index:]))
    return Restored(game, None, None, changed)
