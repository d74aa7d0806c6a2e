"""A save meets an edited scenario: plain mode says so in the TUI's words; lint --against finds renames."""

from __future__ import annotations

import json
from pathlib import Path

from game.authoring.compat import breaking_changes
from game.i18n import t
from game.scenario import Plan, check

from ..helpers import MINI_TEXT, line_of, run_cli, write_scenario


def test_plain_mode_explains_a_save_that_no_longer_fits(tmp_path: Path) -> None:
    folder, saves = tmp_path / "mini", tmp_path / "saves"
    write_scenario(folder, MINI_TEXT)
    out = run_cli("play", str(folder), "--role", "chair", "--plain", "--saves-dir", str(saves), stdin="1\n")
    assert out.returncode == 0, out.stderr
    assert json.loads((saves / "autosave-mini-chair.json").read_text())["choices"] == [["call_vote", "chair", "call"]]
    write_scenario(folder, MINI_TEXT.replace("      - id: call\n", "      - id: summon\n"))
    out = run_cli(
        "play", str(folder), "--plain", "--saves-dir", str(saves), "--load", "autosave-mini-chair", stdin="2\n"
    )
    assert out.returncode == 0, out.stderr
    dialog = t("ui.load.changed", "en", n=1, total=1, decision="Call the vote?")
    assert f"boardroom: {t('ui.load.changed_title', 'en')}. {dialog}" in out.stderr
    assert "was for" not in out.stderr  # the old, garbled line
    assert "Call the vote?" in out.stdout  # the game goes on from the choice that no longer fits


def test_lint_against_points_at_the_old_file_and_suggests_renames(mini_plan: Plan, tmp_path: Path) -> None:
    text = MINI_TEXT.replace("  - id: respond\n", "  - id: respond_now\n").replace(
        "- {id: no, text:", "- {id: nay, text:"
    )
    text = text.replace("  - id: ceo\n", "  - id: chief\n").replace("actor: ceo", "actor: chief")
    text = text.replace("voters: [chair, ceo, member]", "voters: [chair, chief, member]")
    text = text.replace("recuse: [{seat: ceo,", "recuse: [{seat: chief,")
    write_scenario(tmp_path, text)
    edited, problems = check(tmp_path)
    assert edited is not None, [p.format() for p in problems]
    found = {p.message.split(" was ")[0]: p for p in breaking_changes(mini_plan, edited)}
    assert set(found) == {"seat 'ceo'", "decision 'respond'", "option 'no' of decision 'fire_vote'"}
    old_file = mini_plan.locate(("id",), "").file  # type: ignore[misc]
    for problem in found.values():
        assert problem.file == old_file  # where the id stood, in the old version
    assert found["decision 'respond'"].line == line_of(MINI_TEXT, "  - id: respond")
    assert found["decision 'respond'"].message.endswith("; renamed to 'respond_now'?")
    assert found["seat 'ceo'"].line == line_of(MINI_TEXT, "  - id: ceo")
    assert found["seat 'ceo'"].message.endswith("; renamed to 'chief'?")  # the same name, another id
    option = found["option 'no' of decision 'fire_vote'"]
    assert option.line == line_of(MINI_TEXT, "- {id: no, text:") and option.message.endswith("renamed to 'nay'?")
    assert "saves made with the old version stop there" in option.message
