"""Every example in docs/authoring.md is checked: scenarios load, fragments validate, conditions compile,
and the console commands run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import check, models
from game.scenario.expr import Symbols, compile_condition
from game.scenario.facts import FactSheet
from game.scenario.yamlsafe import read_yaml

DOC = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```([^\n]*)\n(.*?)```", DOC, flags=re.S)


def blocks(kind: str) -> list[tuple[str, str]]:
    return [(info, body) for info, body in BLOCKS if info.split()[:2] == kind.split()[:2] or info == kind]


FACTSHEET = next(body for info, body in BLOCKS if info == "yaml factsheet")


def test_the_guide_has_examples_of_every_kind() -> None:
    infos = {info.split()[0] + (" " + info.split()[1] if len(info.split()) > 1 else "") for info, _ in BLOCKS}
    assert {"yaml scenario", "yaml fragment", "yaml factsheet", "condition", "console"} <= infos


@pytest.mark.parametrize(
    "body", [b for i, b in BLOCKS if i == "yaml scenario"], ids=lambda b: f"step-{b.count(chr(10))}-lines"
)
def test_tutorial_scenarios_load(body: str, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "facts.yaml").write_text(FACTSHEET, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(body, encoding="utf-8")
    plan, problems = check(tmp_path)
    assert plan is not None, "\n".join(p.format() for p in problems)
    assert problems == []


@pytest.mark.parametrize(
    ("info", "body"),
    [(i, b) for i, b in BLOCKS if i.startswith("yaml fragment")],
    ids=lambda v: str(v).split()[-1][:20],
)
def test_reference_fragments_validate(info: str, body: str) -> None:
    doc = read_yaml(body.encode(), "fragment.yaml")
    assert doc.problems == []
    getattr(models, info.split()[2]).model_validate(doc.data)


def test_factsheet_example_validates() -> None:
    FactSheet.model_validate(read_yaml(FACTSHEET.encode(), "facts.yaml").data)


def test_conditions_compile() -> None:
    symbols = Symbols(
        numbers={"staff_loyalty", "signatures", "investor_confidence"},
        flags={"board_resigned", "altman_fired"},
        seats={"altman", "toner"},
        decisions={"fire_vote": {"aye", "nay"}},
        events={"leak_story"},
        stance=True,
        traits={"toner": {"resolve"}},
    )
    lines = [line for _, body in blocks("condition") for line in body.splitlines() if line.strip()]
    assert len(lines) >= 5
    for line in lines:
        compile_condition(line, symbols)


def test_console_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = [line[2:] for _, body in blocks("console") for line in body.splitlines() if line.startswith("$ ")]
    assert commands
    for command in commands:
        args = shlex.split(command)
        assert args[0] == "boardroom"
        if args[1] == "play":  # interactive: check it would start, by replaying the same seat headless
            role = args[args.index("--role") + 1]
            args = ["replay", args[2], "--role", role, "--choices", "historical"]
        else:
            args = args[1:]
        assert main(args) == 0, (command, capsys.readouterr())
