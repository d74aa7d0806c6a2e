"""Teacher settings: a TOML file and command-line flags, the flags winning.

    # boardroom.toml
    lang = "zh"
    seats = ["toner", "sutskever", "altman"]   # seats students may choose
    time_limit = 90                            # seconds per decision; 0 = off
    on_timeout = "inaction"                    # inaction | policy | historical
    hide_history = true                        # the history panel stays hidden until the ending
    allow_undo = false                         # for assessed play
    autosave = "per-game"                      # per-seat (default) or per-game: one file per playthrough

The file is found at ``--settings FILE``, else ``BOARDROOM_SETTINGS``, else
``boardroom.toml`` in the working folder.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

FILE_NAME = "boardroom.toml"


class SettingsError(Exception):
    pass


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Literal["en", "zh"] | None = None
    seats: list[str] | None = Field(None, description="Seats that may be chosen; default all playable seats.")
    time_limit: int = Field(0, ge=0, le=3600, description="Seconds per decision; 0 turns the timer off.")
    on_timeout: Literal["inaction", "policy", "historical"] = "inaction"
    hide_history: bool = False
    allow_undo: bool = True
    autosave: Literal["per-seat", "per-game"] = Field(
        "per-seat", description="per-seat: one autosave per scenario and seat; per-game: one per playthrough."
    )

    def autosave_slot(self, scenario: str, seats: list[str], uid: str) -> str:
        from .saves import autosave_slot

        return autosave_slot(scenario, seats, uid if self.autosave == "per-game" else None)

    def as_dict(self) -> dict[str, object]:
        return self.model_dump(exclude_defaults=True)


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
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or 'file'}: {err['msg']}" for err in exc.errors(include_url=False)
        )
        raise SettingsError(f"{path}: {problems}") from None


def merge(base: Settings, **flags: object) -> Settings:
    """Command-line flags over the file; a flag left as None keeps the file's value."""
    data = base.model_dump()
    data.update({k: v for k, v in flags.items() if v is not None})
    return Settings.model_validate(data)
