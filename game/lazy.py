"""Modules loaded on first use, so the game's first screen does not wait for what it does not show.

The title screen needs neither the scenario loader (and pydantic) nor the play
screens; importing them lazily keeps start-up within a whisker of a bare Textual
app (benchmarks/run.py measures it).
"""

from __future__ import annotations

import importlib
from types import ModuleType


class _LazyModule(ModuleType):
    def __getattr__(self, attr: str) -> object:
        # Looked up in the real module each time, so that a test's monkeypatch on it is seen here too.
        return getattr(importlib.import_module(self.__name__), attr)


def lazy_module(name: str) -> ModuleType:
    """``name``, imported the first time one of its attributes is read.

    A stand-in rather than importlib's LazyLoader, which looks the module up on disk at once: a dozen
    look-ups cost the first screen a couple of milliseconds.
    """
    return _LazyModule(name)
