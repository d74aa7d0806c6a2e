"""Escape sequences in files never reach a terminal: save labels, slot names, clock.zone, ids, messages."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game import saves
from game.engine import Game
from game.plain import run_plain
from game.sanitize import clean, clean_line, clean_tree
from game.scenario import Plan, check
from game.scenario.problems import Problem
from game.ui.app import BoardroomApp
from game.ui.screens.dialogs import LoadScreen

from .helpers import mini_with, sync

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes the clipboard
OSC2 = "\x1b]2;pwned\x1b\\"  # sets the window title, ST-terminated
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9d0;t\x9c\x9b31m"
BIDI = "\u202eevil\u202c"
HOSTILE = [OSC52, OSC2, CSI, C1, BIDI, "\x07\x08\x00\x7f", "\x1b]52;c;unterminated"]


def _no_controls(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\x9c\x9d\x00\u202e")


def test_whole_sequences_go_and_text_stays() -> None:
    assert clean(f"a{OSC52}b{OSC2}c{CSI}d") == "abcd"
    assert clean(f"x{C1}y") == "xy"
    assert clean(f"x{BIDI}y") == "xevily"
    assert clean("line one\nline two\ttab") == "line one\nline two\ttab"
    assert clean_line("one\ntwo\tthree") == "one two three"
    assert clean("中文 text") == "中文 text"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["\x1b", "\x07", "\x9b", "\x9d", "\x9c", "]", "[", "5", ";", "a", "\\", "\n"])))
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    out = clean(text)
    assert _no_controls(out)
    assert clean(out) == out  # cleaning is idempotent


def test_clean_tree_survives_deep_nesting() -> None:
    deep: object = "\x1b[2Jx"
    for _ in range(50_000):
        deep = [deep]
    out = clean_tree({"k\x1b[1m": deep})
    node = out["k"]
    while isinstance(node, list):
        node = node[0]
    assert node == "x"


def _hostile_save(folder: Path, plan: Plan, label: str, name: str = "evil") -> Path:
    game = Game(plan, ["chair"])
    game.choose("call")
    return saves.write(folder, name, saves.snapshot(game, lang="en", label=label))


def test_save_label_and_file_name_are_cleaned(mini_plan: Plan, tmp_path: Path) -> None:
    _hostile_save(tmp_path, mini_plan, f"my game{OSC52}{OSC2}")
    odd = tmp_path / f"odd{OSC2}.json"
    odd.write_text("{broken", encoding="utf-8")
    entries = {e.path.name: e for e in saves.list_saves(tmp_path)}
    assert entries["evil.json"].data is not None
    assert entries["evil.json"].data.label == "my game"
    assert _no_controls(entries[odd.name].slot) and _no_controls(entries[odd.name].error or "")


def test_raw_json_escapes_in_every_field_are_cleaned(mini_plan: Plan, tmp_path: Path) -> None:
    path = _hostile_save(tmp_path, mini_plan, "x")
    raw = json.loads(path.read_text(encoding="utf-8"))
    for key in ("label", "saved_at", "clock", "game_id", "lang"):
        raw[key] = f"{OSC52}{key}{CSI}"
    raw["settings"] = {f"k{OSC2}": [f"v{OSC52}"]}
    path.write_text(json.dumps(raw), encoding="utf-8")
    data = saves.read(path)
    dumped = json.dumps(data.model_dump(mode="json"), ensure_ascii=False)
    assert _no_controls(dumped) and data.label == "label"


@sync
async def test_the_load_dialog_shows_no_escape(mini_plan: Plan, tmp_path: Path, ui_screen_text) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "saves"
    _hostile_save(folder, mini_plan, f"clip{OSC52}board{OSC2}")
    app = BoardroomApp(saves_dir=folder)
    app.session.remember(mini_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        entry = app.screen.entries[0]
        assert entry.data is not None and entry.data.label == "clipboard"  # the string the TUI is given
        text = ui_screen_text(app)
        assert "clipboard" in text and _no_controls(text)


def _zoned(tmp_path: Path) -> Plan:
    # YAML's own escapes can write any character in a double-quoted string: \e is ESC, \a is BEL.
    return mini_with(
        tmp_path / "zoned",
        {
            'clock: {start: "2023-11-17 09:00", end: "2023-11-18 18:00"}': (
                'clock: {start: "2023-11-17 09:00", end: "2023-11-18 18:00", zone: "\\e]2;pwned\\e\\\\P\\e]52;c;eA==\\aT"}'
            )
        },
    )


def test_clock_zone_is_cleaned_for_the_tui_and_plain_mode(tmp_path: Path, ui_saves: Path) -> None:
    plan = _zoned(tmp_path)
    assert plan.model.clock.zone == "PT"  # the string every screen's header is given
    out = io.StringIO()
    run_plain(plan, "chair", lang="en", seed=0, saves_dir=ui_saves, out=out, inp=io.StringIO("1\nq\n"))
    shown = out.getvalue()
    assert " PT ---" in shown and _no_controls(shown)


def test_a_zone_with_a_line_break_is_one_line(tmp_path: Path) -> None:
    plan = mini_with(
        tmp_path / "z",
        {'end: "2023-11-18 18:00"}': 'end: "2023-11-18 18:00", zone: "P\\nT"}'},
    )
    assert plan.model.clock.zone == "P T"


def test_problem_messages_and_file_names_are_cleaned(tmp_path: Path) -> None:
    problem = Problem(f"a{OSC2}.yaml", 1, 1, f"unknown key '{OSC52}x'")
    assert _no_controls(problem.format()) and _no_controls(json.dumps(problem.to_json()))
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / f"evil{OSC2}.yaml").write_text('key: "\\e]52;c;eA==\\a"\nother: [1\n', encoding="utf-8")
    plan, problems = check(folder)
    assert plan is None and problems
    assert all(_no_controls(p.format()) for p in problems)


def test_fact_text_and_keys_from_yaml_are_cleaned(tmp_path: Path) -> None:
    from game.scenario.yamlsafe import read_yaml

    doc = read_yaml(b'"k\\e[1m": "\\e]52;c;eA==\\afact \\u202etext"\n', "f.yaml")
    assert doc.data == {"k": "fact text"}
