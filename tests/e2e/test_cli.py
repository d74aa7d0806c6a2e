"""The command line: exit codes, messages, plain mode and replay.

A few tests start `python -m game` as a user does (exit codes, real pipes, the environment); the rest call
the same entry point in this process (``run_cli``), which checks the same output without an interpreter start.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main

from ..helpers import MINI_TEXT, run_cli, run_game, write_scenario

ROOT = Path(__file__).resolve().parents[2]
MINI = "tests/fixtures/mini"


run = run_game  # a real process


def test_validate_ok() -> None:
    out = run("validate", MINI)
    assert out.returncode == 0
    assert "ok: tests/fixtures/mini" in out.stdout


def test_validate_lists_every_problem_without_traceback(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("actor: ceo", "actor: nobody").replace("start: 50}", "start: lots}")
    write_scenario(tmp_path, text)
    out = run_cli("validate", str(tmp_path))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    lines = [line for line in out.stdout.splitlines() if line]
    # All stages in one run: the type error does not hide the reference error in another decision.
    assert len(lines) == 2
    assert all(line.startswith(f"{tmp_path}/scenario.yaml:") for line in lines)
    assert "meters[0].start" in lines[0] and "unknown seat 'nobody'" in lines[1]


def test_validate_json(tmp_path: Path) -> None:
    write_scenario(tmp_path, MINI_TEXT.replace("actor: ceo", "actor: nobody"))
    out = run_cli("validate", str(tmp_path), "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 1
    assert report[0]["problems"][0]["line"] > 1 and report[0]["problems"][0]["severity"] == "error"


def test_validate_hostile_files(tmp_path: Path) -> None:
    (tmp_path / "bomb").mkdir()
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    (tmp_path / "bomb" / "s.yaml").write_text("\n".join(lines))
    (tmp_path / "tag").mkdir()
    (tmp_path / "tag" / "s.yaml").write_text("id: !!python/object/apply:os.system ['true']\n")
    (tmp_path / "bytes").mkdir()
    (tmp_path / "bytes" / "s.yaml").write_bytes(b"id: \xc3\x28\n")
    out = run_cli("validate", str(tmp_path))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert "alias" in out.stdout and "tag" in out.stdout and "UTF-8" in out.stdout


def test_replay_historical_json() -> None:
    out = run("replay", MINI, "--role", "chair", "--choices", "historical", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["scenario"] == "mini" and data["role"] == "chair"
    assert data["choices"] == ["call", "yes"]
    assert data["ending"] == "return" and data["ending_historical"] is True
    assert data["diverged_at"] is None


def test_replay_with_choices_and_chinese_transcript() -> None:
    out = run_cli("replay", MINI, "--role", "chair", "--choices", "wait", "--lang", "zh")
    assert out.returncode == 0, out.stderr
    assert "你选择了：等待" in out.stdout
    out = run_cli("replay", MINI, "--role", "chair", "--choices", "wait", "--json")
    data = json.loads(out.stdout)
    assert data["diverged_at"] == "call_vote" and data["ending_historical"] is False


def test_replay_bad_choice_is_a_clear_error() -> None:
    out = run_cli("replay", MINI, "--role", "chair", "--choices", "leak")
    assert out.returncode == 1
    assert "'leak' is not an available option at decision 'call_vote' (options: call, wait)" in out.stderr


@pytest.mark.parametrize(
    ("args", "runner"),
    [
        (["--bogus"], run),
        (["replay", MINI], run_cli),
        (["replay", MINI, "--role", "chair", "--choices", "historical", "--lang", "fr"], run_cli),
        (["play", MINI, "--plain"], run_cli),
        (["play", MINI, "--role", "nobody", "--plain"], run_cli),
        (["nonsense-command"], run),
    ],
    ids=["bogus", "replay-no-role", "replay-lang-fr", "plain-no-role", "plain-bad-role", "nonsense"],
)
def test_bad_arguments_exit_2(args: list[str], runner) -> None:  # type: ignore[no-untyped-def]
    out = runner(*args)
    assert out.returncode == 2, out
    assert "usage:" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("command", [[], ["play"], ["validate"], ["replay"]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: boardroom" in capsys.readouterr().out


def test_plain_mode_plays_to_the_end(tmp_path: Path) -> None:
    out = run("play", MINI, "--role", "chair", "--plain", "--saves-dir", str(tmp_path), stdin="1\n1\n")
    assert out.returncode == 0, out.stderr
    assert "1. Call the vote" in out.stdout
    assert "(unavailable: You have nothing to leak.)" in out.stdout
    assert "Vote passed: 2 yes, 0 no" in out.stdout
    assert "=== Ending: The return ===" in out.stdout
    assert "For discussion:" in out.stdout
    assert (tmp_path / "autosave-mini-chair.json").exists()


def test_plain_mode_end_of_input_saves_and_can_continue(tmp_path: Path) -> None:
    out = run_cli("play", MINI, "--role", "chair", "--plain", "--saves-dir", str(tmp_path), "--lang", "zh", stdin="1\n")
    assert out.returncode == 0
    assert "输入已结束" in out.stdout
    saved = json.loads((tmp_path / "autosave-mini-chair.json").read_text())
    assert saved["choices"] == [["call_vote", "chair", "call"]]
    out = run_cli("play", MINI, "--plain", "--saves-dir", str(tmp_path), "--load", "autosave-mini-chair", stdin="2\n")
    assert out.returncode == 0, out.stderr
    assert "Remove the CEO" in out.stdout and "Nothing changes" in out.stdout


def test_plain_mode_rejects_bad_input_and_undoes(tmp_path: Path) -> None:
    out = run_cli("play", MINI, "--role", "chair", "--plain", "--saves-dir", str(tmp_path), stdin="9\nx\n3\n1\nu\n2\n")
    assert out.returncode == 0
    assert out.stdout.count("Please type a number from 1 to 3.") == 2
    assert "That option is not available: You have nothing to leak." in out.stdout
    assert "Undone." in out.stdout
    assert "Nothing changes" in out.stdout


def test_saves_dir_from_environment(tmp_path: Path) -> None:
    out = run("play", MINI, "--role", "chair", "--plain", stdin="q\n", env={"BOARDROOM_SAVES_DIR": str(tmp_path)})
    assert out.returncode == 0
    assert (tmp_path / "autosave-mini-chair.json").exists()


def test_markup_in_scenario_text_is_printed_verbatim(tmp_path: Path) -> None:
    write_scenario(tmp_path, MINI_TEXT.replace("{en: Call the vote,", '{en: "[@click=app.quit]Call[/]",'))
    out = run_cli("replay", str(tmp_path), "--role", "chair", "--choices", "historical")
    assert "[@click=app.quit]Call[/]" in out.stdout
