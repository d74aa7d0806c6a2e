"""Declared languages, and `boardroom strings export|import`: text exchanged with translators as a table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.authoring import strings
from game.authoring.lint import lint
from game.cli import main
from game.scenario import Plan, check

from ..helpers import MINI_TEXT, write_scenario

ENGLISH = """\
# An English-only scenario.
id: eng
languages: [en]
title: Plain title   # a comment that must survive
summary: >-
  A folded
  summary.
clock: {start: "2024-01-08 09:00", end: "2024-01-09 18:00"}
meters:
  - {id: trust, label: Trust, start: 50}
seats:
  - id: chair
    name: The chair
    kind: board
    role: {en: Chair}
    bio:
      en: A director.
    private: |
      Two lines
      of secrets.
    objective: "Keep it, together"
decisions:
  - id: d1
    at: "2024-01-08 10:00"
    actor: chair
    title: {en: Flow title?}
    text:
      en: >-
        Block mapping
        text.
    options:
      - {id: a, text: "Quoted, with comma", effects: {trust: 5}}
      - {id: b, text: Plain option}
endings:
  - {id: e, title: The end, text: It ends.}
"""


def _load(folder: Path) -> Plan:
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


def _english(folder: Path) -> Plan:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(ENGLISH, encoding="utf-8")
    return _load(folder)


def _translated(table: str, zh: dict[str, str]) -> str:
    rows = list(csv.DictReader(io.StringIO(table)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        row["zh"] = zh.get(row["key"], row["zh"])
        row["status"] = ""  # the translator has checked every row
        writer.writerow(row)
    return out.getvalue()


def test_an_english_only_scenario_has_no_translation_warnings(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    assert not [p for p in lint(plan) if p.code == "translation"]
    # The same text in a scenario that declares both languages lacks Chinese everywhere.
    (tmp_path / "scenario.yaml").write_text(ENGLISH.replace("languages: [en]", "languages: [en, zh]"))
    found = [p for p in lint(_load(tmp_path)) if p.code == "translation"]
    assert len(found) == 14
    assert any(p.message == "missing translation: zh (the scenario declares languages: [en, zh])" for p in found), found


def test_languages_default_to_both_and_are_checked(tmp_path: Path) -> None:
    write_scenario(tmp_path, MINI_TEXT.replace("    title: {en: Nothing changes, zh: 一切照旧}", "    title: Same"))
    found = [p.message for p in lint(_load(tmp_path)) if p.code == "translation"]
    assert found == [
        "text has no translations: write it as {en: ..., zh: ...} (the scenario declares languages: [en, zh])"
    ]
    write_scenario(tmp_path, MINI_TEXT.replace("id: mini\n", "id: mini\nlanguages: [en, en]\n"))
    plan, problems = check(tmp_path)
    assert plan is None and "a language is listed twice" in problems[0].message


def test_export_lists_every_text_with_its_place_and_lock(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    rows = list(csv.DictReader(io.StringIO(strings.export(plan, ["zh"]))))
    assert [r["key"] for r in rows][:4] == ["title", "summary", "meters/trust/label", "seats/chair/name"]
    by_key = {r["key"]: r for r in rows}
    assert by_key["decisions/d1/options/a/text"]["en"] == "Quoted, with comma"
    assert by_key["summary"]["where"].endswith("scenario.yaml:5")
    assert by_key["title"]["lock"] == strings.lock_of("Plain title")
    assert by_key["title"]["status"] == "zh: missing" and by_key["title"]["zh"] == ""


def test_an_english_only_export_has_only_english_unless_asked(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    rows = list(csv.reader(io.StringIO(strings.export(plan))))
    assert rows[0] == ["key", "where", "lock", "status", "en"]
    assert rows[1][0] == "title" and rows[1][3] == "" and rows[1][4] == "Plain title"  # nothing "missing"
    assert strings.export(plan, ["zh"]).splitlines()[0] == "key,where,lock,status,en,zh"
    (tmp_path / "both").mkdir()
    (tmp_path / "both" / "scenario.yaml").write_text(ENGLISH.replace("languages: [en]", "languages: [en, zh]"))
    both = _load(tmp_path / "both")
    assert strings.export(both).splitlines()[0] == "key,where,lock,status,en,zh"


def test_import_edits_values_in_place_and_keeps_comments_and_layout(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    table = _translated(
        strings.export(plan, ["zh"]),
        {
            "title": "标题",
            "summary": "摘要：有冒号, 也有逗号",
            "seats/chair/bio": "一位董事。",
            "seats/chair/private": "两行秘密。",
            "decisions/d1/title": "流式标题",
            "decisions/d1/text": "块映射文本。",
            "decisions/d1/options/a/text": '带"引号"的选项',
        },
    )
    changed, report = strings.plan_import(plan, table)
    strings.write_import(plan, changed)
    assert report.written == {str(tmp_path / "scenario.yaml"): 7} and report.stale == []
    text = (tmp_path / "scenario.yaml").read_text(encoding="utf-8")
    assert 'title: {en: "Plain title", zh: "标题"}   # a comment that must survive' in text
    assert 'summary:\n  en: >-\n    A folded\n    summary.\n  zh: "摘要：有冒号, 也有逗号"\n' in text
    assert '    bio:\n      en: A director.\n      zh: "一位董事。"\n' in text
    assert '    title: {en: Flow title?, zh: "流式标题"}\n' in text  # read by libyaml, as the loader reads it
    assert '      - {id: a, text: {en: "Quoted, with comma", zh: "带\\"引号\\"的选项"}, effects: {trust: 5}}' in text
    # Lines with nothing translated are untouched.
    for line in ("# An English-only scenario.", 'clock: {start: "2024-01-08 09:00", end: "2024-01-09 18:00"}'):
        assert line in text
    reloaded = _load(tmp_path)
    assert reloaded.model.summary.get("zh") == "摘要：有冒号, 也有逗号"
    assert reloaded.model.seats[0].private.get("en") == "Two lines\nof secrets.\n"
    assert reloaded.model.seats[0].private.get("zh") == "两行秘密。"
    assert reloaded.decisions["d1"].options[0].model.text.get("zh") == '带"引号"的选项'
    # A second import of the same table changes nothing.
    again, report = strings.plan_import(reloaded, table)
    assert again == {} and report.written == {}


def test_a_translation_goes_stale_when_its_source_changes(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    table = _translated(strings.export(plan, ["zh"]), {"seats/chair/bio": "一位董事。", "title": "标题"})
    strings.write_import(plan, strings.plan_import(plan, table)[0])
    assert "seats/chair/bio\tzh\t" in (tmp_path / strings.LOCK_FILE).read_text()
    edited = (tmp_path / "scenario.yaml").read_text().replace("en: A director.", "en: A long-serving director.")
    (tmp_path / "scenario.yaml").write_text(edited)
    plan = _load(tmp_path)
    warnings = [p for p in lint(plan) if p.code == "stale-translation"]
    assert len(warnings) == 1 and "translation (zh) may be stale: the en text changed" in warnings[0].message
    # The old table's row for it is stale now, so it is not written; the new export says so.
    newer = table.replace("一位董事。", "一位资深董事。")
    changed, report = strings.plan_import(plan, newer)
    assert report.stale == ["seats/chair/bio"] and changed == {}
    row = next(r for r in csv.DictReader(io.StringIO(strings.export(plan, ["zh"]))) if r["key"] == "seats/chair/bio")
    assert row["status"] == "zh: stale" and row["zh"] == "一位董事。"
    # Sent back untouched, it stays stale; translated again (status cleared), it is current.
    unchecked = io.StringIO()
    writer = csv.DictWriter(unchecked, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    strings.write_import(plan, strings.plan_import(plan, unchecked.getvalue())[0])
    assert [p for p in lint(_load(tmp_path)) if p.code == "stale-translation"]
    table = _translated(strings.export(plan, ["zh"]), {"seats/chair/bio": "一位资深董事。"})
    strings.write_import(plan, strings.plan_import(plan, table)[0])
    assert not [p for p in lint(_load(tmp_path)) if p.code == "stale-translation"]


def test_an_import_that_breaks_the_scenario_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _english(tmp_path)
    table = _translated(strings.export(plan, ["zh"]), {"title": "标题"})
    changed, _ = strings.plan_import(plan, table)
    monkeypatch.setattr("game.catalog.load_plan", lambda path: (None, []))  # as if the result did not load
    with pytest.raises(strings.ImportFailed):
        strings.write_import(plan, changed)
    assert (tmp_path / "scenario.yaml").read_text() == ENGLISH
    assert not (tmp_path / strings.LOCK_FILE).exists()


def test_strings_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "eng"
    _english(folder)
    table = tmp_path / "strings.csv"
    assert main(["strings", "export", str(folder), "--to", "zh", "-o", str(table)]) == 0
    table.write_text(_translated(table.read_text(), {"title": "标题"}), encoding="utf-8")
    capsys.readouterr()
    assert main(["strings", "import", str(folder), str(table), "--dry-run"]) == 0
    assert f"would write 1 translation(s) in {folder}/scenario.yaml" in capsys.readouterr().out
    assert (folder / "scenario.yaml").read_text() == ENGLISH
    assert main(["strings", "import", str(folder), str(table)]) == 0
    assert f"wrote 1 translation(s) in {folder}/scenario.yaml" in capsys.readouterr().out
    table.write_text("key,where\nx,y\n", encoding="utf-8")
    assert main(["strings", "import", str(folder), str(table)]) == 1
    assert "the table has no column 'lock'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("key,lock,zh\ntitle,x," + "a" * 140_000 + "\n", "not CSV"),  # past the csv module's field limit
        ("key,where\nx,y\n", "no column 'lock'"),
    ],
    ids=["field-too-long", "no-lock-column"],
)
def test_a_hostile_table_is_refused_without_a_traceback(tmp_path: Path, table: str, message: str) -> None:
    plan = _english(tmp_path)
    with pytest.raises(strings.ImportFailed, match=message):
        strings.plan_import(plan, table)


def test_odd_rows_and_unknown_keys_are_reported_not_fatal(tmp_path: Path) -> None:
    plan = _english(tmp_path)
    lock = strings.lock_of("Plain title")
    table = f'key,lock,zh\ntitle,{lock}\nnope,abc,x\ntitle,{lock},"标题\u0007",extra,cells\n'
    changed, report = strings.plan_import(plan, table)
    assert report.unknown == ["nope"] and report.written == {str(tmp_path / "scenario.yaml"): 1}
    strings.write_import(plan, changed)
    assert _load(tmp_path).model.title.get("zh") == "标题"  # the control character is gone, as from any file
