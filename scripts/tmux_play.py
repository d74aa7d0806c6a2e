"""Play one seat of november-2023 in a real terminal (tmux, 80x24), following history or leaving it early.

    python3 scripts/tmux_play.py SEAT LANG [--leave] [--seed N] [--size 80x24] [--cards DIR]

The game runs as a player runs it (`python3 -m game play ... --no-aftermath`) inside tmux; a second engine
with the same seed plays alongside and says which number key to press, and tmux types it. Following history,
each key is history's option; with --leave, the first is an option history did not take and the rest are each
decision's last open option. At the end it prints the screen's first lines, so the ending the player sees can
be checked against the engine's. With --cards DIR the "what happened" cards stay on: every card, and the
screens between them, are written to DIR as the terminal showed them (the captures a closing note shows). A
check for the release notes and a closing note, not a test: it needs tmux.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import catalog, paths  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.history import historical_pick  # noqa: E402


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


CARD_KEYS = ("⏎ Continue", "⏎ 继续")  # the card's Footer: Enter goes on to the next card or back to the game


def through_the_cards(session: str, folder: Path, taken: int, wait: float) -> list[str]:
    """Write the screen to ``folder``, then press Enter while it is a card; the screens, in order."""
    shots = []
    while True:
        screen = tmux("capture-pane", "-p", "-t", session)
        shots.append(screen)
        kind = "card" if any(key in screen for key in CARD_KEYS) else "play"
        (folder / f"{taken + len(shots):02d}-{kind}.txt").write_text(screen, encoding="utf-8")
        if kind != "card":
            return shots
        tmux("send-keys", "-t", session, "Enter")
        time.sleep(wait)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seat")
    parser.add_argument("lang", choices=["en", "zh"])
    parser.add_argument("--leave", action="store_true", help="leave history at the first decision")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wait", type=float, default=1.5, help="seconds between keys")
    parser.add_argument("--size", default="80x24", help="the terminal's columns and lines, as 80x24")
    parser.add_argument("--cards", type=Path, help="keep the cards on and write every screen to this folder")
    args = parser.parse_args()
    columns, lines = args.size.split("x")
    plan, problems = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None, [p.format() for p in problems]
    game = Game(plan, [args.seat], args.seed)
    name = f"play-{args.seat}"
    saves = Path("/tmp") / f"tmux-play-{args.seat}"
    tmux("kill-session", "-t", name)
    command = (
        f"cd {ROOT} && python3 -m game play november-2023 --role {args.seat} --lang {args.lang} "
        f"--seed {args.seed} {'' if args.cards else '--no-aftermath '}--saves-dir {saves}; sleep 60"
    )
    tmux("new-session", "-d", "-s", name, "-x", columns, "-y", lines, command)
    time.sleep(5)
    count = 0
    shots: list[str] = []
    if args.cards:
        args.cards.mkdir(parents=True, exist_ok=True)
    while not game.over:
        if args.cards:
            shots += through_the_cards(name, args.cards, len(shots), args.wait)
        options = game.options()
        history = historical_pick(game)
        open_ = [o for o in options if o.available]
        if not args.leave:
            pick = history
        elif count == 0:
            pick = next((o for o in open_ if o.id != history.id), history)
        else:
            pick = open_[-1]
        tmux("send-keys", "-t", name, str([o.id for o in options].index(pick.id) + 1))
        game.choose(pick.id)
        count += 1
        time.sleep(args.wait)
    time.sleep(3)
    if args.cards:
        shots += through_the_cards(name, args.cards, len(shots), args.wait)
    screen = tmux("capture-pane", "-p", "-t", name)
    if args.cards:
        (args.cards / f"{len(shots):02d}-ending.txt").write_text(screen, encoding="utf-8")
    tmux("kill-session", "-t", name)
    assert game.ending is not None
    route = "leaving history" if args.leave else "following history"
    print(f"{args.seat} ({args.lang}), {route}: {count} decisions; the engine's ending: {game.ending.id}")
    print("\n".join(screen.splitlines()[:6]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
