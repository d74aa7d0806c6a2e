"""End to end in headless Chromium: a teacher starts a class (`boardroom class start`), three students join
in three browser contexts, two of them sit at a board table and cast secret ballots, one plays a game to its
end and downloads the transcript, the dashboard shows all three, and the CSV export has their rows."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from game import catalog
from game.classroom.record import ClassRecord
from tests.e2e.class_driver import ClassRun, Student, launch, start_class

END = "You · class · history"


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    started = start_class(tmp_path, "--no-aftermath")
    try:
        yield started
    finally:
        started.stop()


def play_to_the_end(student: Student) -> None:
    """A single seat, from the lobby: the first seat, its role card, then an option at each decision."""
    student.wait_for("Play a seat")
    student.press("Enter")
    student.wait_for("Take the seat")
    student.press("Enter")
    keys = ("1", "2", "3")
    for n in range(80):
        if END in student.text():
            return
        # An option that is closed now says so, and the next key tries another. Each key waits until the game has
        # finished drawing what it caused; a key that came sooner would be dropped (it names an option of a
        # decision already taken), which costs a turn of this loop, not the game.
        student.press(keys[n % 3], pause=0)
        student.settle(most=2000)
    student.wait_for(END, timeout=30)


def to_the_table(student: Student) -> None:
    """From the lobby to the board table, the list's last entry."""
    student.wait_for("Board tables")
    student.wait_for("seats taken")
    student.press("End", "Enter")
    student.wait_for("DISCUSSION BEFORE THE VOTE", "Your decision.", "Your ballot.", "is deciding", timeout=60)


def ballots(run: ClassRun, seat: str) -> int:
    """Ballots ``seat`` has cast in the table's game, read from the class record. The screen cannot tell: "You
    voted" shows only while other ballots are awaited, and the other seat may well vote first."""
    plan = catalog.plan_by_id("november-2023")
    assert plan is not None
    with ClassRecord.read(run.db) as record:
        game = next((g for g in record.games() if seat in g.players and len(g.players) > 1), None)
        if game is None:
            return 0
        return sum(1 for c in record.choices(game.id) if c.seat == seat and plan.decisions[c.decision].vote is not None)


def ballot(run: ClassRun, seat: str, student: Student, other: Student) -> None:
    """Through the table's decisions until ``seat`` has cast a ballot: end the discussion, take an option."""
    deadline = time.monotonic() + 180
    while ballots(run, seat) == 0:
        assert time.monotonic() < deadline, student.text()[-1500:]
        for who in (student, other):  # the other seat's turns come between, and it must take them
            who.press("e", "1", pause=300)


def test_a_class_in_chromium(run: ClassRun, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        teacher = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
        teacher.goto(run.teacher)
        teacher.wait_for_selector("#seat-boxes input[value=toner]")
        teacher.check("#seat-boxes input[value=sutskever]")
        teacher.check("#seat-boxes input[value=toner]")
        teacher.fill("#table-seconds", "10")
        teacher.click("#open-table")
        teacher.wait_for_selector("#tables h3")

        ana, ben, cleo = (Student.open(browser, name) for name in ("Ana", "Ben", "Cleo"))
        for student in (ana, ben, cleo):  # their games start side by side
            student.send_join(run)
        for student in (ana, ben, cleo):
            student.ready()
        for name in ("Ana", "Ben", "Cleo"):
            teacher.wait_for_selector(f"#students td:text-is('{name}')", timeout=30_000)

        for name in ("Ana", "Ben"):  # each into the table's first free seat
            teacher.select_option("#tables select >> nth=0", label=name)
            teacher.wait_for_selector(f"#tables td:text-is('{name}')", timeout=30_000)

        to_the_table(ana)
        to_the_table(ben)
        ballot(run, "sutskever", ana, ben)  # each into the table's first free seat: Ana, then Ben
        ballot(run, "toner", ben, ana)
        ana.wait_for("Last vote", timeout=60)  # the tally, once both ballots were in

        play_to_the_end(cleo)
        with cleo.page.expect_download(timeout=60_000) as delivered:
            cleo.press("t")
        transcript = Path(delivered.value.path()).read_text(encoding="utf-8")
        assert "Ilya Sutskever" in transcript

        teacher.wait_for_selector("#endings li", timeout=30_000)
        names = teacher.inner_text("#students")
        with teacher.expect_download(timeout=60_000) as exported:
            teacher.click("a.csv >> nth=0")
        rows = list(csv.DictReader(io.StringIO(Path(exported.value.path()).read_text(encoding="utf-8"))))
        browser.close()

    assert all(name in names for name in ("Ana", "Ben", "Cleo"))
    assert {"Ana", "Ben", "Cleo"} <= {r["student"] for r in rows}
    with ClassRecord.read(run.db) as record:
        games = record.games()
        table_game = next(g for g in games if set(g.players) == {"sutskever", "toner"})
        seats = {c.seat for c in record.choices(table_game.id)}
        solo = next(g for g in games if g.status == "finished" and len(g.players) == 1)
    assert {"sutskever", "toner"} <= seats  # both devices' ballots are in the table's one game
    assert len([r for r in rows if r["student"] == "Cleo"]) == len(record_choices(run, solo.id)) > 5


def record_choices(run: ClassRun, game: int) -> list[object]:
    with ClassRecord.read(run.db) as record:
        return list(record.choices(game))
