#!/usr/bin/env python3
"""A simulated class in headless Chromium on this machine: a teacher, a board table of four and solo players.

    python3 scripts/simulate_class.py --solo 10 [--shots docs/img] [--minutes 15]

Starts `boardroom class start november-2023` on a free loopback port (balanced seats, no 'what happened'
cards), opens the dashboard and the projector, opens a table of the four directors from the dashboard and
seats four students there, and lets SOLO more students join and play a seat each to its end, every student in
a browser context of its own, all at once, pressing keys round the table. Then the teacher releases the
debrief, one student answers the reflection, and the script prints what the dashboard and the exports say.
With --shots it saves the join page, the dashboard, the projector's two views and a student's end screen as
PNG files. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.class_driver import ClassRun, Student, launch, start_class  # noqa: E402

END = "You · class · history"
DIRECTORS = ("sutskever", "toner", "mccauley", "dangelo")
READ = 1.0  # seconds a simulated student looks at a new screen before the next key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solo", type=int, default=10, help="students who play a seat alone")
    parser.add_argument("--shots", type=Path, help="save screenshots (PNG) in this folder")
    parser.add_argument("--minutes", type=float, default=15, help="stop playing after this long")
    parser.add_argument("--keep", type=Path, help="keep the class record and the server's log in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        run = start_class(
            folder, "--no-aftermath", "--seat-mode", "balanced", "--prompt", "What would you do differently?"
        )
        try:
            return simulate(run, args)
        finally:
            run.stop()


def shot(page, folder: Path | None, name: str, full: bool = False) -> None:  # type: ignore[no-untyped-def]
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=full)


def simulate(run: ClassRun, args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    began = time.monotonic()
    with sync_playwright() as pw:
        browser = launch(pw)
        teacher = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True).new_page()
        teacher.goto(run.teacher)
        teacher.wait_for_selector("#seat-boxes input[value=toner]")
        teacher.fill("#table-label", "Board A")
        for seat in DIRECTORS:
            teacher.check(f"#seat-boxes input[value={seat}]")
        teacher.fill("#table-seconds", "10")
        teacher.click("#open-table")
        teacher.wait_for_selector("#tables h3")
        projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        projector.goto(run.projector)
        projector.wait_for_timeout(3000)

        table = [Student.open(browser, name) for name in ("Ilse", "Hana", "Tomas", "Dev")]
        solo = [Student.open(browser, f"Student {n + 1:02d}") for n in range(args.solo)]
        first = solo[0]
        first.page.goto(f"{run.url}/?code={run.code}")
        first.page.fill("input[name=name]", first.name)
        shot(first.page, args.shots, "class-join.png")
        joined_at = time.monotonic()
        for student in [*table, *solo]:
            student.join(run)
        print(f"{len(table) + len(solo)} students joined in {time.monotonic() - joined_at:.0f} s")
        shot(projector, args.shots, "class-projector.png")
        for student in table:
            teacher.select_option("#tables select >> nth=0", label=student.name)
            teacher.wait_for_selector(f"#tables td:text-is('{student.name}')", timeout=30_000)
        for student in table:
            student.wait_for("seats taken")
            student.press("End", "Enter")
        for student in solo:
            student.wait_for("Your seat", "Play a seat")
            student.press("Enter")
        for student in solo:
            student.wait_for("Take the seat")
            student.press("Enter")

        deadline = began + args.minutes * 60
        keys = ("1", "2", "3")
        n = 0
        # A student presses the next key only once their screen has answered the last one and they have had a
        # moment to read it, as a person would (a burst of keys queued behind a busy process is another test).
        answered = {s.name: (-1, 0.0) for s in [*table, *solo]}

        def ready(student: Student) -> bool:
            length, at = answered[student.name]
            return len(student.stream) > length and time.monotonic() - at > READ

        def press(student: Student, *pressed: str) -> None:
            student.press(*pressed, pause=50)
            answered[student.name] = (len(student.stream), time.monotonic())

        while time.monotonic() < deadline:
            playing = [s for s in solo if END not in s.text()]
            table_over = all("THE TABLE'S ENDING" in s.text() for s in table)
            if not playing and table_over:
                break
            for student in playing:
                if ready(student):
                    press(student, keys[n % 3])
            if not table_over:
                for student in table:
                    if ready(student):
                        press(student, "e", keys[n % 3])
            teacher.wait_for_timeout(100)
            n += 1
            if n == 150:
                teacher.wait_for_timeout(3000)
                shot(teacher, args.shots, "class-dashboard.png", full=True)
        print(f"played for {time.monotonic() - began:.0f} s")

        closed = [s.name for s in [*table, *solo] if s.page.evaluate("document.body.classList.contains('-closed')")]
        print("pages whose game ended its session:", ", ".join(closed) or "none")
        run.control("debrief")
        done = [s for s in solo if END in s.text()]
        if done:
            writer = done[0]
            writer.page.wait_for_timeout(3000)
            shot(writer.page, args.shots, "class-end.png")
            writer.press("r")
            writer.page.wait_for_timeout(1000)
            writer.page.keyboard.type("I would wait for the investigation before the vote.")
            writer.press("Control+s")
            writer.page.wait_for_timeout(2000)
        projector.click("#to-live")
        projector.wait_for_timeout(3500)
        shot(projector, args.shots, "class-projector-live.png")
        teacher.wait_for_timeout(3000)
        state = run.state()
        browser.close()

    choices = list(csv.DictReader(io.StringIO(run.export("choices.csv"))))
    reflections = list(csv.DictReader(io.StringIO(run.export("reflections.csv?pseudonymise=1"))))
    print(
        f"students on the dashboard: {state['counts']['joined']}; games: {len(state['games'])}; "
        f"finished: {state['counts']['finished']}"
    )
    for t in state["tables"]:
        print(
            f"table {t['label']}: {t['status']}; seats: " + ", ".join(f"{x['name']}={x['student']}" for x in t["seats"])
        )
    for line in state["summary"]:
        print("summary:", line)
    for ending in state["endings"]:
        print("ending:", ending["players"], "->", ending["ending"])
    timeouts = sum(g["timeouts"] for g in state["games"])
    print(
        f"CSV: {len(choices)} choices from {len({r['student'] for r in choices})} students; "
        f"{timeouts} timeouts; {len(reflections)} reflection(s), pseudonymised: "
        + ", ".join(r["student"] for r in reflections)
    )
    unfinished = [s["name"] for s in state["students"] if s["screen"] not in ("ending", "reflection", "debrief")]
    print("not at an end screen:", ", ".join(unfinished) or "nobody")
    return 0


if __name__ == "__main__":
    sys.exit(main())
