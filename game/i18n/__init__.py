"""Interface strings in English and Simplified Chinese, shared by the Textual UI and plain mode.

Scenario text carries its own translations; this is everything else.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..scenario.plan import Plan

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "简体中文"}


@cache
def strings(lang: str) -> dict[str, str]:
    """Interface strings, then the strings of printed material (transcripts, reports, role cards).

    Loaded on first use, so that a game played in English never loads the Chinese strings.
    """
    interface = import_module(f"{__name__}.strings_{lang}").STRINGS
    printed = import_module(f"{__name__}.classroom_{lang}").STRINGS
    student = import_module(f"{__name__}.student_{lang}").STRINGS  # a student's game in a class session
    tables = import_module(f"{__name__}.tables_{lang}").STRINGS  # board tables across devices
    return {**interface, **printed, **student, **tables}


def t(key: str, lang: str = "en", **kwargs: object) -> str:
    text = strings(lang if lang in LANGS else "en").get(key) or strings("en").get(key) or key
    return text.format(**kwargs) if kwargs else text


_WEEKDAYS_ZH = "一二三四五六日"


def clock(moment: datetime, lang: str = "en", zone: str = "PT") -> str:
    """An in-world time as players read it: 'Fri 17 Nov 12:00 PT' / '11月17日 周五 12:00 PT'."""
    if lang == "zh":
        return f"{moment.month}月{moment.day}日 周{_WEEKDAYS_ZH[moment.weekday()]} {moment:%H:%M} {zone}"
    return f"{moment:%a} {moment.day} {moment:%b %H:%M} {zone}"


def short_clock(moment: datetime, lang: str = "en", dated: bool = False, year: bool = False) -> str:
    """'Fri 12:00' / '周五 12:00'; with ``dated``, 'Fri 17 Nov 12:00' / '11月17日 周五 12:00', and the year too with
    ``year``."""
    if lang == "zh":
        day = (f"{moment.year}年" if year else "") + (f"{moment.month}月{moment.day}日 " if dated or year else "")
        return f"{day}周{_WEEKDAYS_ZH[moment.weekday()]} {moment:%H:%M}"
    if not (dated or year):
        return f"{moment:%a %H:%M}"
    return f"{moment:%a} {moment.day} {moment:%b}" + (f" {moment.year}" if year else "") + f" {moment:%H:%M}"


def stamp(plan: Plan, minute: int, lang: str = "en") -> str:
    """A time in a log or transcript: the weekday within a week, the date where the scenario spans more than a
    week, and the year where it crosses one (the rule the graph follows too)."""
    return short_clock(plan.time(minute), lang, dated=plan.spans_weeks, year=plan.spans_years)
