"""One bad save never breaks the others: every failure is that save's, listed with its reason."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import catalog, saves
from game.classroom.report import collect
from game.cli import main
from game.scenario import Plan

from ..hostile import SAVES, good_save, no_hang

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CONTROLS = ("\x1b", "\x07", "\x00", "\x9b", "\x9d", "\u202e")


def _clean(text: str) -> bool:
    return not any(c in text for c in CONTROLS)


def _folder_with_good_save(tmp_path: Path, plan: Plan) -> tuple[Path, dict[str, object]]:
    folder = tmp_path / "saves"
    folder.mkdir()
    base = good_save(plan)
    (folder / "good.json").write_text(json.dumps(base), encoding="utf-8")
    return folder, base


@pytest.mark.parametrize("case", sorted(SAVES))
def test_one_hostile_save_never_breaks_the_others(
    case: str, mini_plan: Plan, tmp_path: Path, ui_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, base = _folder_with_good_save(tmp_path, mini_plan)
    maker, loads = SAVES[case]
    maker(folder, base)
    with no_hang():
        entries = saves.list_saves(folder)
        by_name = {e.path.name: e for e in entries}
        good = by_name.pop("good.json")
        assert good.data is not None and saves.restore(mini_plan, good.data).game.pending is not None
        assert by_name, "the hostile file must be listed, not hidden"
        for entry in by_name.values():
            assert (entry.data is not None) == loads, (entry.path.name, entry.error)
            assert _clean(entry.slot) and _clean(entry.error or "")
            if entry.data is not None:
                assert _clean(json.dumps(entry.data.model_dump(mode="json"), ensure_ascii=False))
                with contextlib.suppress(saves.SaveError):
                    saves.restore(mini_plan, entry.data)
            else:
                assert entry.error and entry.error.startswith(entry.slot[:10])

        report = collect(folder, catalog.plan_by_id)
        # Copies of one playthrough count once, so a hostile copy that loads may stand for the good one.
        loaded = {"good.json"} | {name for name, e in by_name.items() if e.data is not None}
        records = [r.file for s in report.summaries.values() for r in s.records]
        assert len(records) == 1 and set(records) <= loaded
        assert all(_clean(name + why) for name, why in report.unreadable)

        for entry in by_name.values():
            assert main(["transcript", str(entry.path)]) in (0, 1)
    err = capsys.readouterr().err
    assert _clean(err) and "Traceback" not in err


def test_a_bom_save_loads(mini_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good_save(mini_plan)).encode())
    assert saves.restore(mini_plan, saves.read(path)).game.choices


def test_a_saves_scenario_is_an_id_never_a_path(mini_plan: Plan, tmp_path: Path, ui_scenarios: Path) -> None:
    for value in ("/dev/zero", "../../etc/passwd", str(ui_scenarios / "mini"), "mini/../mini"):
        path = tmp_path / "s.json"
        path.write_text(json.dumps({**good_save(mini_plan), "scenario": value}), encoding="utf-8")
        with pytest.raises(saves.SaveError, match="scenario"):
            saves.read(path)
        assert catalog.plan_by_id(value) is None
    found = catalog.plan_by_id("mini")
    assert found is not None and found.id == "mini"


def test_transcript_and_plain_load_refuse_a_path_as_scenario(
    mini_plan: Plan, tmp_path: Path, ui_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({**good_save(mini_plan), "scenario": "/dev/zero"}), encoding="utf-8")
    with no_hang():
        assert main(["transcript", str(path)]) == 1
        assert main(["play", "--plain", "--load", str(path), "--saves-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "damaged save (scenario" in err and "Traceback" not in err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@FAST
@given(json_values)
def test_random_json_is_a_save_or_a_save_error(fresh_dir: Callable[[str], Path], value: object) -> None:
    path = fresh_dir("json") / "x.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        saves.read(path)
    except saves.SaveError as exc:
        assert str(exc).startswith("x.json: ")


@FAST
@given(
    st.sampled_from(["format", "version", "scenario", "scenario_hash", "seats", "seed", "label", "choices"]),
    json_values,
)
def test_random_field_values(fresh_dir: Callable[[str], Path], mini_plan: Plan, key: str, value: object) -> None:
    path = fresh_dir("field") / "x.json"
    path.write_text(json.dumps({**good_save(mini_plan), key: value}), encoding="utf-8")
    try:
        data = saves.read(path)
    except saves.SaveError:
        return
    with contextlib.suppress(saves.SaveError):
        saves.restore(mini_plan, data)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_are_a_save_error(fresh_dir: Callable[[str], Path], raw: bytes) -> None:
    folder = fresh_dir("bytes")
    (folder / "x.json").write_bytes(raw)
    entries = saves.list_saves(folder)
    assert len(entries) == 1 and (entries[0].data is not None or entries[0].error)


def test_plain_output_of_a_listing_has_no_escape(mini_plan: Plan, tmp_path: Path) -> None:
    folder, base = _folder_with_good_save(tmp_path, mini_plan)
    for case in ("escapes-everywhere", "escapes-in-choices", "duplicate-keys"):
        SAVES[case][0](folder, base)
    out = io.StringIO()
    for entry in saves.list_saves(folder):
        print(entry.slot, entry.error or (entry.data.label if entry.data else ""), file=out)
    assert _clean(out.getvalue())


def test_hostile_transcripts_in_a_class_folder(mini_plan: Plan, tmp_path: Path, ui_scenarios: Path) -> None:
    from game.classroom.transcript import MD_DATA_PREFIX

    folder, _ = _folder_with_good_save(tmp_path, mini_plan)
    outside = tmp_path / "elsewhere.md"
    outside.write_text(MD_DATA_PREFIX + ' {"format": "boardroom-transcript"} -->\n', encoding="utf-8")
    (folder / "linked.md").symlink_to(outside)
    (folder / "deep.md").write_text(MD_DATA_PREFIX + " " + "[" * 100_000 + " -->\n", encoding="utf-8")
    (folder / "path.html").write_text(
        '<script type="application/json" id="boardroom-data">'
        '{"format": "boardroom-transcript", "scenario": "../../etc", "seats": ["chair"], "choices": []}</script>',
        encoding="utf-8",
    )
    (folder / "escape.md").write_text(
        MD_DATA_PREFIX + ' {"format": "boardroom-transcript", "scenario": "\\u001b]2;x\\u0007", "seats": [], '
        '"choices": []} -->\n',
        encoding="utf-8",
    )
    with no_hang():
        report = collect(folder, catalog.plan_by_id)
    reasons = dict(report.unreadable)
    assert set(reasons) == {"linked.md", "deep.md", "path.html", "escape.md"}
    assert "outside its folder" in reasons["linked.md"] and "nested too deeply" in reasons["deep.md"]
    assert all(_clean(name + why) for name, why in report.unreadable)
    assert [r.file for s in report.summaries.values() for r in s.records] == ["good.json"]


@settings(FAST, max_examples=25)
@given(st.lists(st.sampled_from(sorted(SAVES)), min_size=1, max_size=6, unique=True))
def test_random_mixes_of_hostile_files_in_a_saves_folder(
    fresh_dir: Callable[[str], Path], mini_plan: Plan, cases: list[str]
) -> None:
    folder, base = _folder_with_good_save(fresh_dir("mix"), mini_plan)
    for case in cases:
        SAVES[case][0](folder, base)
    with no_hang():
        entries = {e.path.name: e for e in saves.list_saves(folder)}
    good = entries.pop("good.json")
    assert good.data is not None and saves.restore(mini_plan, good.data).game.choices
    assert len(entries) >= len(cases)  # every hostile file is listed (a link loop is two)
    assert all((e.data is not None) or e.error for e in entries.values())
