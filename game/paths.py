"""Where scenarios, fact sheets and saves live, with overrides for tests and teachers.

Run from a checkout, the game uses the project's own folders. Installed as a
package, it uses the copies shipped inside the wheel and keeps saves in the
user's data folder (platformdirs), because site-packages is not writable.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def in_checkout() -> bool:
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "scenarios").is_dir()


def data_root() -> Path:
    return CHECKOUT if in_checkout() else PACKAGE / "_data"


def scenarios_dir() -> Path:
    override = os.environ.get("BOARDROOM_SCENARIOS_DIR")
    return Path(override) if override else data_root() / "scenarios"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def saves_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get("BOARDROOM_SAVES_DIR")
    if chosen:
        return Path(chosen)
    if in_checkout():
        return CHECKOUT / "saves"
    from platformdirs import user_data_dir

    return Path(user_data_dir("boardroom", appauthor=False)) / "saves"


def resolve_scenario(name: str) -> Path:
    """A scenario given as a bundled id (``november-2023``) or as a path."""
    as_path = Path(name)
    if as_path.exists():
        return as_path
    bundled = scenarios_dir() / name
    if bundled.exists():
        return bundled
    return as_path  # the loader reports "no such file or folder" with this name
