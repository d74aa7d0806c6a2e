"""The language server's pure logic: the index of ids, completion places, diagnostics ranges, rename, outline."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.authoring.lsp.complete import Completer, place_at
from game.authoring.lsp.describe import hover, md
from game.authoring.lsp.diagnostics import diagnostics
from game.authoring.lsp.index import ScenarioIndex, condition_names, index_file
from game.authoring.lsp.navigate import RenameError, outline, rename
from game.authoring.lsp.project import Workspace, by_file
from game.scenario import check
from tests.e2e.test_lsp_server import split_mini

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini" / "scenario.yaml"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    """One workspace for the tests that only read the bundled scenarios and the mini fixture: it keeps each
    file's index while the file's text is unchanged, so each file is indexed once per module, not per test."""
    return Workspace()


@functools.cache
def mini_index() -> ScenarioIndex:
    """The mini scenario's index, for the completion checks (each reads it; none changes it)."""
    workspace = Workspace()
    return workspace.index(workspace.scope(MINI))


def text_at(index: ScenarioIndex, occ) -> str:  # type: ignore[no-untyped-def]
    lines = index.files[occ.file].lines
    assert occ.span.line == occ.span.end_line
    return lines[occ.span.line][occ.span.col : occ.span.end_col]


def test_every_occurrence_in_the_bundled_scenarios_spans_exactly_its_id(ws: Workspace) -> None:
    for folder in (ROOT / "scenarios").iterdir():
        index = ws.index(ws.scope(next(folder.glob("*.yaml"))))
        occurrences = list(index.occurrences())
        assert len(occurrences) > 500
        for occ in occurrences:
            expected = occ.name.split(".", 1)[1] if occ.space == "option" else occ.name
            assert text_at(index, occ) == expected, occ


def test_every_reference_in_a_valid_scenario_is_defined(ws: Workspace) -> None:
    """The loader accepts november-2023, so every name the index finds there must resolve to a definition."""
    index = ws.index(ws.scope(ROOT / "scenarios" / "november-2023" / "scenario.yaml"))
    defined = {(o.space, o.name) for o in index.occurrences() if o.definition}
    missing = {(o.space, o.name) for o in index.occurrences() if (o.space, o.name) not in defined}
    assert missing == set()
    kinds = {o.kind for o in index.occurrences() if not o.definition}
    assert {"next", "actor", "voters", "sources", "effects", "condition", "disputes", "toward", "seat"} <= kinds


def test_condition_names_in_quoted_and_folded_conditions(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('when: "secret > 50"', "when: >-\n          secret > 50 and\n          chose(call_vote.wait)")
    text = text.replace("when: fired and letters > 0", "when: 'fired  and  letters > 0'")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    assert check(path, facts_dirs=[MINI.parent / "seeds"])[0] is not None
    index = index_file(path, text)
    found = [(o.space, o.name, o.span.line) for o in index.occurrences if o.kind == "condition"]
    lines = text.split("\n")
    folded = next(i for i, line in enumerate(lines) if "secret > 50 and" in line)
    assert ("state", "secret", folded) in found
    assert ("node", "call_vote", folded + 1) in found
    assert ("option", "call_vote.wait", folded + 1) in found
    scenario = ScenarioIndex({path: index})
    for occ in index.occurrences:
        expected = occ.name.split(".", 1)[1] if occ.space == "option" else occ.name
        assert text_at(scenario, occ) == expected


def test_condition_functions_name_their_kind() -> None:
    names = condition_names(
        "played(chair) and not seen(uproar) or decided(respond) and chose(respond.fight) and trust(chair, ceo) > 60"
    )
    assert [(space, name) for space, name, _, _ in names] == [
        ("seat", "chair"),
        ("event", "uproar"),
        ("node", "respond"),
        ("node", "respond"),
        ("option", "respond.fight"),
        ("seat", "chair"),
        ("seat", "ceo"),
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from([*"ab:-_ \n{}[]'\"#&*!|>0123456789", "id", "next", "when", "  "]), max_size=80).map(
        "".join
    )
)
def test_any_text_is_indexed_and_completed_without_error(text: str) -> None:
    index = index_file(Path("/nowhere/scenario.yaml"), text)
    lines = text.split("\n")
    completer = Completer(ScenarioIndex({index.path: index}), facts=False)
    for line, content in enumerate(lines):
        for col in range(len(content) + 1):
            completer.complete(lines, line, col)
    assert diagnostics(index, []) == []


def test_broken_yaml_is_indexed_as_nothing() -> None:
    index = index_file(Path("/x/scenario.yaml"), "decisions: [\n  - id: a\n")
    assert index.data is None and index.occurrences == []
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    assert index_file(Path("/x/s.yaml"), "\n".join(bomb)).data is None  # refused as the loader refuses it


def complete(text: str, marker: str = "|") -> set[str]:
    index = mini_index()
    at = text.index(marker)
    before = text[:at]
    lines = (before + text[at + 1 :]).split("\n")
    line = before.count("\n")
    items, _ = Completer(index, facts=False).complete(lines, line, len(before.split("\n")[-1]))
    return {i.label for i in items}


def test_completion_in_each_place() -> None:
    head = "decisions:\n  - id: d\n    options:\n      - id: o\n"
    assert complete(head + "        next: |") >= {"call_vote", "fire_vote", "respond", "quiet", "status_quo"}
    assert complete(head + "        effects: {trust: 1, |") == {"trust", "secret", "letters", "fired"}
    assert complete(head + "        effects:\n          |") == {"trust", "secret", "letters", "fired"}
    assert "played" in complete(head + '        when: "trust > 3 and |')
    assert complete(head + "        when: played(|") == {"chair", "ceo", "member"}
    assert complete(head + "        when: chose(call_vote.|") == {"call", "wait", "leak"}
    assert complete(head + "        when: >-\n          decided(|") >= {"call_vote", "fire_vote", "respond"}
    assert complete(head + "        sources: [fx-one, |") >= {"fx-one"}
    assert complete("decisions:\n  - id: d\n    actor: |") == {"chair", "ceo", "member"}
    assert complete("decisions:\n  - id: d\n    visible_to: |") == {"chair", "ceo", "member", "all", "actors"}
    assert complete(head + "        historical: |") == {"chair", "ceo", "member", "true", "false"}
    assert complete("decisions:\n  - id: d\n    vote:\n      voters:\n        - |") == {"chair", "ceo", "member"}
    keys = complete(head + "        text: x\n        |")
    assert {"next", "effects", "when", "sources"} <= keys and not keys & {"id", "text"}
    assert complete("endings:\n  - id: e\n    trigger: |") == {"end", "early", "next"}
    assert complete("|") >= {"id", "title", "clock", "decisions", "endings"}
    assert complete("seats:\n  - {id: s, kind: |") == {"board", "executive", "other"}
    assert complete("# next: |") == set()
    seats = {"chair", "ceo", "member"}
    assert complete("decisions:\n  - id: d\n    when: trust(chair, |") == seats
    assert complete("stance:\n  toward:\n    chair: {|") == seats
    assert complete(head + "        trust:\n          - {seat: ceo, of: |") == seats


def test_fact_completion_offers_the_sheets_this_scenario_cites_first() -> None:
    # the project's seeds/ hold every bundled scenario's facts; editors sort by sort_text, else by label
    ws = Workspace()
    index = ws.index(ws.scope(MINI))
    text = "decisions:\n  - id: d\n    sources: ["
    items, _ = Completer(index, facts=False).complete(text.split("\n"), 2, len("    sources: ["))
    ranked = sorted(items, key=lambda i: i.sort or i.label)
    assert ranked[0].label == "fx-one" and len(ranked) > 1  # the mini scenario cites its own sheet, fx
    assert all(i.sort is not None and i.sort.startswith("1") for i in ranked[1:] if not i.label.startswith("fx-"))


def test_place_follows_indentation_and_flow() -> None:
    lines = ["decisions:", "- id: a", "  options:", "  - {id: b, next: c"]
    place = place_at(lines, 3, len(lines[3]))
    assert place is not None and place.path == ["decisions", 0, "options", 0] and place.key == "next"


def test_diagnostic_ranges_cover_what_they_name(tmp_path: Path) -> None:
    folder = split_mini(tmp_path / "mini")
    ws = Workspace()
    decisions = folder / "decisions.yaml"
    text = decisions.read_text(encoding="utf-8")
    text = text.replace('when: "secret > 50"', 'when: "secret > 50 and lettrs > 2"')
    text = text.replace("sources: [fx-one]", "sources: [fx-none]", 1)
    ws.open(decisions, text)
    scope = ws.scope(decisions)
    _, problems = ws.check(scope)
    found = {
        d.message.split(";")[0]: d for d in diagnostics(ws.file_index(decisions), by_file(problems, [])[decisions])
    }
    lines = text.split("\n")

    def covered(message: str) -> str:
        d = found[message]
        return lines[d.span.line][d.span.col : d.span.end_col]

    assert covered("unknown fact id 'fx-none'") == "fx-none"
    condition = next(m for m in found if "lettrs" in m)
    assert covered(condition) == "lettrs"


def test_rename_applies_across_files_and_the_scenario_still_loads(tmp_path: Path) -> None:
    folder = split_mini(tmp_path / "mini")
    ws = Workspace()
    scope = ws.scope(folder / "decisions.yaml")
    index = ws.index(scope)
    for space, name, new in (
        ("node", "call_vote", "open_vote"),
        ("state", "letters", "petitions"),
        ("fact", "fx-one", "fx-first"),
        ("option", "open_vote.wait", "hold"),
    ):
        index = ws.index(scope)
        occ = index.definitions(space, name)[0]
        for path, edits in rename(index, occ, new).items():
            lines = (ws.text(path) or "").split("\n")
            for span, replacement in sorted(edits, reverse=True):
                line = lines[span.line]
                lines[span.line] = line[: span.col] + replacement + line[span.end_col :]
            path.write_text("\n".join(lines), encoding="utf-8")
        plan, problems = check(folder)
        assert plan is not None, [p.format() for p in problems]
    assert "open_vote" in plan.decisions and "petitions" in plan.initial and "hold" in plan.decisions["open_vote"].by_id
    assert plan.facts.facts.get("fx-first") is not None


def test_rename_refuses_bad_and_taken_ids() -> None:
    ws = Workspace()
    index = ws.index(ws.scope(MINI))
    trust = index.definitions("state", "trust")[0]
    for bad, reason in (("Trust", "not a valid id"), ("9lives", "not a valid id"), ("secret", "already an id")):
        try:
            rename(index, trust, bad)
        except RenameError as exc:
            assert reason in str(exc)
        else:
            raise AssertionError(f"renamed to {bad}")
    quiet = index.definitions("node", "quiet")[0]
    try:
        rename(index, quiet, "respond")  # an ending may not take a decision's id: they share 'next'
    except RenameError as exc:
        assert "already an id" in str(exc)
    else:
        raise AssertionError("renamed to a decision's id")


def test_outline_groups_decisions_by_day_in_order(ws: Workspace) -> None:
    path = ROOT / "scenarios" / "november-2023" / "decisions-board.yaml"
    index = ws.index(ws.scope(path))
    days = [s.name for s in outline(index, ws.file_index(path)) if s.kind == "day"]
    assert days == sorted(days, key=lambda d: int(d.split()[1])) and days[0] == "Thu 16 Nov 2023"


def test_hover_escapes_scenario_text() -> None:
    assert md("[x](https://e.invalid/a.png) <img>") == "\\[x\\]\\(https\\://e\\.invalid/a\\.png\\) \\<img\\>"
    ws = Workspace()
    index = ws.index(ws.scope(MINI))
    text = hover(index, index.definitions("node", "respond")[0])
    assert "Decided by ceo" in text and "Fri 17 Nov 2023 15\\:00" in text


def test_a_folder_of_single_file_scenarios_is_not_merged(tmp_path: Path) -> None:
    shutil.copytree(MINI.parent / "seeds", tmp_path / "seeds")
    for name in ("one.yaml", "two.yaml"):
        (tmp_path / name).write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    ws = Workspace()
    scope = ws.scope(tmp_path / "one.yaml")
    assert scope.files == ((tmp_path / "one.yaml").resolve(),)
    plan, _ = ws.check(scope)
    assert plan is not None


def test_only_scenario_files_get_answers(tmp_path: Path) -> None:
    """Editors send every YAML file; a CI workflow beside a scenario gets no diagnostics or completion."""
    folder = split_mini(tmp_path / "mini")
    ws = Workspace()
    assert ws.is_scenario(folder / "decisions.yaml") and ws.is_scenario(folder / "seeds" / "fx.yaml")
    (folder / "new.yaml").write_text("", encoding="utf-8")
    assert ws.is_scenario(folder / "new.yaml")  # an empty file beside a scenario's
    (tmp_path / "ci.yaml").write_text("name: build\non: push\njobs: {}\n", encoding="utf-8")
    assert not ws.is_scenario(tmp_path / "ci.yaml")


def test_a_project_fact_is_found_in_every_bundled_scenario(ws: Workspace) -> None:
    """Renaming a fact in the project's seeds/ must reach every scenario that cites it."""
    sheet = ROOT / "seeds" / "fn-timeline.yaml"
    scope = ws.scope(sheet)
    assert scope.root is None  # the project's fact sheets are checked on their own
    index = ws.index(scope, project=True)
    cited = {o.file.parent.name for o in index.references("fact", "fn-nov16-board-vote-call") if not o.definition}
    assert "november-2023" in cited
    fact = index.definitions("fact", "fn-nov16-board-vote-call")[0]
    edits = rename(index, fact, "fn-nov16-board-vote")
    assert any(path.parent.name == "november-2023" for path in edits)
