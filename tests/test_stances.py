"""Stances: seats' trust in one another, moved by choices, events and votes, read by conditions and policies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.authoring.explore import explore, state_key
from game.authoring.lint import lint
from game.authoring.randomtest import randomtest
from game.engine import Game
from game.engine.history import diverged_at, play_historical
from game.saves import restore, snapshot
from game.scenario import Plan, check

from .helpers import MINI, line_of, mini_with, problems_for

STANCE = """stance:
  label: {en: Trust, zh: 信任}
  start: 50
  toward:
    member: {chair: MEMBER_START}
seats:
"""
CALL = """        effects: {trust: -5}
        next: fire_vote
"""
CALL_TRUST = """        effects: {trust: -5}
        trust:
          - {seat: member, change: -15, because: {en: you called the vote, zh: 你发起了投票}}
          - {seat: ceo, change: -30, because: {en: you moved against the CEO, zh: 你对首席执行官出手}}
        next: fire_vote
"""
YES = "{id: yes, text: {en: Yes, zh: 赞成}, ballot: yes, historical: [chair, member]}"
YES_TRUST = (
    "{id: yes, text: {en: Yes, zh: 赞成}, ballot: yes, historical: [chair, member],"
    " trust: [{seat: ceo, change: -10, because: {en: voted against the CEO, zh: 投票反对首席执行官}}]}"
)
NO = "{id: no, text: {en: No, zh: 反对}, ballot: no}"
# An unplayed director votes no once its trust in the chair has fallen below 40.
NO_POLICY = (
    '{id: no, text: {en: No, zh: 反对}, ballot: no, policy: [{seats: [member], when: "trust(member, chair) < 40"}]}'
)
PASSED = "passed: {effects: {fired: true, trust: -20}}"
PASSED_TRUST = "passed: {effects: {fired: true, trust: -20}, trust: [{seat: ceo, of: member, change: -5}]}"
EVENTS = "events:\n"
GRUDGE = """events:
  - id: grudge
    when: "trust(ceo, chair) < 25"
    title: {en: A grudge, zh: 积怨}
    text: {en: The CEO will not forget., zh: 首席执行官不会忘记。}
    effects: {letters: 1}
"""


def stance_plan(folder: Path, member_start: int = 60) -> Plan:
    return mini_with(
        folder,
        {
            "\nseats:\n": "\n" + STANCE.replace("MEMBER_START", str(member_start)),
            CALL: CALL_TRUST,
            YES: YES_TRUST,
            NO: NO_POLICY,
            PASSED: PASSED_TRUST,
            EVENTS: GRUDGE,
        },
    )


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return stance_plan(tmp_path / "s")


def test_only_declared_moved_or_read_pairs_are_kept(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    trust = {k: v for k, v in game.values.items() if k.startswith("trust:")}
    # member->chair: declared and moved; ceo->chair: moved and read; ceo->member: moved by a ballot (whose
    # subject is whichever voter casts it) and by a result. No other pair is kept.
    assert trust == {"trust:ceo:chair": 50, "trust:member:chair": 60, "trust:ceo:member": 50}
    assert game.trust("member", "chair") == 60
    assert game.trust("chair", "member") is None
    assert plan.trusted_by == {"chair": ("ceo", "member"), "member": ("ceo",)}


def test_a_choice_moves_trust_with_its_reasons_and_the_log_records_them(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    game.choose("call")
    assert game.trust("member", "chair") == 45
    assert game.trust("ceo", "chair") == 20
    entry = next(e for e in game.log if e.kind == "decision" and e.id == "call_vote")
    assert [(r.observer, r.subject, r.old, r.new, r.cause) for r in entry.trust] == [
        ("member", "chair", 60, 45, "chair"),
        ("ceo", "chair", 50, 20, "chair"),
    ]
    assert entry.trust[0].because is not None and entry.trust[0].because.get("zh") == "你发起了投票"
    assert entry.trust[0].change == -15


def test_stances_show_value_delta_and_reasons_since_the_last_choice(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    before = {v.seat: (v.value, v.delta, v.reasons) for v in game.stances("chair")}
    assert before == {"ceo": (50, 0, ()), "member": (60, 0, ())}
    game.choose("call")
    views = {v.seat: v for v in game.stances("chair")}
    assert (views["ceo"].value, views["ceo"].delta) == (20, -30)
    assert [r.because.get("en") for r in views["ceo"].reasons if r.because] == ["you moved against the CEO"]
    assert (views["member"].value, views["member"].delta) == (45, -15)
    game.choose("yes")  # the chair's ballot costs the CEO's trust again; the last choice is now the ballot
    views = {v.seat: v for v in game.stances("chair")}
    assert (views["ceo"].value, views["ceo"].delta) == (10, -10)
    assert [(r.old, r.new, r.cause) for r in views["ceo"].reasons] == [(20, 10, "chair")]
    assert (views["member"].value, views["member"].delta, views["member"].reasons) == (45, 0, ())
    # The member's ballot and the result moved the CEO's trust in the member, with no seat to blame for the result.
    vote = next(e for e in game.log if e.kind == "vote")
    assert [(r.observer, r.subject, r.new, r.cause) for r in vote.trust] == [
        ("ceo", "chair", 10, "chair"),
        ("ceo", "member", 40, "member"),
        ("ceo", "member", 35, None),
    ]
    assert game.stances("member")[0].value == 35


def test_changes_since_last_decision_leave_trust_to_stances(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    game.choose("call")
    assert game.changes_since_last_decision() == {"trust": -5, "letters": 1}  # letters: the grudge event


def test_a_vote_follows_an_unplayed_directors_trust(tmp_path: Path) -> None:
    trusting = Game(stance_plan(tmp_path / "a", member_start=60), ["chair"])
    trusting.choose("call")  # member's trust falls to 45: still above 40, so the member votes as history did
    trusting.choose("yes")
    assert trusting.values["fired"] is True
    wary = Game(stance_plan(tmp_path / "b", member_start=50), ["chair"])
    wary.choose("call")  # 35: below 40, so the member's policy votes no and the motion fails 1-1
    wary.choose("yes")
    vote = next(e for e in wary.log if e.kind == "vote")
    assert vote.tally is not None and vote.tally["ballots"] == {"chair": "yes", "member": "no"}
    assert wary.values["fired"] is False


def test_waiting_events_wake_when_trust_changes(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    assert "grudge" not in game.state.seen
    minute = game.state.minute
    game.choose("call")
    # The CEO's trust fell to 20 with no clock time passing; the event reading it fired at once.
    grudge = next(e for e in game.log if e.kind == "event" and e.id == "grudge")
    assert grudge.minute == minute
    assert game.values["letters"] == 1


def test_undo_and_fork_restore_trust_and_its_reasons(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    game.choose("call")
    twin = game.fork()
    twin.choose("yes")
    assert twin.trust("ceo", "chair") == 10
    assert game.trust("ceo", "chair") == 20  # the fork played on alone
    game.choose("yes")
    game.undo()
    views = {v.seat: v for v in game.stances("chair")}
    assert (views["ceo"].value, views["ceo"].delta, len(views["ceo"].reasons)) == (20, -30, 1)
    game.undo()
    assert [(v.seat, v.value, v.delta, v.reasons) for v in game.stances("chair")] == [
        ("ceo", 50, 0, ()),
        ("member", 60, 0, ()),
    ]


def test_lean_games_move_trust_alike_but_keep_no_reasons(plan: Plan) -> None:
    full, lean = Game(plan, ["chair"]), Game(plan, ["chair"], lean=True)
    for game in (full, lean):
        game.choose("call")
        game.choose("yes")
    assert full.values == lean.values
    assert all(v.reasons == () for v in lean.stances("chair"))


def test_saves_rebuild_trust(plan: Plan) -> None:
    game = Game(plan, ["chair"])
    game.choose("call")
    restored = restore(plan, snapshot(game, lang="en")).game
    assert restored.values == game.values
    assert [(v.seat, v.value, v.delta) for v in restored.stances("chair")] == [
        (v.seat, v.value, v.delta) for v in game.stances("chair")
    ]


def test_state_keys_tell_trust_apart(plan: Plan) -> None:
    a, b = Game(plan, ["chair"], lean=True), Game(plan, ["chair"], lean=True)
    assert state_key(a, frozenset()) == state_key(b, frozenset())
    b.state.values["trust:member:chair"] = 10
    assert state_key(a, frozenset()) != state_key(b, frozenset())


def test_history_explore_and_randomtest_play_with_stances(plan: Plan) -> None:
    for seat in ("chair", "ceo"):
        game = play_historical(plan, [seat])
        assert game.ending is not None and game.ending.historical and diverged_at(game) is None
    assert explore(plan).unreached_endings == []
    batch = randomtest(plan, 60, seed=1)
    assert batch.errors == [] and batch.runs == 60


def test_trust_that_is_read_but_never_moved_is_a_lint_warning(tmp_path: Path) -> None:
    quiet = mini_with(
        tmp_path / "q",
        {
            "\nseats:\n": "\nstance: {start: 50}\nseats:\n",
            "when: fired\n": 'when: "fired and trust(member, ceo) > 10"\n',
        },
    )
    warnings = [p for p in lint(quiet) if "trust(member, ceo)" in p.message]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "no option, event or vote result moves it" in warnings[0].message
    moved = stance_plan(tmp_path / "m")
    assert not [p for p in lint(moved) if "trust(" in p.message]


MINI_TEXT = (MINI / "scenario.yaml").read_text(encoding="utf-8")


def _errors(tmp_path: Path, swaps: dict[str, str]) -> tuple[str, list[tuple[int, str]]]:
    text = MINI_TEXT
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new)
    return text, [(p.line, p.message) for p in problems_for(tmp_path, text)]


def test_unknown_seats_and_missing_subjects_are_located_errors(tmp_path: Path) -> None:
    text, errors = _errors(
        tmp_path,
        {
            "\nseats:\n": "\nstance:\n  toward:\n    nobody: {chair: 10}\n    ceo: {chiar: 10}\nseats:\n",
            CALL: CALL.replace(
                "next:", "trust: [{seat: membr, change: -1}, {seat: ceo, of: cheir, change: 1}]\n        next:"
            ),
            PASSED: "passed: {effects: {fired: true}, trust: [{seat: ceo, change: -5}]}",
            "    effects: {letters: 3}\n": "    effects: {letters: 3}\n    trust: [{seat: ceo, change: 1}]\n",
            "      - {id: leave,": "      - {id: stay, text: {en: Stay, zh: 留下}, trust: [{seat: ceo, change: 3}]}\n      - {id: leave,",
        },
    )
    expected = {
        (line_of(text, "nobody:"), "unknown seat 'nobody'"),
        (line_of(text, "chiar"), "unknown seat 'chiar'; did you mean 'chair'?"),
        (line_of(text, "membr"), "unknown seat 'membr'; did you mean 'member'?"),
        (line_of(text, "cheir"), "unknown seat 'cheir'; did you mean 'chair'?"),
    }
    assert expected <= set(errors), errors
    subjects = [line for line, message in errors if message.startswith("say whose trust moves")]
    assert subjects == [
        line_of(text, "passed: {effects: {fired: true}, trust"),
        line_of(text, "trust: [{seat: ceo, change: 1}]"),
    ]
    itself = [line for line, message in errors if "cannot change its trust in itself" in message]
    assert itself == [line_of(text, "id: stay")]


def test_trust_needs_a_stance_block_and_known_seats_in_conditions(tmp_path: Path) -> None:
    text, errors = _errors(
        tmp_path / "a", {CALL: CALL.replace("next:", "trust: [{seat: member, change: -1}]\n        next:")}
    )
    assert errors == [
        (line_of(text, "trust: [{seat: member"), "trust changes need a 'stance:' block at the top of the scenario")
    ]
    text, errors = _errors(tmp_path / "b", {"when: fired\n": 'when: "trust(member, ceo) > 1"\n'})
    assert [m for _, m in errors] == ["in condition: trust() needs a 'stance:' block at the top of the scenario"]
    text, errors = _errors(
        tmp_path / "d", {"\nseats:\n": "\nstance: {}\nseats:\n", "when: fired\n": 'when: "trust(member, boss) > 1"\n'}
    )
    assert errors == [(line_of(text, "trust(member"), "in condition: unknown seat 'boss'")]


def test_the_mini_scenario_is_unchanged_without_a_stance(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    assert not any(k.startswith("trust:") for k in game.values)
    assert game.stances("chair") == []
    assert check(MINI)[1] == []


def test_the_guides_stance_example_plays_as_the_guide_says(tmp_path: Path) -> None:
    import re

    from .helpers import ROOT, write_scenario

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    body = next(b for b in re.findall(r"```yaml scenario\n(.*?)```", guide, flags=re.S) if "\nstance:" in b)
    write_scenario(tmp_path, body)
    shutil.copy(MINI / "seeds" / "fx.yaml", tmp_path / "seeds" / "fx.yaml")
    (tmp_path / "seeds" / "facts.yaml").write_text(
        next(b for b in re.findall(r"```yaml factsheet\n(.*?)```", guide, flags=re.S)), encoding="utf-8"
    )
    plan, problems = check(tmp_path)
    assert plan is not None, [p.format() for p in problems]
    for option, trust, ending in (("board_first", 25, "feud"), ("founder_first", 60, "truce")):
        game = Game(plan, ["director"])
        game.choose(option)
        assert game.trust("founder", "director") == trust
        assert game.ending is not None and game.ending.id == ending
        (view,) = game.stances("director")
        assert view.seat == "founder" and view.value == trust and len(view.reasons) == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The CEO: Trust in you ▼30: you moved against the CEO"),
        ("zh", "首席执行官对你的信任 ▼30：你对首席执行官出手"),
    ],
)
def test_transcripts_tell_the_player_how_each_seat_took_their_choice(plan: Plan, lang: str, expected: str) -> None:
    from game.narrate import log_lines
    from game.replay import replay

    result = replay(plan, "chair", ["call", "yes"])
    lines = log_lines(result.game, "chair", lang)
    assert f"    {expected}" in lines
    # The chair is told only about trust in the chair (three moves), not about the CEO's trust in the member.
    moves = [line for line in lines if "▼" in line or "▲" in line]
    assert len(moves) == 3 and all(("in you" if lang == "en" else "对你的") in line for line in moves)
    assert result.to_json(lang)["stances"] == {"ceo": 10, "member": 45}
