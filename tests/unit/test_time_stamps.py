"""Times in logs and transcripts: the weekday within a week, the date beyond one, the year across one.

The rule lives on the plan (``spans_weeks``, ``spans_years``) and is shared by transcripts, the play log, the
aftermath card, the debrief and the graph.
"""

from __future__ import annotations

from pathlib import Path

from game.authoring.graph import build
from game.catalog import plan_by_id
from game.i18n import stamp
from game.replay import replay
from game.scenario import Plan, check

from ..helpers import MINI_TEXT, write_scenario


def _mini_with_clock(folder: Path, start: str, end: str) -> Plan:
    text = MINI_TEXT.replace(
        'clock: {start: "2023-11-17 09:00", end: "2023-11-18 18:00"}', f'clock: {{start: "{start}", end: "{end}"}}'
    )
    assert text != MINI_TEXT
    write_scenario(folder, text)
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


def test_a_week_shows_weekdays_and_longer_shows_dates(tmp_path: Path) -> None:
    week = _mini_with_clock(tmp_path / "week", "2023-11-17 09:00", "2023-11-24 09:00")
    assert not week.spans_weeks
    assert stamp(week, 60, "en") == "Fri 10:00" and stamp(week, 60, "zh") == "周五 10:00"
    assert build(week, None).nodes["d_call_vote"].label == "Fri 10:00 · Call the vote?"

    months = _mini_with_clock(tmp_path / "months", "2023-11-17 09:00", "2023-12-31 18:00")
    assert months.spans_weeks and not months.spans_years
    assert stamp(months, 60, "en") == "Fri 17 Nov 10:00" and stamp(months, 60, "zh") == "11月17日 周五 10:00"
    assert build(months, None).nodes["d_call_vote"].label == "Fri 17 Nov 10:00 · Call the vote?"

    years = _mini_with_clock(tmp_path / "years", "2023-11-17 09:00", "2024-01-05 18:00")
    assert years.spans_years
    assert stamp(years, 60, "en") == "Fri 17 Nov 2023 10:00" and stamp(years, 60, "zh") == "2023年11月17日 周五 10:00"
    assert build(years, None).nodes["d_call_vote"].label == "Fri 17 Nov 2023 10:00 · Call the vote?"


def test_a_transcript_of_a_seven_week_scenario_dates_every_line() -> None:
    plan = plan_by_id("apple-1985")
    assert plan is not None and plan.spans_weeks
    lines = replay(plan, "jobs", None).transcript("en").splitlines()
    stamped = [line for line in lines if line.startswith("[")]
    assert stamped[0].startswith("[Wed 10 Apr 15:00] ")
    assert any(line.startswith("[Thu 30 May 16:00] ") for line in stamped)


def test_a_transcript_of_a_week_keeps_weekdays() -> None:
    plan = plan_by_id("november-2023")
    assert plan is not None and not plan.spans_weeks
    lines = replay(plan, "toner", None).transcript("en").splitlines()
    assert any(line.startswith("[Fri 12:00] ") or line.startswith("[Thu ") for line in lines)
    assert not any(line.startswith("[Fri 17 Nov") for line in lines)
