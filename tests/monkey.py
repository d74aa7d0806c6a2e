"""A monkey for the Textual UI: random keys and random terminal sizes, from 10x5 up, on every screen.

Each run starts the app once per screen (title, scenario list, seat cards, briefing, play, each dialog, the
command palette, hot seat, ending, debrief), brings it to that screen the way a player would (or, for a dialog,
by opening it), then sends a seeded stream of random keypresses, clicks and resizes. A run is clean when the app
raises nothing and, resized back to a usable size afterwards, still answers a key (the language switch).

tests/test_ui_monkey.py runs a small, quick run; scripts/monkey.py runs a bigger one and prints the counts.
"""

from __future__ import annotations

import functools
import random
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.geometry import Size
from textual.pilot import Pilot

from game.scenario import Plan
from game.ui.app import BoardroomApp, make_app
from game.ui.screens.dialogs import ConfirmScreen, NoticeScreen

from .helpers import screen_text

# Every key a screen binds, keys a player mashes, and keys that move focus or scroll. Quitting is included:
# an episode that ends with the app closing cleanly counts as handled.
KEYS = (
    *"123456789",
    *"hnuslqydebtg?ax ",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "backspace",
    "ctrl+p",
    "ctrl+l",
)
SMALLEST = (10, 5)
LARGEST = (160, 50)
USABLE = (100, 30)  # where the app is asked to show it is still alive after the storm


@dataclass
class Tally:
    """What a run tried and how it went."""

    keys: int = 0
    sizes: int = 0
    clicks: int = 0
    episodes: int = 0
    clean: int = 0
    screens: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the episodes that ran clean

    def line(self) -> str:
        return (
            f"{self.episodes} episodes, {self.keys} keypresses, {self.sizes} sizes, {self.clicks} clicks; "
            f"{self.clean} episodes clean, {len(self.failures)} failed; screens seen: {', '.join(sorted(self.screens))}"
        )


Start = Callable[[BoardroomApp, Pilot[int]], Awaitable[None]]


@dataclass(frozen=True)
class Episode:
    name: str
    make: Callable[[Path], BoardroomApp]  # an app, given an empty saves folder
    start: Start  # bring the app to the screen under test


def random_size(rng: random.Random) -> tuple[int, int]:
    """Mostly small and awkward sizes (where layouts break), sometimes roomy ones."""
    if rng.random() < 0.6:
        return rng.randint(SMALLEST[0], 45), rng.randint(SMALLEST[1], 16)
    return rng.randint(SMALLEST[0], LARGEST[0]), rng.randint(SMALLEST[1], LARGEST[1])


async def _keys(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


async def _nothing(app: BoardroomApp, pilot: Pilot[int]) -> None:
    await pilot.pause()


def _pressing(*keys: str) -> Start:
    async def start(app: BoardroomApp, pilot: Pilot[int]) -> None:
        await _keys(pilot, *keys)

    return start


async def _to_the_end(app: BoardroomApp, pilot: Pilot[int]) -> None:
    """Play to an ending with the number keys: the first option that can be taken, every time."""
    from game.ui.screens.ending import EndingScreen

    for _ in range(400):
        if isinstance(app.screen, EndingScreen):
            return
        game = app.session.game
        before = len(game.choices) if game else 0
        for key in "123456789":
            await pilot.press(key)
            if app.session.game is None or len(app.session.game.choices) != before:
                break
    raise AssertionError(f"no ending reached; on {type(app.screen).__name__}")


async def _debrief(app: BoardroomApp, pilot: Pilot[int]) -> None:
    await _to_the_end(app, pilot)
    await _keys(pilot, "d")


async def _notice(app: BoardroomApp, pilot: Pilot[int]) -> None:
    app.push_screen(NoticeScreen("ui.load.changed_title", lambda lang: "A notice a player must read. " * 6))
    await pilot.pause()


async def _confirm(app: BoardroomApp, pilot: Pilot[int]) -> None:
    await _keys(pilot, "1", "q")  # an unsaved choice: quitting asks first
    assert isinstance(app.screen, ConfirmScreen), type(app.screen).__name__


NAMES = (
    "title",
    "scenarios",
    "seats",
    "briefing",
    "play",
    "play-history",
    "save",
    "load",
    "confirm",
    "notice",
    "help",
    "palette",
    "hotseat",
    "ending",
    "debrief",
)


def episodes(plan: Plan, hotseat: list[str], seat: str) -> list[Episode]:
    """One episode per screen. ``plan`` must be reachable from the title screen too (BOARDROOM_SCENARIOS_DIR)."""

    def app(saves: Path, **kwargs: object) -> BoardroomApp:
        return make_app(saves_dir=saves, **kwargs)  # type: ignore[arg-type]

    def with_plan(**kwargs: object) -> Callable[[Path], BoardroomApp]:
        return functools.partial(app, plan=plan, **kwargs)

    playing = with_plan(seat=seat)
    made = [
        Episode("title", app, _nothing),
        Episode("scenarios", app, _pressing("n")),
        Episode("seats", with_plan(), _nothing),
        Episode("briefing", with_plan(), _pressing("1")),
        Episode("play", playing, _nothing),
        Episode("play-history", playing, _pressing("h")),
        Episode("save", playing, _pressing("1", "s")),
        Episode("load", playing, _pressing("1", "u", "l")),
        Episode("confirm", playing, _confirm),
        Episode("notice", playing, _notice),
        Episode("help", playing, _pressing("question_mark")),
        Episode("palette", playing, _pressing("ctrl+p")),
        Episode("hotseat", with_plan(players=hotseat), _nothing),
        Episode("ending", playing, _to_the_end),
        Episode("debrief", playing, _debrief),
    ]
    assert tuple(e.name for e in made) == NAMES
    return made


async def storm(
    episode: Episode, saves: Path, rng: random.Random, actions: int, tally: Tally, *, guarded: bool = True
) -> None:
    """One episode: start, reach the screen, then ``actions`` random keys and resizes; record the outcome.

    ``guarded=False`` lowers the size guard's floor to the smallest size tried, so that the screens themselves
    (not the "make the window larger" notice) take the keys at every size.
    """
    tally.episodes += 1
    app = episode.make(saves)
    if not guarded:
        app.min_size = Size(*SMALLEST)
    try:
        async with app.run_test(size=USABLE) as pilot:
            await episode.start(app, pilot)
            tally.screens.add(type(app.screen).__name__)
            for step in range(actions):
                if app.return_code is not None:  # it quit, or it failed (run_test raises that error below)
                    break
                if step == 0:  # every episode meets the smallest size at least once
                    tally.sizes += 1
                    await pilot.resize_terminal(*SMALLEST)
                elif (roll := rng.random()) < 0.35:
                    tally.sizes += 1
                    await pilot.resize_terminal(*random_size(rng))
                elif roll < 0.45:
                    tally.clicks += 1
                    size = app.size
                    await pilot.click(offset=(rng.randrange(max(1, size.width)), rng.randrange(max(1, size.height))))
                else:
                    tally.keys += 1
                    await pilot.press(rng.choice(KEYS))
                if app.is_running:
                    tally.screens.add(type(app.screen).__name__)
            if app.return_code is None:
                await alive(app, pilot)
    except Exception:
        tally.failures.append(f"{episode.name}: {traceback.format_exc()}")
        return
    tally.clean += 1
    tally.names.append(f"{episode.name} ({'guarded' if guarded else 'bare'})")


async def alive(app: BoardroomApp, pilot: Pilot[int]) -> None:
    """Back at a usable size, the app still draws, its dialogs close with escape, and it answers a key."""
    await pilot.resize_terminal(*USABLE)
    await pilot.pause()
    drawn = screen_text(app)
    assert drawn.strip(), f"{type(app.screen).__name__} drew nothing at {USABLE}"
    for _ in range(4):  # a dialog keeps the app's keys from the screens under it, so close them first
        if not app.screen.is_modal:
            break
        await pilot.press("escape")
        await pilot.pause()
    assert not app.screen.is_modal, f"{type(app.screen).__name__} did not close with escape"
    before = app.session.lang
    await pilot.press("ctrl+l")  # switch the language: an app binding, so every full screen passes it on
    await pilot.pause()
    assert app.session.lang != before, f"{type(app.screen).__name__} did not answer ctrl+l"


async def run(
    plan: Plan,
    saves_root: Path,
    *,
    seed: int,
    actions: int,
    rounds: int = 1,
    hotseat: list[str],
    seat: str,
    only: set[str] | None = None,
) -> Tally:
    """``rounds`` passes over every episode (or those named in ``only``), each once guarded and once bare."""
    rng = random.Random(seed)
    tally = Tally()
    for round_no in range(rounds):
        for episode in episodes(plan, hotseat, seat):
            if only and episode.name not in only:
                continue
            for guarded in (True, False):
                saves = saves_root / f"{round_no}-{episode.name}-{guarded}"
                await storm(episode, fresh_saves(saves), rng, actions, tally, guarded=guarded)
    return tally


def fresh_saves(folder: Path) -> Path:
    """An empty saves folder but for one broken save, which the load list must show beside the good ones."""
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder
