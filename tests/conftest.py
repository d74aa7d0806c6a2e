"""Shared fixtures (UI ones are prefixed ``ui_``), and each test's layer as a marker.

tests/unit: the engine, loader, controller and tools in this process; tests/ui: the Textual app under
Pilot; tests/e2e: whatever runs in another process (the game and its scripts as commands, the language
server, the wheel, a browser). ``pytest tests/unit`` (or ``-m unit``) runs the fast layer alone.
"""

# ruff: noqa: E402  (the imports follow the bytecode setting below, which must come first)
from __future__ import annotations

import sys

# Compiled modules are cached even where the environment asks Python not to write them (PYTHONDONTWRITEBYTECODE,
# set on the development machine): otherwise each xdist worker, and each game process an e2e test starts, compiles
# the whole package from source again, seconds of every run. The caches go to __pycache__, which git ignores.
sys.dont_write_bytecode = False

import gc
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    # Imported where used: pytest's own process under xdist runs no test, and the scenario models took a
    # fifth of a second of its start, before it starts the workers.
    from game.scenario import Plan, Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


LAYERS = ("unit", "ui", "e2e")


# The tests that take longest, measured (each 2 s or more of CPU on the 2-core machine). They start first, so
# that no long test is the last one a worker picks up while the other worker has finished. Only the order
# depends on this list: a test missing from it, or a name that no longer exists, costs time, never a check.
HEAVY = frozenset(
    {
        "test_a_class_in_chromium",
        "test_two_browsers_do_not_see_each_others_saves",
        "test_play_a_first_decision_in_chromium",
        "test_search_highlights_a_node_in_chromium",
        "test_the_cap_refuses_one_game_more_and_says_why",
        "test_wheel_ships_scenarios_and_seeds",
        "test_installed_package_runs_from_any_folder",
        "test_an_editor_session",
        "test_hot_seat_game_to_the_ending",
        "test_three_players_pass_the_keyboard_and_vote_in_secret",
        "test_transcript_records_every_seat",
        "test_title_to_ending_by_keys",
        "test_randomtest_memory_changes_nothing",
        "test_uniform_random_play_meets_the_depth_targets",
        "test_director_seats_meet_the_depth_targets",
    }
)


def _start_order(item: pytest.Item) -> tuple[int, int]:
    """Heavy tests first, then by layer: subprocesses and browsers, then Pilot tests, then the quick units."""
    name = getattr(item, "originalname", item.name)
    layer = next((n for n, layer in enumerate(("e2e", "ui", "unit")) if item.get_closest_marker(layer)), 3)
    return (0 if name in HEAVY else 1, layer)


def _only_unit_tests(config: pytest.Config) -> bool:
    """Whether the run asks for the unit layer alone (``pytest tests/unit``, or ``-m unit``)."""
    if (config.option.markexpr or "").strip() == "unit":
        return True
    unit = Path(__file__).resolve().parent / "unit"
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return bool(paths) and all(path.is_relative_to(unit) for path in paths)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers a core, or one for the unit tests alone. A Pilot or browser test spends much of
    its time waiting (for the app to go idle, for a page, for a child process), and a second worker a core fills
    those waits; unit tests never wait, and a second worker a core only adds its start-up (every worker imports
    and collects the tests). Measured on the 2-core machine, the whole suite: 148 s with 2 workers, 130 s with
    3, 117 s with 4, 125 s with 6; the unit tests: 22 s with 2 workers, 28 s with 4."""
    cores = os.cpu_count() or 1
    return min(16, cores if _only_unit_tests(config) else 2 * cores)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """One full collection, then everything left is set aside from the collector.

    When a test process ends, pytest collects garbage five times over to report exceptions raised in
    finalizers. A worker that ran Pilot tests ends with about 300,000 live objects, mostly in Textual's bounded
    caches, and five passes over them took about three seconds a worker; xdist interrupts a worker still busy
    five seconds after it asked it to stop, and the whole run waited for the slowest. This pass runs while
    pytest still reports what finalizers raise, so nothing goes unreported; the five that follow find only
    what is new since.
    """
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(layer) for layer in LAYERS):
            continue
        folder = item.path.parent.name
        if folder in LAYERS:
            item.add_marker(getattr(pytest.mark, folder))
    # Stable, so tests keep their file order within each group; every xdist worker computes the same order.
    items.sort(key=_start_order)
    # xdist's worksteal scheduler hands each worker one contiguous slice of this list, then lets an idle worker
    # steal from the end of another's. Sorted as it is, the first worker would get every heavy test, one after
    # another, while the others ran the quick ones: dealt round-robin into one run per worker instead, each
    # worker's slice starts with its share of the heavy tests and ends with quick ones to steal.
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        items[:] = [item for start in range(workers) for item in items[start::workers]]


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_plan() -> Plan:
    from game.scenario import check

    plan, problems = check(MINI)
    assert plan is not None, [p.format() for p in problems]
    return plan


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini scenario that a test may edit."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _bundled_digest(path: Path) -> str | None:
    """What a bundled scenario compiles from (its files and the fact sheets), or None for any other path."""
    from game import paths

    bundled = ROOT / "scenarios"
    try:
        inside = path.resolve().is_relative_to(bundled.resolve()) and path.resolve() != bundled.resolve()
    except OSError:
        return None
    if not inside or not paths.seeds_dir().resolve().is_relative_to(ROOT):
        return None
    digest = hashlib.sha256(str(path).encode())
    for root in (path, paths.seeds_dir()):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for file in files:
            digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(autouse=True, scope="session")
def bundled_plans_compile_once() -> Iterator[None]:
    """Each bundled scenario is parsed and compiled once per test process, not once per command a test runs.

    In-process CLI tests (``validate``, ``replay``, reports, hostile saves) load november-2023 through
    ``catalog.load_plan`` again and again; a third of the unit tests' time went there. The cache is keyed by
    the path as given and the bytes of every file the plan is built from, so an edited file is compiled
    afresh, and only the bundled scenarios (files this project owns, never a test's temporary copy or a
    hostile file) are cached. The loader itself is tested on every scenario, bundled ones included, by the
    first load in each process and by the tests that call ``check`` directly.
    """
    from game import catalog

    real = catalog.load_plan
    compiled: dict[str, tuple[Plan | None, list[Problem]]] = {}

    def load_plan(path: Path) -> tuple[Plan | None, list[Problem]]:
        key = _bundled_digest(Path(path))
        if key is None:
            return real(path)
        if key not in compiled:
            compiled[key] = real(path)
        plan, problems = compiled[key]
        return plan, list(problems)

    patch = pytest.MonkeyPatch()
    patch.setattr(catalog, "load_plan", load_plan)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def flagship_plan() -> Plan:
    """november-2023, compiled once for the tests that read it without changing it."""
    from game import catalog, paths

    plan, problems = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None, [p.format() for p in problems]
    return plan


@pytest.fixture
def ui_saves(tmp_path: Path) -> Path:
    """An empty saves folder for one UI test."""
    folder = tmp_path / "ui-saves"
    folder.mkdir()
    return folder


@pytest.fixture
def ui_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scenarios folder holding a copy of the mini scenario, for the UI's scenario chooser."""
    root = tmp_path / "ui-scenarios"
    root.mkdir()
    shutil.copytree(MINI, root / "mini")
    monkeypatch.setenv("BOARDROOM_SCENARIOS_DIR", str(root))
    return root


@pytest.fixture
def ui_app_args(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Stands in for the Textual app when a test runs `boardroom play`; fills with what the app was given."""
    import game.ui.app as app_module

    made: dict[str, object] = {}

    class Fake:
        return_code = 0

        def __init__(self, **kwargs: object) -> None:
            made.update(kwargs)

        def run(self) -> None:
            """The real app would take over the terminal here."""

    monkeypatch.setattr(app_module, "make_app", Fake)
    return made


class FakeClock:
    """Stands in for the play screen's clock: time passes only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def ui_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The decision timer's clock, frozen: a loaded machine cannot run a test's countdown out behind its back."""
    import game.ui.screens.play as play

    clock = FakeClock()
    monkeypatch.setattr(play, "monotonic", clock)
    return clock


@pytest.fixture
def ui_screen_text():  # type: ignore[no-untyped-def]
    """A function returning the text on the app's screen, line by line (for Pilot tests): helpers.screen_text."""
    from .helpers import screen_text

    return screen_text


@pytest.fixture(autouse=True)
def ui_no_aftermath_by_default(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """UI tests of other screens choose and look at once; the "what happened" card has tests of its own.

    Those are marked ``aftermath`` and play whole games through the card, as a player does.
    """
    if request.node.get_closest_marker("aftermath") is not None or not hasattr(request.module, "make_app"):
        return
    import game.ui.app as app_module

    real = app_module.BoardroomApp.__init__

    def without_cards(self, controller, *args, **kwargs):  # type: ignore[no-untyped-def]
        session = controller.session
        if session.settings.aftermath:
            session.settings = replace(session.settings, aftermath=False)
        real(self, controller, *args, **kwargs)

    monkeypatch.setattr(app_module.BoardroomApp, "__init__", without_cards)
