"""The scenario format as pydantic models.

These models check shape and types. Everything that needs the whole scenario
(references, conditions, times, fact ids) is checked in ``validate.py``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    StringConstraints,
    field_validator,
)
from pydantic_core import core_schema

from ..sanitize import clean_line
from .text import LText


class Model(BaseModel):
    # defer_build: validators are built on first use, not at import, so the game's first screen comes sooner.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Localized(Model):
    """One string per language."""

    en: str | None = None
    zh: str | None = None


def _text(value: str | Localized) -> LText:
    if isinstance(value, Localized):
        return LText.of({"en": value.en, "zh": value.zh})
    return LText.of(value)


def _text_schema(_source: object, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """Validated (and documented in the JSON Schema) as ``str | Localized``, then made an LText."""
    return core_schema.no_info_after_validator_function(_text, handler(str | Localized))


# An LText at run time, which is what the type says; scenario files write a string or {en: ..., zh: ...}.
Text = Annotated[
    LText,
    GetPydanticSchema(_text_schema),
    Field(description="A string shown to players: one string, or {en: ..., zh: ...}."),
]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SCENARIO_ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
# A scenario's own id names folders and saves, never appears in conditions, so it may use hyphens.
ScenarioId = Annotated[str, StringConstraints(pattern=SCENARIO_ID_PATTERN, max_length=64)]
FactId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=96)]
Condition = Annotated[
    str | bool,
    Field(description="A condition in the expression language, e.g. 'staff_loyalty < 30 and not altman_fired'."),
]

_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$")


def parse_time(value: str) -> datetime:
    m = _TIME.match(value.strip())
    if not m:
        raise ValueError("a time is written 'YYYY-MM-DD HH:MM' (Pacific time), e.g. '2023-11-17 12:00'")
    year, month, day, hour, minute = (int(g) for g in m.groups())
    return datetime(year, month, day, hour, minute)


Time = Annotated[str, Field(description="In-world time, 'YYYY-MM-DD HH:MM', Pacific.")]


class SetTo(Model):
    set: int = Field(description="Set the meter or counter to this value instead of adding.")


EffectValue = int | bool | SetTo
Effects = Annotated[
    dict[str, EffectValue],
    Field(
        description="Meter or counter id: a number to add (or {set: N}); flag id: true or false.",
    ),
]


class Clock(Model):
    start: Time
    end: Time
    zone: str = Field("PT", max_length=16, description="Label shown after times; times are wall-clock in this zone.")

    @field_validator("start", "end")
    @classmethod
    def _time(cls, v: str) -> str:
        parse_time(v)
        return v

    @field_validator("zone")
    @classmethod
    def _one_line(cls, v: str) -> str:
        return clean_line(v)  # shown in the header on every screen: one short line, nothing a terminal acts on


class Meter(Model):
    id: Id
    label: Text
    short: Text | None = Field(
        None, description="A shorter label for narrow screens, used where the label would be cut, e.g. {en: Investors}."
    )
    start: int
    min: int = 0
    max: int = 100
    visible: bool = True
    description: Text | None = None


class Counter(Model):
    id: Id
    label: Text
    short: Text | None = Field(
        None, description="A shorter label for narrow screens, used where the label would be cut, e.g. {en: Investors}."
    )
    start: int = 0
    max: int | None = Field(None, description="Shown as 'value / max', e.g. signatures out of 770.")
    visible: bool = True
    description: Text | None = None


class Flag(Model):
    id: Id
    label: Text | None = None
    start: bool = False
    description: Text | None = None


class Seat(Model):
    id: Id
    name: Text
    kind: Literal["board", "executive", "other"]
    role: Text = Field(description="Position, e.g. 'Chief Scientist, director'.")
    bio: Text
    private: Text = Field(description="What this person privately knows. Shown only to this seat.")
    objective: Text
    playable: bool = True
    disposition: dict[Id, Annotated[list[int], Field(min_length=2, max_length=2)]] = Field(
        {},
        description="Traits drawn for each game from its seed, trait -> [low, high] (whole numbers, both "
        "included). Conditions read them as disposition(seat, trait), so unplayed seats differ from game to game.",
    )
    sources: list[FactId] = []


class Stance(Model):
    """Every seat's trust in every other seat, 0..100. Conditions read it as ``trust(observer, subject)``."""

    label: Text | None = Field(None, description="What the stance is called on screen, e.g. {en: Trust, zh: 信任}.")
    start: int = Field(50, ge=0, le=100, description="Every seat's starting trust in every other seat.")
    toward: dict[Id, dict[Id, Annotated[int, Field(ge=0, le=100)]]] = Field(
        {}, description="Starting values that differ: observer -> {subject: value}."
    )


class TrustChange(Model):
    """A move in one seat's trust in another, with the reason a player is shown."""

    seat: Id = Field(description="The seat whose trust moves (the observer).")
    of: Id | None = Field(
        None,
        description="The seat trusted more or less; on an option it defaults to the seat that chose it, "
        "on an event or a vote result it is required.",
    )
    change: int = Field(description="Added to the trust, which stays within 0..100.")
    because: Text | None = Field(None, description="Why, as the player is told: 'you went to Altman first'.")


Trust = Annotated[list[TrustChange], Field(description="Moves in seats' trust in one another (see 'stance').")]


class PolicyRule(Model):
    """When a seat that no person plays takes this option."""

    when: Condition = True
    seats: list[Id] | None = Field(None, description="Only these actors follow the rule; default every actor.")
    chance: float = Field(1.0, ge=0.0, le=1.0, description="Probability, drawn from the game's seed.")


class Option(Model):
    id: Id
    text: Text
    when: Condition | None = Field(None, description="Available only while this holds.")
    unavailable: Literal["show", "hide"] = Field("show", description="Show greyed with the reason, or hide.")
    reason: Text | None = Field(None, description="Why the option is unavailable.")
    effects: Effects = {}
    trust: Trust = []
    next: Id | None = Field(None, description="A decision that follows at once, or an ending that ends the game.")
    outcome: Text | None = Field(None, description="Shown to the chooser after choosing.")
    news: Text | None = Field(None, description="Shown to every seat in the log when chosen.")
    historical: bool | list[Id] = Field(
        False, description="true if history took this option; in a vote, the seats that cast this ballot."
    )
    ballot: Literal["yes", "no", "abstain"] | None = Field(None, description="In a vote, how this option counts.")
    inaction: bool = Field(False, description="Taken when a timed player runs out of time (doing nothing).")
    policy: list[PolicyRule] = []
    sources: list[FactId] = []


class Recusal(Model):
    seat: Id
    when: Condition = True
    reason: Text | None = None


class Result(Model):
    text: Text | None = None
    effects: Effects = {}
    trust: Trust = []
    next: Id | None = None
    sources: list[FactId] = []


class Vote(Model):
    voters: list[Id] = Field(min_length=1)
    recuse: list[Recusal] = []
    threshold: Literal["majority", "two_thirds", "unanimous"] | Annotated[int, Field(ge=1)] = "majority"
    base: Literal["present", "voters"] = Field(
        "present", description="Count the threshold over ballots cast by those not recused, or over all voters."
    )
    quorum: int = Field(1, ge=1, description="Fewest non-recused voters for a valid vote.")
    passed: Result = Result()
    failed: Result = Result()

    @field_validator("threshold", mode="before")
    @classmethod
    def _threshold(cls, v: object) -> object:
        # One message for both forms, where the union would name only the words.
        if isinstance(v, bool) or not ((isinstance(v, int) and v >= 1) or v in ("majority", "two_thirds", "unanimous")):
            raise ValueError(
                "give the yes votes needed as a whole number (1 or more), or majority, two_thirds or unanimous"
            )
        return v


class Decision(Model):
    id: Id
    at: Time
    until: Time | None = Field(None, description="Latest time it may still happen; default the clock's end.")
    when: Condition | None = None
    scheduled: bool = Field(True, description="false: happens only when an option's 'next' leads here.")
    actor: Id | None = Field(None, description="The seat that decides; omit for a vote.")
    vote: Vote | None = None
    title: Text
    text: Text
    history: Text | None = Field(None, description="What really happened here, for the history panel.")
    visible_to: Literal["all", "actors"] | list[Id] = "actors"
    options: list[Option] = Field(min_length=1)
    sources: list[FactId] = []

    @field_validator("at", "until")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        if v is not None:
            parse_time(v)
        return v


class Event(Model):
    id: Id
    at: Time | None = Field(None, description="Earliest time; omit to fire as soon as 'when' holds.")
    until: Time | None = None
    when: Condition | None = None
    chance: float = Field(1.0, ge=0.0, le=1.0)
    title: Text
    text: Text
    effects: Effects = {}
    trust: Trust = []
    visible_to: Literal["all"] | list[Id] = "all"
    sources: list[FactId] = []

    @field_validator("at", "until")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        if v is not None:
            parse_time(v)
        return v


class Ending(Model):
    id: Id
    title: Text
    when: Condition = True
    trigger: Literal["end", "early", "next"] = Field(
        "end",
        description="end: checked in order when the clock runs out; early: the moment 'when' holds; "
        "next: only when an option leads here.",
    )
    historical: bool = False
    text: Text = Field(description="The epilogue.")
    history: Text | None = Field(None, description="What actually happened, for comparison.")
    questions: list[Text] = []
    sources: list[FactId] = []


class OutcomeCase(Model):
    label: Text = Field(description="One answer, e.g. {en: the new board, zh: 新董事会}.")
    when: Condition = Field(True, description="Holds at the game's end when this is the answer.")


class Outcome(Model):
    """A key outcome a class report counts over every game: read on each game's final state."""

    id: Id
    label: Text = Field(
        description="A short phrase that completes '14 of 20 games: ...', e.g. {en: the board fired Altman}."
    )
    when: Condition | None = Field(None, description="A yes-or-no outcome: whether this holds at the end.")
    cases: list[OutcomeCase] = Field(
        [], description="An outcome with several answers: the first case whose 'when' holds at the end."
    )


Lang = Literal["en", "zh"]


class Scenario(Model):
    id: ScenarioId
    title: Text
    summary: Text
    version: str = "1"
    languages: list[Lang] = Field(
        ["en", "zh"],
        min_length=1,
        description="The languages this scenario is written in; lint checks that every text has each. "
        "[en] for an English-only scenario: its text may then be plain strings.",
    )
    clock: Clock
    meters: list[Meter] = []
    counters: list[Counter] = []
    flags: list[Flag] = []
    stance: Stance | None = None
    seats: list[Seat] = Field(min_length=1)
    decisions: list[Decision] = Field(min_length=1)
    events: list[Event] = []
    endings: list[Ending] = Field(min_length=1)
    outcomes: list[Outcome] = Field(
        [], description="Key outcomes that class reports count over every game (who was fired, who came back)."
    )

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a language is listed twice")
        return v


LIST_KEYS = ("meters", "counters", "flags", "seats", "decisions", "events", "endings")
