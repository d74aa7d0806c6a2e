"""``--watch``: notice when a scenario's files change on disk, by polling their modification times.

No new dependency and no threads: the app calls ``changed()`` from a Textual interval.
"""

from __future__ import annotations

import os
from pathlib import Path

PATTERNS = (".yaml", ".yml")


def _scan(folder: Path, out: dict[str, tuple[int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.endswith(PATTERNS) or entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError:  # removed while we looked
            continue
        out[entry.path] = (info.st_mtime_ns, info.st_size)


class ScenarioWatch:
    """The scenario's YAML files (a folder's, or one file's) and its seeds/ folder."""

    def __init__(self, path: Path, extra: tuple[Path, ...] = ()) -> None:
        self.path = Path(path)
        self.extra = extra
        self.last = self.signature()

    def folders(self) -> list[Path]:
        base = self.path if self.path.is_dir() else self.path.parent
        return [base, base / "seeds", *self.extra]

    def signature(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        if self.path.is_file():
            try:
                info = self.path.stat()
                found[str(self.path)] = (info.st_mtime_ns, info.st_size)
            except OSError:
                pass
            folders = self.folders()[1:]
        else:
            folders = self.folders()
        for folder in folders:
            _scan(folder, found)
        return found

    def changed(self) -> bool:
        """True once for every change to the files (added, removed or written)."""
        now = self.signature()
        if now == self.last:
            return False
        self.last = now
        return True
