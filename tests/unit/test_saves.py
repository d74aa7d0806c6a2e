"""Saves: versioned, atomic, and damaged files never hide the good ones."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game import saves
from game.engine import Game
from game.scenario import Plan, check


def _played(plan: Plan) -> Game:
    game = Game(plan, ["chair"])
    game.choose("call")
    return game


def test_round_trip(mini_plan: Plan, tmp_path: Path) -> None:
    game = _played(mini_plan)
    path = saves.write(tmp_path, "slot one", saves.snapshot(game, lang="zh", label="first"))
    assert path.name == "slot-one.json"
    data = saves.read(path)
    assert data.version == saves.VERSION and data.scenario == "mini" and data.lang == "zh"
    assert data.scenario_hash == mini_plan.content_hash
    assert data.choices == [("call_vote", "chair", "call")]
    restored = saves.restore(mini_plan, data)
    assert restored.stopped_at is None and not restored.scenario_changed
    assert restored.game.pending is not None and restored.game.pending.decision.id == "fire_vote"
    assert restored.game.values == game.values


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.json"
    target.write_text('{"old": true}')

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        saves.write_atomic(target, "new contents")
    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]  # no temp file left behind


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"format": "boardroom-save", "version": 1, "scen', "damaged or truncated"),
        (b"\xff\xfe\x00garbage", "not a Boardroom save"),
        (b'{"hello": "world"}', "not a Boardroom save"),
        (b'{"format": "boardroom-save", "version": 99, "scenario": "mini"}', "newer Boardroom"),
        (b'{"format": "boardroom-save", "version": 1, "scenario": "mini"}', "damaged save"),
        (b"[1, 2, 3]", "not a Boardroom save"),
    ],
)
def test_bad_saves_get_clear_messages_and_stay_on_disk(
    mini_plan: Plan, tmp_path: Path, content: bytes, fragment: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    good = saves.write(tmp_path, "good", saves.snapshot(_played(mini_plan), lang="en"))
    with pytest.raises(saves.SaveError, match=fragment):
        saves.read(bad)
    entries = {e.path.name: e for e in saves.list_saves(tmp_path)}
    assert entries["bad.json"].data is None and fragment in (entries["bad.json"].error or "")
    assert entries["good.json"].data is not None
    assert bad.read_bytes() == content
    assert saves.restore(mini_plan, saves.read(good)).game.pending is not None


def test_restore_after_the_scenario_changed_stops_where_the_log_no_longer_fits(
    mini_plan: Plan, mini_copy: Path, tmp_path: Path
) -> None:
    game = _played(mini_plan)
    game.choose("yes")
    data = saves.snapshot(game, lang="en")
    scenario = mini_copy / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("- {id: yes, text: {en: Yes", "- {id: aye, text: {en: Yes"))
    edited, problems = check(mini_copy)
    assert edited is not None, problems
    restored = saves.restore(edited, data)
    assert restored.scenario_changed
    assert restored.stopped_at == 1
    assert restored.reason is not None and "yes" in restored.reason
    assert restored.game.pending is not None and restored.game.pending.decision.id == "fire_vote"


def test_autosave_slot_names_are_safe() -> None:
    assert saves.autosave_slot("november-2023", ["altman"]) == "autosave-november-2023-altman"
    assert saves.slot_name("../../etc/passwd") == "etc-passwd"
    assert saves.slot_name("") == "save"


def test_save_file_is_readable_json(mini_plan: Plan, tmp_path: Path) -> None:
    path = saves.write(tmp_path, "x", saves.snapshot(_played(mini_plan), lang="en"))
    obj = json.loads(path.read_text())
    assert obj["format"] == "boardroom-save" and obj["clock"] == "2023-11-17 11:00"
