"""The simulation engine. Pure Python: it never imports textual or rich."""

from .game import ChoiceError, Game, OptionView, Pending, StanceView
from .state import Choice, LogEntry, State, TrustRecord

__all__ = [
    "Choice",
    "ChoiceError",
    "Game",
    "LogEntry",
    "OptionView",
    "Pending",
    "StanceView",
    "State",
    "TrustRecord",
]
