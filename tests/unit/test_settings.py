"""Teacher settings: the file, the flags over it, and their effect on play and timeouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Game
from game.engine.history import timeout_pick
from game.scenario import Plan, check
from game.settings import Settings, SettingsError, load, merge

from ..helpers import MINI_TEXT, run_cli, write_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOARDROOM_SETTINGS", raising=False)
    assert load() == Settings()
    assert Settings().time_limit == 0 and Settings().allow_undo and not Settings().hide_history


def test_file_then_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "boardroom.toml").write_text('lang = "zh"\ntime_limit = 90\nseats = ["toner"]\nallow_undo = false\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOARDROOM_SETTINGS", raising=False)
    base = load()
    assert base.lang == "zh" and base.time_limit == 90 and base.seats == ["toner"] and not base.allow_undo
    merged = merge(base, time_limit=30, allow_undo=None, lang=None)
    assert merged.time_limit == 30 and merged.lang == "zh" and not merged.allow_undo


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("time_limt = 3\n", "time_limt"), ("time_limit = -1\n", "time_limit"), ("x = [\n", "boardroom.toml")],
)
def test_bad_files_are_clear_errors(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "boardroom.toml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=fragment):
        load(str(path))


def test_bad_settings_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("on_timeout = 'panic'\n")
    out = run_cli("play", "tests/fixtures/mini", "--role", "chair", "--plain", "--settings", str(path))
    assert out.returncode == 2 and "on_timeout" in out.stderr and "Traceback" not in out.stderr


def test_timeout_picks(mini_plan: Plan, tmp_path: Path) -> None:
    game = Game(mini_plan, ["ceo"])
    assert game.pending is not None and game.pending.decision.id == "respond"
    # No option is marked inaction in the mini scenario: the seat's policy (history) decides.
    assert timeout_pick(game, "inaction").id == "fight"
    assert timeout_pick(game, "historical").id == "fight"
    write_scenario(
        tmp_path,
        MINI_TEXT.replace(
            "{id: leave, text: {en: Walk away, zh: 离开},",
            "{id: leave, inaction: true, text: {en: Walk away, zh: 离开},",
        ),
    )
    plan, problems = check(tmp_path)
    assert plan is not None, problems
    assert timeout_pick(Game(plan, ["ceo"]), "inaction").id == "leave"


def test_plain_mode_honours_no_undo_and_hidden_history(tmp_path: Path) -> None:
    out = run_cli(
        "play",
        "tests/fixtures/mini",
        "--role",
        "chair",
        "--plain",
        "--no-undo",
        "--hide-history",
        "--saves-dir",
        str(tmp_path),
        stdin="1\nu\nh\n1\n",
    )
    assert out.returncode == 0
    assert "Undo is turned off" in out.stdout and "history panel opens after the ending" in out.stdout
    assert "=== Ending: The return ===" in out.stdout


def test_timeout_says_why(mini_plan: Plan, tmp_path: Path) -> None:
    from game.engine.history import TimeoutReason, timeout_choice
    from game.i18n import t

    game = Game(mini_plan, ["ceo"])
    # No option here means doing nothing: the seat's usual course is taken, and the reason says so.
    picked = timeout_choice(game, "inaction")
    assert picked.option.id == "fight" and picked.reason is TimeoutReason.NO_INACTION
    assert "doing nothing" in t(picked.reason.key, "en") and "不作为" in t(picked.reason.key, "zh")
    assert timeout_choice(game, "historical").reason is TimeoutReason.HISTORICAL
    assert timeout_choice(game, "policy").reason is TimeoutReason.POLICY
    for reason in TimeoutReason:
        assert t(reason.key, "en") != reason.key and t(reason.key, "zh") != t(reason.key, "en")
    write_scenario(
        tmp_path,
        MINI_TEXT.replace(
            "{id: leave, text: {en: Walk away, zh: 离开},",
            "{id: leave, inaction: true, text: {en: Walk away, zh: 离开},",
        ),
    )
    plan, problems = check(tmp_path)
    assert plan is not None, problems
    marked = timeout_choice(Game(plan, ["ceo"]), "inaction")
    assert marked.option.id == "leave" and marked.reason is TimeoutReason.INACTION


def test_the_controller_says_why_a_timeout_took_its_option(mini_plan: Plan, tmp_path: Path) -> None:
    from game.controller import Controller, Session
    from game.i18n import t

    controller = Controller(Session("en", tmp_path, 0, Settings(time_limit=20)))  # type: ignore[arg-type]
    controller.start(mini_plan, ["ceo"])
    timed = controller.time_out("ceo")
    # No option in the mini scenario means doing nothing: the event carries the reason a screen shows.
    assert timed is not None and timed.option == "fight" and timed.reason == "timeout.no_inaction"
    assert "doing nothing" in t(timed.reason, "en")
