"""A class record with one board table, to try tables by hand in two terminals.

    python3 scripts/demo_table.py /tmp/demo.sqlite [--one-free] [SEAT ...]
    python3 -m game class table --db /tmp/demo.sqlite --session 1 --student 1 --table 1
    python3 -m game class table --db /tmp/demo.sqlite --session 1 --student 2 --table 1 --lang zh

Makes a november-2023 session, one student per seat (Ana, Ben, ...) sitting at a table of those seats
(default Sutskever and Toner) with a 30-second discussion before each vote, and prints the ids.
``--one-free`` leaves the last student standing, to see the waiting room; ``... --sit 2`` seats them later.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.classroom.live import LiveClass  # after the path above
from game.classroom.record import ClassRecord, new_teacher_token

NAMES = ("Ana", "Ben", "Chen", "Dara", "Eli", "Fei")


def main(path: str, seats: list[str], one_free: bool) -> None:
    record = ClassRecord.open(Path(path))
    session = record.create_session("november-2023", new_teacher_token(), settings={"time_limit": 300})
    live = LiveClass(record, session.id)
    table = live.open_table("Board table", seats, discussion=30)
    for n, (seat, name) in enumerate(zip(seats, NAMES, strict=False), 1):
        student = live.join(name)[0]
        if not (one_free and n == len(seats)):
            live.sit(table, student.id, seat)
        print(f"{name}: --session {session.id} --student {student.id} --table {table} (seat {seat})")


def sit(path: str, student: int) -> None:
    """Seat a student who was left standing in the free seat of table 1."""
    live = LiveClass(ClassRecord.open(Path(path)), 1)
    table = live.table(1)
    assert table is not None and table.free_seats(), "no free seat at table 1"
    print("seated" if live.sit(1, student, table.free_seats()[0]) else "refused")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--sit" in args:
        sit(args[0], int(args[args.index("--sit") + 1]))
    else:
        rest = [a for a in args[1:] if a != "--one-free"]
        main(args[0], rest or ["sutskever", "toner"], "--one-free" in args)
