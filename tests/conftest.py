"""Shared fixtures (UI ones are prefixed ``ui_``), and each test's layer as a marker.

tests/unit: the engine, loader, controller and tools in this process; tests/ui: the Textual app under
Pilot; tests/e2e: subprocesses, the wheel and a browser. A unit test that starts a subprocess is marked
e2e itself. ``pytest -m unit`` runs the fast layer alone.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from game.scenario import Plan, check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


LAYERS = ("unit", "ui", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(layer) for layer in LAYERS):
            continue
        folder = item.path.parent.name
        if folder in LAYERS:
            item.add_marker(getattr(pytest.mark, folder))


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_plan() -> Plan:
    plan, problems = check(MINI)
    assert plan is not None, [p.format() for p in problems]
    return plan


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini scenario that a test may edit."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


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
def ui_screen_text():
    """A function returning the text on the app's active screen, line by line (for Pilot tests)."""

    def text(app) -> str:  # type: ignore[no-untyped-def]
        return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    return text


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

