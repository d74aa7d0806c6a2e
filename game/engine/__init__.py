"""The simulation engine. Pure Python: it never imports textual or rich."""

from .game import ChoiceError, Game, OptionView, Pending
from .state import Choice, LogEntry, State

__all__ = ["Choice", "ChoiceError", "Game", "LogEntry", "OptionView", "Pending", "State"]
