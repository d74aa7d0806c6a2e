"""Every kind of loader error is reported once, at the right line, as file:line:col: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check
from game.scenario.yamlsafe import MAX_ALIASES, read_yaml

from ..helpers import MINI_TEXT, line_of, problems_for


def test_mini_fixture_is_valid(mini_path: Path) -> None:
    plan, problems = check(mini_path)
    assert plan is not None
    assert problems == []


def test_yaml_syntax_error_reports_line(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("  - {id: fired}", "  - {id: fired\n  - x: [")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error")
    assert problems[0].line >= line_of(text, "{id: fired")
    assert problems[0].format().startswith(f"{problems[0].file}:{problems[0].line}:{problems[0].col}: ")


def test_duplicate_key_is_an_error_not_last_wins(tmp_path: Path) -> None:
    text = MINI_TEXT.replace(
        '    at: "2023-11-17 10:00"\n', '    at: "2023-11-17 10:00"\n    at: "2023-11-17 10:30"\n', 1
    )
    problems = problems_for(tmp_path, text)
    assert [p.code for p in problems] == ["duplicate-key"]
    assert problems[0].line == line_of(text, '"2023-11-17 10:30"')
    assert "duplicate key 'at'" in problems[0].message


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    history: {en: The chair called it.", "    histroy: {en: The chair called it.")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert "unknown key 'histroy'" in problems[0].message
    assert "did you mean 'history'?" in problems[0].message
    assert problems[0].line == line_of(text, "histroy:")
    assert problems[0].col == 5


def test_wrong_type_reports_the_value(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("start: 50}", "start: fifty}")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert "meters[0].start" in problems[0].message
    assert "'fifty'" in problems[0].message
    assert problems[0].line == line_of(text, "start: fifty")


def test_missing_required_key(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    objective: {en: Stay., zh: 留下。}\n", "")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert "missing required key 'objective'" in problems[0].message
    assert problems[0].line == line_of(text, "  - id: ceo")


@pytest.mark.parametrize(
    ("old", "new", "fragment", "needle"),
    [
        (
            "        next: fire_vote",
            "        next: fire_vot",
            "'next' names no decision or ending 'fire_vot'; did you mean 'fire_vote'?",
            "next: fire_vot",
        ),
        (
            "effects: {trust: -5}",
            "effects: {trusst: -5}",
            "unknown meter, counter or flag 'trusst'; did you mean 'trust'?",
            "trusst",
        ),
        ("    actor: ceo", "    actor: ceoo", "unknown seat 'ceoo'", "actor: ceoo"),
        ("        sources: [fx-one]", "        sources: [fx-on]", "unknown fact id 'fx-on'", "[fx-on]"),
        (
            'when: "secret > 50"',
            'when: "secrett > 50"',
            "in condition: unknown meter, counter or flag 'secrett'",
            "secrett",
        ),
        ("when: fired and letters > 0", "when: fired and chose(call_vote.nope)", "has no option 'nope'", "nope"),
    ],
)
def test_undefined_references(tmp_path: Path, old: str, new: str, fragment: str, needle: str) -> None:
    assert old in MINI_TEXT
    text = MINI_TEXT.replace(old, new, 1)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, [p.format() for p in problems]
    assert fragment in problems[0].message
    assert problems[0].line == line_of(text, needle)


def test_condition_error_points_at_the_column(tmp_path: Path) -> None:
    text = MINI_TEXT.replace('when: "secret > 50"', "when: secret >> 50")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    line = text.splitlines()[problems[0].line - 1]
    assert line.strip().startswith("when: secret >> 50")
    assert line[problems[0].col - 1] == ">"


def test_duplicate_ids(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("  - id: respond\n", "  - id: call_vote\n")
    problems = problems_for(tmp_path, text)
    assert any("duplicate decision or ending id 'call_vote'" in p.message for p in problems)
    dup = next(p for p in problems if p.code == "duplicate-id")
    assert dup.line == line_of(text, "  - id: call_vote", 2)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("actor: ceo", "actor: nobody").replace("effects: {trust: 5}", "effects: {trusty: 5}")
    text = text.replace("next: quiet", "next: quite")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 3
    assert problems == sorted(problems)


def test_folder_merges_files_and_reports_each_file(tmp_path: Path) -> None:
    head, tail = MINI_TEXT.split("decisions:\n", 1)
    decisions, rest = tail.split("events:\n", 1)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "fx.yaml").write_text((Path(__file__).parents[1] / "fixtures/mini/seeds/fx.yaml").read_text())
    (tmp_path / "a.yaml").write_text(head + "events:\n" + rest)
    broken = decisions.replace("actor: chair", "actor: chiar")
    (tmp_path / "b.yaml").write_text("decisions:\n" + broken)
    plan, problems = check(tmp_path)
    assert plan is None
    assert len(problems) == 1
    assert problems[0].file.endswith("b.yaml")
    assert problems[0].line == line_of("decisions:\n" + broken, "actor: chiar")


def test_scalar_key_set_in_two_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINI_TEXT)
    (tmp_path / "b.yaml").write_text("id: other\n")
    plan, problems = check(tmp_path)
    assert plan is None
    assert problems[0].file.endswith("b.yaml") and "'id' is already set" in problems[0].message


# --- hostile files -------------------------------------------------------------


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    text = "id: !!python/object/apply:os.system ['echo pwned']\n" + MINI_TEXT.split("\n", 1)[1]
    problems = problems_for(tmp_path, text)
    assert problems[0].code == "tag"
    assert problems[0].line == 1


def test_alias_bomb_stops_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = read_yaml("\n".join(lines).encode(), "bomb.yaml")
    assert doc.problems and doc.problems[0].code == "alias"
    assert doc.data is None


def test_alias_count_limit() -> None:
    text = "x: &x 1\nitems:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES + 1))
    doc = read_yaml(text.encode(), "many.yaml")
    assert doc.problems[0].code == "alias"


def test_deep_nesting_is_refused() -> None:
    doc = read_yaml(("[" * 5000 + "]" * 5000).encode(), "deep.yaml")
    assert doc.problems[0].code == "depth"


def test_huge_file_is_refused() -> None:
    doc = read_yaml(b"x: " + b"a" * (3 * 1024 * 1024), "huge.yaml")
    assert doc.problems[0].code == "size"


def test_non_utf8_bytes_report_their_position(tmp_path: Path) -> None:
    raw = MINI_TEXT.encode().replace(b"A small crisis", b"A small \xff crisis")
    (tmp_path / "scenario.yaml").write_bytes(raw)
    plan, problems = check(tmp_path)
    assert plan is None
    assert problems[0].code == "encoding"
    assert problems[0].line == line_of(MINI_TEXT, "A small crisis")
    assert problems[0].col == MINI_TEXT.splitlines()[1].index("A small crisis") + len("A small ") + 1


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("")
    plan, problems = check(tmp_path)
    assert plan is None and problems
    (tmp_path / "scenario.yaml").write_text("- just\n- a list\n")
    plan, problems = check(tmp_path)
    assert plan is None and "mapping" in problems[0].message


def test_control_characters_are_removed_from_text(tmp_path: Path) -> None:
    text = (
        MINI_TEXT.replace("The board can act.", "The board \\x1b[2J can act.")
        .replace("text: {en: The board", 'text: {en: "The board')
        .replace("can act., zh:", 'can act.", zh:')
    )
    tmp = tmp_path / "s"
    from ..helpers import write_scenario

    write_scenario(tmp, text)
    plan, problems = check(tmp)
    assert plan is not None, [p.format() for p in problems]
    shown = plan.decisions["call_vote"].model.text.get("en")
    assert "\x1b" not in shown
    assert shown == "The board  can act."  # the whole CSI sequence goes, not only its ESC


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    for quote in ('"', "'"):
        # The last quoted value in the file, so no later quote closes it by accident.
        text = MINI_TEXT + f"notes: {quote}never closed\nmore: 1\n"
        problems = problems_for(tmp_path / ("d" if quote == '"' else "s"), text)
        assert len(problems) == 1, [p.format() for p in problems]
        line = line_of(text, "notes: " + quote)
        assert (problems[0].line, problems[0].col) == (line, text.splitlines()[line - 1].index(quote) + 1)
        assert "never closed" in problems[0].message


def test_top_level_list_is_reported_where_it_starts(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text("# a comment first\n\n  - just\n  - a list\n")
    _, problems = check(tmp_path)
    assert [(p.line, p.col) for p in problems] == [(3, 3)] and "mapping" in problems[0].message


@pytest.mark.parametrize(("raw", "name"), [("\x1b", "ESC"), ("\x00", "NUL"), ("\x07", "BEL")])
def test_raw_control_bytes_are_reported_at_their_line_and_column(tmp_path: Path, raw: str, name: str) -> None:
    text = MINI_TEXT.replace("Runs the firm.", f"Runs {raw}the firm.")
    problems = problems_for(tmp_path, text)
    line = line_of(text, f"Runs {raw}")
    assert [(p.line, p.col) for p in problems] == [(line, text.splitlines()[line - 1].index(raw) + 1)]
    assert name in problems[0].message and "position" not in problems[0].message


@pytest.mark.parametrize("content", ["", "# only a comment\n\n# and another\n", "\n\n"])
def test_empty_file_is_reported_with_its_path(tmp_path: Path, content: str) -> None:
    (tmp_path / "scenario.yaml").write_text(content)
    plan, problems = check(tmp_path)
    assert plan is None and problems
    assert all(p.file.endswith("scenario.yaml") for p in problems), [p.format() for p in problems]
    assert "empty" in problems[0].message


def test_empty_file_beside_others_is_a_warning_naming_it(tmp_path: Path) -> None:
    from ..helpers import write_scenario

    write_scenario(tmp_path, MINI_TEXT)
    (tmp_path / "notes.yaml").write_text("# to do\n")
    plan, problems = check(tmp_path)
    assert plan is not None
    assert [(p.file.endswith("notes.yaml"), p.severity) for p in problems] == [(True, "warning")]


@pytest.mark.parametrize(
    ("style", "written"),
    [
        ("plain", "when: secret >> 50"),
        ("double", 'when: "secret >> 50"'),
        ("single", "when: 'secret >> 50'"),
        ("folded", "when: >-\n          secret > 10 and\n          secret >> 50"),
        ("literal", "when: |\n          secret > 10 and\n            secret >> 50"),
        ("plain-multiline", "when: secret > 10 and\n          secret >> 50"),
        ("double-multiline", 'when: "secret > 10 and\n          secret >> 50"'),
        ("single-escape", "when: 'secret > 1 or ''x'''"),
    ],
)
def test_condition_errors_point_at_the_character(tmp_path: Path, style: str, written: str) -> None:
    text = MINI_TEXT.replace('when: "secret > 50"', written)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, [p.format() for p in problems]
    p = problems[0]
    source_line = text.splitlines()[p.line - 1]
    if style == "single-escape":  # '' is one quote character in the condition, which has no quotes
        assert source_line[p.col - 1 :].startswith("''x"), (style, p.format())
    else:  # '>>' is '>' and then a second '>' where a value should be
        assert source_line[p.col - 2 :].startswith(">> 50"), (style, p.format(), source_line)


def test_huge_integers_are_located(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("start: 50", "start: " + "9" * 5000, 1)
    problems = problems_for(tmp_path, text)
    line = line_of(text, "start: 999")
    assert [(p.line, p.code) for p in problems] == [(line, "number")]
    assert "digits" in problems[0].message


def test_a_fact_sheet_read_again_after_an_edit_says_what_it_now_says(tmp_path: Path) -> None:
    """Fact sheets are parsed once per content (facts._read_sheet); an edit, or a broken sheet, is seen afresh."""
    from game.scenario.facts import load_facts

    sheet = tmp_path / "seeds" / "fx.yaml"
    sheet.parent.mkdir()
    original = (Path(__file__).parents[1] / "fixtures/mini/seeds/fx.yaml").read_text(encoding="utf-8")
    sheet.write_text(original, encoding="utf-8")
    first, problems = load_facts([sheet.parent])
    assert set(first.facts) == {"fx-one"} and problems == []
    sheet.write_text(original.replace("fx-one", "fx-two"), encoding="utf-8")
    edited, problems = load_facts([sheet.parent])
    assert set(edited.facts) == {"fx-two"} and problems == []
    broken = original.replace('date: "2023-11-17"', 'date: "2023-13-45"')
    sheet.write_text(broken, encoding="utf-8")
    for _ in range(2):  # the same problems and the same salvage, whether parsed now or remembered
        base, problems = load_facts([sheet.parent])
        assert [p.code for p in problems] == ["value_error"] and base.broken == {"fx-one"} and not base.facts
    sheet.write_text(original, encoding="utf-8")
    assert set(load_facts([sheet.parent])[0].facts) == {"fx-one"}
