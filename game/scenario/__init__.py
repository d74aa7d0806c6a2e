"""The scenario format: models, safe YAML loading, the condition language and checks."""

from .loader import check, load
from .plan import Plan
from .problems import Problem, ScenarioError
from .text import LText

__all__ = ["LText", "Plan", "Problem", "ScenarioError", "check", "load"]
