"""The decision timer's arithmetic, apart from Textual: the play screen feeds it elapsed time while it runs."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Countdown:
    """Seconds left for one decision. ``limit`` 0 means no timer."""

    limit: int = 0
    left: float = 0.0
    turn: object = None  # what the time is for (restarted when it changes)

    @property
    def on(self) -> bool:
        return self.limit > 0

    def restart(self, turn: object) -> None:
        self.turn, self.left = turn, float(self.limit)

    def spend(self, seconds: float) -> bool:
        """Use up time; True exactly when this runs the clock out."""
        if not self.on or self.left <= 0:
            return False
        self.left = max(0.0, self.left - seconds)
        return self.left == 0

    @property
    def shown(self) -> int:
        """Whole seconds as the player sees them (rounded up: 0 only when the time is gone)."""
        return math.ceil(self.left - 1e-9)

    @property
    def urgent(self) -> bool:
        return self.shown <= 10

    def text(self) -> str:
        seconds = max(0, self.shown)
        return f"{seconds // 60}:{seconds % 60:02d}"
