"""A non-editable install finds the bundled scenarios and fact sheets from any folder."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The wheel, built once per test run: the first test to need it builds it, under a lock, into a folder
    every pytest-xdist worker of this run shares (an isolated build fetches its backend, some 3 to 5 seconds),
    and the others find it there."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, above each worker's own
    out = shared / "wheel"
    with (shared / "wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        built = sorted(out.glob("boardroom-*.whl"))
        if not built:
            subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                check=True,
                capture_output=True,
                timeout=300,
            )
            built = sorted(out.glob("boardroom-*.whl"))
    return built[0]


def test_wheel_ships_scenarios_and_seeds(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("game/_data/scenarios/november-2023/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("game/_data/seeds/") and n.endswith(".yaml") for n in names)
    assert any(n.endswith("entry_points.txt") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_installed_package_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "HOME": str(tmp_path / "home")}
    env.pop("BOARDROOM_SAVES_DIR", None)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "replay",
            "november-2023",
            "--role",
            "altman",
            "--choices",
            "historical",
            "--json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert '"ending_historical": true' in out.stdout
    code = "import game.paths as p; print(p.in_checkout(), p.saves_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("False ")
    assert str(tmp_path / "home") in out.stdout
