"""The condition language under hostile input: what validates runs everywhere, everything else is located."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import check
from game.scenario.expr import MAX_DEPTH, MAX_LENGTH, ExprError, Symbols, compile_condition

from ..helpers import MINI_TEXT, write_scenario

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SYMBOLS = Symbols(numbers={"trust", "secret"}, flags={"fired"}, seats={"chair"}, decisions={"d": {"o"}}, events={"e"})


class State:
    values = {"trust": 50, "secret": 10, "fired": False}
    played = frozenset({"chair"})
    chosen: set[tuple[str, str]] = set()
    decided: set[str] = set()
    seen: set[str] = set()


def numbers(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["trust", "secret", "0", "7", "12345678901234567890", "1.5"])
    if depth == 0:
        return leaf
    inner = numbers(depth - 1)
    return st.one_of(
        leaf,
        inner.map(lambda x: f"-{x}"),
        inner.map(lambda x: f"({x})"),
        st.lists(inner, min_size=2, max_size=30).map(" + ".join),
    )


def conditions(depth: int) -> st.SearchStrategy[str]:
    compare = st.tuples(numbers(2), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers(2)).map(" ".join)
    leaf = st.one_of(
        compare, st.sampled_from(["fired", "true", "played(chair)", "chose(d.o)", "decided(d)", "seen(e)"])
    )
    if depth == 0:
        return leaf
    inner = conditions(depth - 1)
    return st.one_of(
        leaf,
        inner.map(lambda x: f"not {x}"),
        inner.map(lambda x: f"({x})"),
        st.lists(inner, min_size=2, max_size=6).map(" and ".join),
        st.lists(inner, min_size=2, max_size=6).map(" or ".join),
    )


def _deepen(text: str, times: int, how: str) -> str:
    if how == "parens":
        return "(" * times + text + ")" * times
    return "not " * times + text


@FAST
@given(conditions(4), st.integers(0, 3 * MAX_DEPTH), st.sampled_from(["parens", "not"]))
def test_random_conditions_compile_and_run_or_fail_with_an_offset(text: str, extra: int, how: str) -> None:
    source = _deepen(text, extra, how)
    try:
        condition = compile_condition(source, SYMBOLS)
    except ExprError as exc:
        assert 0 <= exc.offset <= len(source) and str(exc)
        return
    assert condition(State()) in (True, False)  # runs, whatever its depth and length


@FAST
@given(st.text(max_size=300))
def test_random_text_is_a_condition_or_an_expr_error(text: str) -> None:
    try:
        condition = compile_condition(text, SYMBOLS)
    except ExprError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    assert condition(State()) in (True, False)


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("(" * (MAX_DEPTH + 1) + "fired" + ")" * (MAX_DEPTH + 1), "nests more than"),
        ("not " * 900 + "fired", "nests more than"),
        ("trust > " + "- " * 1000 + "1", "nests more than"),
        (" + ".join(["trust"] * 1000) + " > 1", "characters long"),
        ("trust > " + "9" * 5000, "characters long"),
        ("trust > " + "9" * 40, "too long"),
    ],
    ids=["parentheses", "not", "minus", "long-sum", "huge-number", "long-number"],
)
def test_limits_are_refused_with_a_message(source: str, fragment: str) -> None:
    with pytest.raises(ExprError, match=fragment):
        compile_condition(source, SYMBOLS)


def test_tokenizing_is_linear() -> None:
    # 1,000 times the limit: refused at once by length, and a long condition under the limit tokenizes in
    # one pass (no per-token slice of the rest): compile a 3,999-character sum.
    with pytest.raises(ExprError, match="characters long"):
        compile_condition("trust + " * 250_000 + "1 > 0", SYMBOLS)
    near = "trust > " + "+".join(["1"] * ((MAX_LENGTH - 10) // 2))
    assert len(near) <= MAX_LENGTH and compile_condition(near, SYMBOLS)(State()) in (True, False)


EVERYWHERE = "secret + " + "+".join(["1"] * 1000) + " > 50 and " + "(" * 20 + "not fired" + ")" * 20


def test_what_validates_runs_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "s"
    write_scenario(folder, MINI_TEXT.replace('when: "secret > 50"', f'when: "{EVERYWHERE}"'))
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    assert main(["validate", str(folder)]) == 0
    assert main(["lint", str(folder)]) in (0, 1)
    assert main(["explore", str(folder)]) == 0
    assert main(["randomtest", str(folder), "-n", "50", "--seed", "1"]) == 0
    assert main(["replay", str(folder), "--role", "chair", "--choices", "historical"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "ending" in out.out.lower()

    from game.plain import run_plain

    screen = io.StringIO()
    run_plain(plan, "chair", lang="en", seed=0, saves_dir=tmp_path, out=screen, inp=io.StringIO("3\n1\n1\nq\n"))
    assert "Leak it" in screen.getvalue()


@settings(FAST, max_examples=50)
@given(conditions(3), st.integers(0, 2 * MAX_DEPTH))
def test_random_conditions_in_a_scenario_are_located(fresh_dir: Callable[[str], Path], text: str, extra: int) -> None:
    folder = fresh_dir("cond")
    source = _deepen(text.replace("played(chair)", "fired").replace("chose(d.o)", "fired"), extra, "parens")
    source = source.replace("decided(d)", "decided(call_vote)").replace("seen(e)", "seen(uproar)")
    scenario = MINI_TEXT.replace('when: "secret > 50"', f'when: "{source}"')
    write_scenario(folder, scenario)
    plan, problems = check(folder)
    line = MINI_TEXT.splitlines().index('        when: "secret > 50"') + 1
    for p in problems:
        assert p.file.endswith("scenario.yaml") and (p.line, p.code) == (line, "condition"), p.format()
        assert 15 <= p.col <= 16 + len(source), p.format()
    assert plan is not None or problems
