"""The game's flow with no UI: a table's session, the actions players take at it, and the events it tells.

Never imports textual or rich (tests/test_pure_core.py and the import-linter contract check it).
"""

from .events import Changed, Ended, Event, Happened, Listener, Reopened, SaveFailed, TimedOut, TurnPassed
from .session import LoadError, Session
from .table import Controller, Reload

__all__ = [
    "Changed",
    "Controller",
    "Ended",
    "Event",
    "Happened",
    "Listener",
    "LoadError",
    "Reload",
    "Reopened",
    "SaveFailed",
    "Session",
    "TimedOut",
    "TurnPassed",
]
