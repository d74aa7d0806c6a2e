"""Short runs of the two kill -9 scripts: a process killed while it writes leaves nothing half-written.

Each script starts writer processes and kills them mid-write (see their docstrings); these runs keep them
working. The unit tests check the same writers in this process (tests/unit/test_output_files.py and
test_class_record.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_kill_during_save_script_finds_no_damage() -> None:
    """scripts/kill-during-save: kill -9 a writer mid-save, and every save reads back whole."""
    out = subprocess.run(
        [sys.executable, "scripts/kill-during-save", "-n", "3"], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("3 kills: 0 damaged saves") and out.stdout.rstrip().endswith(
        "0 left after the next start"
    )


def test_a_kill_mid_transaction_leaves_only_whole_games() -> None:
    """scripts/kill-during-record: kill -9 a writer mid-transaction, and the class record holds whole games."""
    out = subprocess.run(
        [sys.executable, "scripts/kill-during-record", "-n", "4"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("4 kills: 0 left the record damaged or partial")
