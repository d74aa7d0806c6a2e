"""The cycle collector, paused while a tool builds a large graph of games that holds no reference cycles.

A run of explore or randomtest keeps tens of thousands of games alive at once. Each allocation counts
towards the collector's next pass, and every pass walks all of them, finding nothing: more than half of
exploring exodus-2024 went there. Such a run makes no cycles (tests check that), so reference counting
frees everything it drops, and the collector can rest until the run ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Turn the cycle collector off for the block, and back on afterwards if it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
