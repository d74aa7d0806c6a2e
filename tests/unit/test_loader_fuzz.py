"""Random and mutated input never makes the loader raise: it reports located problems instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import check
from game.scenario.yamlsafe import read_yaml

from ..helpers import MINI_TEXT

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    doc = read_yaml(raw, "x.yaml")
    for p in doc.problems:
        assert p.line >= 1 and p.col >= 1 and p.message


@FAST
@given(st.text(alphabet=st.sampled_from(list("{}[]:,-&*!|>'\"#%@` \n\tab1")), max_size=200))
def test_yaml_punctuation_soup(text: str) -> None:
    doc = read_yaml(text.encode(), "x.yaml")
    for p in doc.problems:
        assert p.format().startswith("x.yaml:")


@FAST
@given(
    st.integers(min_value=0, max_value=len(MINI_TEXT) - 1),
    st.integers(min_value=0, max_value=40),
    st.text(max_size=12),
)
def test_mutated_scenario(fresh_dir: Callable[[str], Path], start: int, length: int, insert: str) -> None:
    folder = fresh_dir("fuzz")
    text = MINI_TEXT[:start] + insert + MINI_TEXT[start + length :]
    (folder / "scenario.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    plan, problems = check(folder)
    if plan is None:
        assert problems, "a rejected scenario must say why"
    for p in problems:
        assert p.line >= 1 and p.col >= 1 and p.file.endswith("scenario.yaml")
