"""Shared fixtures. UI fixtures are prefixed ``ui_``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario import Plan, check

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_plan() -> Plan:
    plan, problems = check(MINI)
    assert plan is not None, [p.format() for p in problems]
    return plan


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini scenario that a test may edit."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target
