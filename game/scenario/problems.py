"""Problems found while loading untrusted files, reported as ``file:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..sanitize import clean, clean_line

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]  # a place in the data: keys and list indexes, as pydantic's ``loc``


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str
    severity: Severity = "error"
    code: str = "error"
    # Where in the data it is, as pydantic's ``loc`` (keys and list indexes), when the problem came from there.
    loc: Loc = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # A message may quote the file, and a file's name is chosen by whoever sent it: both are cleaned
        # here, once, so no reader of a problem (terminal, TUI, JSON, LSP) can be handed an escape sequence.
        object.__setattr__(self, "file", clean_line(self.file))
        object.__setattr__(self, "message", clean(self.message))

    def format(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}:{self.col}: {tag}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class ScenarioError(Exception):
    """Raised with every problem found, never with a bare traceback for the user."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
