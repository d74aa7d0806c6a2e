"""Errors that name the root cause once: no cascades, every stage in one run, hints that say what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.explore import Exploration, SeatReport
from game.authoring.lint import Lint, check_reachability, lint
from game.cli import main
from game.scenario import check

from ..helpers import MINI, MINI_TEXT, line_of, problems_for, write_scenario

FX = (Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "seeds" / "fx.yaml").read_text(encoding="utf-8")


def _with_sheet(folder: Path, text: str, sheet: str) -> list[str]:
    write_scenario(folder, text)
    (folder / "seeds" / "fx.yaml").write_text(sheet, encoding="utf-8")
    plan, problems = check(folder)
    assert plan is None
    return [p.format() for p in problems if p.severity == "error"]


def test_a_typo_in_a_fact_sheet_is_reported_once_and_its_facts_still_count(tmp_path: Path) -> None:
    sheet = FX.replace("people: [chair]", "peeple: [chair]") + (
        '  - {id: fx-two, date: "2023-11-18", text: {en: Two., zh: 二。}}\n'
    )
    text = MINI_TEXT  # cites fx-one three times
    errors = _with_sheet(tmp_path, text, sheet)
    assert len(errors) == 1, errors
    assert "seeds/fx.yaml" in errors[0] and "unknown key 'peeple'" in errors[0]
    # The broken fact's citations are not errors, and the sound fact beside it loads.
    errors = _with_sheet(tmp_path, text.replace("sources: [fx-one]", "sources: [fx-two]", 1), sheet)
    assert len(errors) == 1 and "peeple" in errors[0]


def test_fact_dates_are_checked(tmp_path: Path) -> None:
    errors = _with_sheet(tmp_path, MINI_TEXT, FX.replace('date: "2023-11-17"', 'date: "2023-11-31"'))
    assert len(errors) == 1 and "a real day of the calendar (got '2023-11-31')" in errors[0]


def test_a_duplicate_id_is_one_error(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("flags:\n  - {id: fired}", "flags:\n  - {id: fired}\n  - {id: trust}")
    problems = problems_for(tmp_path, text)
    assert [p.code for p in problems] == ["duplicate-id"], [p.format() for p in problems]
    assert problems[0].line == line_of(text, "  - {id: trust}")


def test_structural_errors_do_not_hide_reference_errors(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    objective: {en: Stay., zh: 留下。}\n", "")  # the ceo seat is broken
    text = text.replace("next: quiet", "next: quite")
    problems = problems_for(tmp_path, text)
    messages = [p.message for p in problems]
    assert len(problems) == 2, messages
    assert "missing required key 'objective'" in messages[0]
    assert "'next' names no decision or ending 'quite'" in messages[1]
    # What refers to the broken seat is not reported again: it is known, only broken.
    assert not any("unknown seat 'ceo'" in m for m in messages)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("text: {en: The CEO leaves., zh:", "text: {en: The CEO leaves, quietly, zh:"),
        ("text: {en: The CEO leaves., zh:", "text: {en: The CEO leaves: quietly, zh:"),
    ],
)
def test_unquoted_comma_or_colon_gets_a_hint_to_quote(tmp_path: Path, old: str, new: str) -> None:
    problems = problems_for(tmp_path, MINI_TEXT.replace(old, new))
    assert len(problems) == 1
    assert "put text that contains ', ' or ': ' in quotes" in problems[0].message
    assert problems[0].line == line_of(MINI_TEXT.replace(old, new), "quietly")


def test_threshold_message_gives_the_whole_number_form(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, MINI_TEXT.replace("threshold: majority", "threshold: 0"))
    assert len(problems) == 1
    assert "whole number (1 or more), or majority, two_thirds or unanimous" in problems[0].message


@pytest.mark.parametrize("rule", ["threshold: 3", "threshold: unanimous\n      base: voters", "quorum: 3"])
def test_a_threshold_that_recusals_make_unreachable_is_an_error(tmp_path: Path, rule: str) -> None:
    text = (
        MINI_TEXT.replace("threshold: majority", rule) if "quorum" not in rule else MINI_TEXT.replace("quorum: 2", rule)
    )
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, [p.format() for p in problems]
    assert "this vote can never pass: ceo always recused, 2 of 3 voters are left" in problems[0].message
    # A recusal that applies only sometimes is the scenario's business.
    conditional = text.replace("recuse: [{seat: ceo,", "recuse: [{seat: ceo, when: fired,")
    write_scenario(tmp_path, conditional)
    assert check(tmp_path)[0] is not None


def test_at_most_one_historical_ending(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    title: {en: Quiet exit,", "    historical: true\n    title: {en: Quiet exit,")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1
    assert "ending 'return' is marked historical, and so is 'quiet'" in problems[0].message


@pytest.mark.parametrize(
    ("condition", "hint"),
    [
        ("fired && letters > 0", "; use `and`"),
        ("fired || letters > 0", "; use `or`"),
        ("letters = 3", "; did you mean `==`?"),
        ("letters => 3", "; did you mean `>=`?"),
        ("!fired", "; use `not`"),
        ("fired AND letters > 0", "; write `and` in lower case"),
    ],
)
def test_operator_hints(tmp_path: Path, condition: str, hint: str) -> None:
    problems = problems_for(tmp_path, MINI_TEXT.replace("when: fired and letters > 0", f'when: "{condition}"'))
    assert len(problems) == 1
    assert problems[0].message.endswith(hint)


def test_historical_options_without_sources_are_a_warning(mini_plan: object) -> None:
    from game.scenario import Plan

    assert isinstance(mini_plan, Plan)
    found = [p for p in lint(mini_plan) if "cites no fact" in p.message]
    assert [p.line for p in found] == [line_of(MINI_TEXT, "id: yes, text"), line_of(MINI_TEXT, "id: fight, text")]
    assert "option 'fight' of 'respond' is marked historical but cites no fact" in found[1].message


def test_lint_tells_never_available_from_never_picked(mini_plan: object) -> None:
    from game.scenario import Plan

    assert isinstance(mini_plan, Plan)
    # 'respond' is the ceo's; 'call_vote' the chair's. Say the ceo's game never reached 'respond', and the
    # chair's game reached 'call_vote' with 'leak' never on offer.
    seats = [SeatReport("chair", decisions={"call_vote", "respond"}), SeatReport("ceo", decisions={"call_vote"})]
    result = Exploration(seats, [], [("call_vote", "leak"), ("respond", "rally")], [])
    found = Lint(mini_plan, [])
    check_reachability(found, result)
    messages = {p.code: p.message for p in found.problems}
    assert messages["never-enabled"] == "option 'leak' of 'call_vote' can never be chosen: it is never available"
    assert messages["never-picked"] == (
        "option 'rally' of 'respond' is never picked: 'respond' comes up only while another seat is played, "
        "and the policy of ceo never picks it"
    )


def test_validate_checks_a_fact_sheet_as_a_fact_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "facts.yaml"
    sheet.write_text(FX, encoding="utf-8")
    assert main(["validate", str(sheet)]) == 0
    assert f"ok: {sheet} (1 fact sheet(s), 1 facts)" in capsys.readouterr().out
    sheet.write_text(FX.replace('date: "2023-11-17"', 'date: "17 Nov"'), encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "facts[0].date: write the date as YYYY-MM-DD" in captured.out and "seats" not in captured.out
    # the closing count counts a fact sheet's errors too (it said "0 error(s)" beside a listed error)
    assert captured.err.strip() == "1 error(s)"
    sheet.write_text(FX.replace('date: "2023-11-17"', 'date: "2023"'), encoding="utf-8")
    assert main(["validate", str(sheet)]) == 1
    assert "a year alone is not a date: write YYYY-MM if the month is known, else leave 'date' out" in (
        capsys.readouterr().out
    )


def test_lint_does_not_call_an_option_never_picked_where_a_policy_draws_chance(tmp_path: Path) -> None:
    # Exploration plays seed 0, which fixes every `chance` draw: 'rally' lost its draw there, but another
    # seed picks it, so "the policy never picks it" would be false.
    from game.scenario import Plan

    text = MINI_TEXT.replace(
        "{id: rally, text: {en: Rally staff, zh: 团结员工}, effects: {letters: 10}}",
        "{id: rally, text: {en: Rally staff, zh: 团结员工}, effects: {letters: 10}, policy: [{chance: 0.5}]}",
    )
    write_scenario(tmp_path, text)
    plan, _ = check(tmp_path)
    assert isinstance(plan, Plan)
    seats = [SeatReport("chair", decisions={"call_vote", "respond"}), SeatReport("ceo", decisions={"call_vote"})]
    found = Lint(plan, [])
    check_reachability(found, Exploration(seats, [], [("respond", "rally"), ("respond", "leave")], []))
    assert [p.code for p in found.problems] == []
    # without the chance rule the same exploration is reported, as before
    found = Lint(check(MINI)[0] or plan, [])
    check_reachability(found, Exploration(seats, [], [("respond", "rally")], []))
    assert [p.code for p in found.problems] == ["never-picked"]
