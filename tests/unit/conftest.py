"""Fixtures for the unit layer alone (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from game.scenario import Plan


@pytest.fixture(autouse=True, scope="session")
def unit_collector_spared() -> Iterator[None]:
    """The cycle collector skips what exists before the first unit test, and makes its full passes less often.

    By then a test process holds its modules, pytest's items and the compiled scenarios: well over a hundred
    thousand objects that live until it ends. Every full pass walked all of them and found nothing there; the
    unit tests made about sixteen such passes, two seconds of their CPU. ``gc.freeze`` sets those objects
    aside, and a full pass waits for ten times as many young passes as Python's default. Garbage is still
    collected (young passes run as often as before, and a test may call ``gc.collect``); the tests check
    the same things, only the collector's timing changes.

    The objects stay set aside after the last test: the process is about to end, and pytest's own clean-up
    makes five full passes that would otherwise walk them all again.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0], threshold[1], threshold[2] * 10)
    yield
    gc.set_threshold(*threshold)


@pytest.fixture(scope="session")
def fresh_dir(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A new empty folder at each call, named from ``prefix``: one for each example of a hypothesis test.

    ``tmp_path_factory.mktemp`` lists every folder made so far in the session to number the next one, which
    took a millisecond and more once a worker had made a thousand; these tests make hundreds.
    """
    root = tmp_path_factory.mktemp("examples")

    def make(prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=root))

    return make


@pytest.fixture(scope="session")
def mini_plan() -> Plan:
    """tests/conftest.py's ``mini_plan``, compiled once per test process instead of once per test.

    About 125 unit tests ask for it, and each compiled the same unchanged files again. They only read it:
    nothing in game/ changes a Plan once compiled, and no test assigns to one (a test that needs another
    version writes its own copy). The loader is still run on the mini scenario by the first use here and by
    the tests that call ``check`` themselves.
    """
    from game.scenario import check

    from ..helpers import MINI

    plan, problems = check(MINI)
    assert plan is not None, [p.format() for p in problems]
    return plan
