"""Modules loaded on first use, so the game's first screen does not wait for what it does not show.

The title screen needs neither the scenario loader (and pydantic) nor the play
screens; importing them lazily keeps start-up within a whisker of a bare Textual
app (benchmarks/run.py measures it).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name``, imported the first time one of its attributes is read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
