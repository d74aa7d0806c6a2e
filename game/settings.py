"""Teacher settings: a TOML file and command-line flags, the flags winning.

    # boardroom.toml
    lang = "zh"
    seats = ["toner", "sutskever", "altman"]   # seats students may choose
    time_limit = 90                            # seconds per decision; 0 = off
    on_timeout = "inaction"                    # inaction | policy | historical
    hide_history = true                        # the history panel stays hidden until the ending
    allow_undo = false                         # for assessed play
    autosave = "per-game"                      # per-seat (default) or per-game: one file per playthrough
    aftermath = false                          # no "what happened" card after each choice (the log keeps all)

The file is found at ``--settings FILE``, else ``BOARDROOM_SETTINGS``, else
``boardroom.toml`` in the working folder.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scenario.plan import Plan

FILE_NAME = "boardroom.toml"
MAX_BYTES = 64 * 1024  # a settings file is a few lines

# A plain dataclass, not a pydantic model: settings are read before the first screen, and the
# game reaches that screen sooner without importing pydantic (see docs/performance.md).
CHOICES: dict[str, tuple[object, ...]] = {
    "lang": (None, "en", "zh"),
    "on_timeout": ("inaction", "policy", "historical"),
    "autosave": ("per-seat", "per-game"),
}


class SettingsError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    lang: str | None = None  # en or zh
    seats: list[str] | None = None  # seats that may be chosen; default all playable seats
    time_limit: int = 0  # seconds per decision; 0 turns the timer off
    on_timeout: str = "inaction"  # inaction | policy | historical
    hide_history: bool = False
    allow_undo: bool = True
    autosave: str = "per-seat"  # per-seat: one autosave per scenario and seat; per-game: one per playthrough
    aftermath: bool = True  # after each choice, a card says what it caused; the last days are told before the ending

    def __post_init__(self) -> None:
        problems = check(asdict(self))
        if problems:
            raise SettingsError("; ".join(problems))

    def allowed_seats(self, plan: Plan) -> list[str]:
        """The playable seats these settings let players choose, in the scenario's order."""
        return [s.id for s in plan.playable_seats() if self.seats is None or s.id in self.seats]

    def autosave_slot(self, scenario: str, seats: list[str], uid: str) -> str:
        from .saves import autosave_slot

        return autosave_slot(scenario, seats, uid if self.autosave == "per-game" else None)

    def as_dict(self) -> dict[str, object]:
        default = Settings()
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)
        }


def check(data: dict[str, Any]) -> list[str]:
    """Every problem with a settings mapping, each as 'key: what is wrong'."""
    known = {f.name for f in fields(Settings)}
    problems = [
        f"{key}: unknown setting (expected one of: {', '.join(sorted(known))})" for key in data if key not in known
    ]
    for key, allowed in CHOICES.items():
        if key in data and data[key] not in allowed:
            problems.append(f"{key}: must be one of {', '.join(repr(a) for a in allowed if a is not None)}")
    limit = data.get("time_limit", 0)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 3600:
        problems.append("time_limit: a whole number of seconds from 0 (off) to 3600")
    for key in ("hide_history", "allow_undo", "aftermath"):
        if key in data and not isinstance(data[key], bool):
            problems.append(f"{key}: true or false")
    seats = data.get("seats")
    if seats is not None and (not isinstance(seats, list) or not all(isinstance(s, str) for s in seats)):
        problems.append('seats: a list of seat ids, e.g. ["toner", "altman"]')
    return problems


def find_file(explicit: str | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get("BOARDROOM_SETTINGS")
    if env:
        return Path(env)
    local = Path.cwd() / FILE_NAME
    return local if local.is_file() else None


def load(explicit: str | None = None) -> Settings:
    path = find_file(explicit)
    if path is None:
        return Settings()
    import tomllib  # here, since most launches have no settings file to read

    from .safefile import Refused, read_limited, shown
    from .sanitize import clean_tree

    try:
        raw = clean_tree(tomllib.loads(read_limited(path, MAX_BYTES).decode("utf-8-sig")))
    except Refused as exc:
        raise SettingsError(f"{shown(path)}: not read: {exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise SettingsError(f"{shown(path)}: {shown(exc)}") from None
    problems = check(raw)
    if problems:
        raise SettingsError(f"{shown(path)}: {'; '.join(problems)}")
    return Settings(**raw)


def merge(base: Settings, **flags: object) -> Settings:
    """Command-line flags over the file; a flag left as None keeps the file's value."""
    chosen = {k: v for k, v in flags.items() if v is not None}
    problems = check(chosen)
    if problems:
        raise SettingsError("; ".join(problems))
    return replace(base, **chosen)  # type: ignore[arg-type]  # check() above vouched for each value's type
