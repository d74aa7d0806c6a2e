"""Versioned save files, written atomically, read as untrusted data.

A save holds what rebuilds a game: the scenario id and content hash, the seats,
the seed and the list of choices. Loading replays the choices, so a save made
before a scenario was edited still loads up to the first choice that no longer
fits, and the game says where that was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import safefile
from .engine import ChoiceError, Game
from .safefile import sweep, write_atomic
from .sanitize import clean_line, clean_tree
from .scenario.models import Id, ScenarioId
from .scenario.plan import Plan

__all__ = ["SaveEntry", "SaveError", "SaveFile", "list_saves", "read", "restore", "sweep", "write", "write_atomic"]

FORMAT: Literal["boardroom-save"] = "boardroom-save"
VERSION = 1
MAX_SAVE_BYTES = 4 * 1024 * 1024
MAX_SETTINGS_DEPTH = 8
MAX_CHOICES = 5000  # a game makes a few dozen; a hostile file should not cost minutes to replay
SUFFIX = ".json"
_SLOT = re.compile(r"[^A-Za-z0-9_-]+")
_BOM = b"\xef\xbb\xbf"


class SaveError(Exception):
    """A save that cannot be used, with a message for the player. The file is left alone."""


class SaveFile(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)

    format: Literal["boardroom-save"]
    version: int
    scenario: ScenarioId  # an id, never a path: it is looked up among the installed scenarios
    scenario_hash: str
    seats: list[Id] = Field(min_length=1)
    seed: int = Field(0, ge=-(2**63), lt=2**63)
    game_id: str = ""  # one playthrough, across its saves and transcripts
    lang: str = "en"
    label: str = ""
    saved_at: str = ""
    autosave: bool = False
    choices: list[tuple[str, str, str]] = Field([], max_length=MAX_CHOICES)
    # Indexes into ``choices`` of those the decision timer made when a player's time ran out.
    timeouts: list[Annotated[int, Field(ge=0, lt=MAX_CHOICES)]] = Field([], max_length=MAX_CHOICES)
    # Written for people and the class report; ignored when a game is restored.
    ending: str | None = None
    clock: str | None = None
    settings: dict[str, Any] = {}

    @field_validator("label", "saved_at", "clock", "game_id", "lang", "ending")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        # Shown in the Load dialog and in reports; clean_tree already removed escapes, this removes breaks.
        return None if value is None else clean_line(value)[:200]

    @field_validator("settings")
    @classmethod
    def _shallow(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Settings are a few flat values; deep nesting would break writing the save again (and reports).
        stack: list[tuple[Any, int]] = [(value, 1)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_SETTINGS_DEPTH:
                raise ValueError(f"nested more than {MAX_SETTINGS_DEPTH} levels deep")
            children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            stack.extend((child, depth + 1) for child in children)
        return value

    @field_validator("choices")
    @classmethod
    def _choice_ids(cls, value: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        return [(clean_line(d)[:64], clean_line(s)[:64], clean_line(o)[:64]) for d, s, o in value]


@dataclass
class SaveEntry:
    path: Path
    data: SaveFile | None
    error: str | None = None

    @property
    def slot(self) -> str:
        return clean_line(self.path.stem)  # a file name is chosen by whoever made the file


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
        timeouts=[i for i, c in enumerate(game.choices) if c.timed_out],
        ending=game.ending.id if game.ending else None,
        clock=plan.time(game.state.minute).strftime("%Y-%m-%d %H:%M"),
        settings=settings or {},
    )


def dumps(data: SaveFile) -> str:
    """A save as JSON text: one key a line, each value on its line, so that a person can still read it.

    Given ``indent``, Python's json gives up its C encoder for a pure-Python one, and a long game's autosave
    then cost more than the rest of a keypress (benchmarks/keypress.py); this way the C encoder does the work.
    """
    fields = data.model_dump(mode="json")
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write(folder: Path, slot: str, data: SaveFile) -> Path:
    path = slot_file(folder, slot)
    write_atomic(path, dumps(data))
    return path


def read(path: Path, *, folder: Path | None = None) -> SaveFile:
    """Read one save; every way it can fail is a SaveError naming the file. With ``folder``, the file
    must also resolve to a place inside that folder."""
    name = safefile.shown(path.name)
    try:
        raw = safefile.read_limited(path, MAX_SAVE_BYTES, folder=folder)
    except safefile.Refused as exc:
        raise SaveError(f"{name}: not read: {exc}") from None
    if raw.startswith(_BOM):  # some editors add one; it is still UTF-8 JSON
        raw = raw[len(_BOM) :]
    try:
        obj = clean_tree(json.loads(raw.decode("utf-8")))
    except UnicodeDecodeError:
        raise SaveError(f"{name}: not a Boardroom save (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"{name}: damaged or truncated at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise SaveError(f"{name}: not a Boardroom save (nested too deeply)") from None
    except ValueError as exc:  # an integer of thousands of digits, among others
        raise SaveError(f"{name}: not a Boardroom save ({clean_line(str(exc))[:120]})") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SaveError(f"{name}: not a Boardroom save")
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{name}: save has no valid version number")
    if version > VERSION:
        raise SaveError(
            f"{name}: made by a newer Boardroom (save format {version if version < 10**6 else 'unknown'}; "
            f"this one reads {VERSION}). Update the game to load it."
        )
    try:
        return SaveFile.model_validate(obj)
    except (ValidationError, RecursionError, ValueError) as exc:
        if not isinstance(exc, ValidationError):
            raise SaveError(f"{name}: damaged save") from None
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(x) for x in first["loc"])
        raise SaveError(f"{name}: damaged save ({clean_line(where)[:80]}: {first['msg']})") from None


def list_saves(folder: Path) -> list[SaveEntry]:
    """Every save in ``folder``, newest first; broken files are listed with their error."""
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith("."):
            continue
        try:
            entries.append(SaveEntry(path, read(path, folder=folder)))
        except SaveError as exc:
            entries.append(SaveEntry(path, None, str(exc)))

    def mtime(entry: SaveEntry) -> float:
        try:
            return entry.path.lstat().st_mtime
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
    timeouts = set(data.timeouts)
    for index, (decision, seat, option) in enumerate(data.choices):
        pending = game.pending
        if pending is None or pending.decision.id != decision or seat not in pending.waiting:
            now = pending.decision.id if pending else "the ending"
            reason = f"choice {index + 1} was for '{decision}', but the game is now at {now}"
            return Restored(game, index, reason, changed, list(data.choices[index:]))
        try:
            game.choose(option, seat, timed_out=index in timeouts)
        except ChoiceError as exc:
            return Restored(game, index, f"choice {index + 1}: {exc}", changed, list(data.choices[index:]))
    return Restored(game, None, None, changed)
