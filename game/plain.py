"""Plain mode: the whole game on standard input and output, for screen readers, scripts and slow links."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from .controller import Controller, Event, SaveFailed, Session
from .engine import Game
from .engine.history import diverged_at
from .i18n import clock, t
from .narrate import entry_text, label, seat_name
from .scenario.plan import Plan
from .settings import Settings

# Plain mode says a refusal in its own words (it has no panel to keep closed, no teacher on screen).
PLAIN_WORDS = {"ui.undo.off": "plain.undo_off", "ui.history.hidden": "plain.history_off"}


class PlainGame:
    """One seat's game on a text stream, driven through the same controller as the screen UI."""

    def __init__(self, controller: Controller, seat: str, out: TextIO, inp: TextIO) -> None:
        assert controller.session.game is not None
        self.controller = controller
        self.game: Game = controller.session.game
        self.seat = seat
        self.lang = controller.session.lang
        self.out = out
        self.inp = inp
        self.shown = 0  # log entries already printed
        controller.listen(self._heard, seats=[seat])

    def _heard(self, event: Event) -> None:
        if isinstance(event, SaveFailed):
            self.say(t("ui.save.failed", self.lang))

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def autosave(self) -> Path | None:
        return self.controller.autosave()

    def intro(self) -> None:
        plan, lang = self.game.plan, self.lang
        seat = plan.seats[self.seat]
        self.say(f"== {plan.model.title.get(lang)} ==")
        self.say(plan.model.summary.get(lang))
        self.say()
        self.say(t("plain.intro", lang, name=seat.name.get(lang), role=seat.role.get(lang)))
        self.say(seat.bio.get(lang))
        self.say(t("plain.private", lang, private=seat.private.get(lang)))
        self.say(t("plain.objective", lang, objective=seat.objective.get(lang)))

    def news(self) -> None:
        game, lang = self.game, self.lang
        for entry in game.log[self.shown :]:
            if not entry.visible(self.seat) or entry.kind == "ending":
                continue
            head, detail = entry_text(game, entry, lang, self.seat)
            stamp = clock(game.plan.time(entry.minute), lang, game.plan.model.clock.zone)
            self.say(f"\n[{stamp}] {head}")
            if detail:
                self.say(detail)
        self.shown = len(game.log)

    def meters(self) -> str:
        plan, lang, values = self.game.plan, self.lang, self.game.values
        parts = [f"{label(plan, m.id, lang)} {values[m.id]}" for m in plan.model.meters if m.visible]
        parts += [
            f"{label(plan, c.id, lang)} {values[c.id]}" + (f"/{c.max}" if c.max else "")
            for c in plan.model.counters
            if c.visible
        ]
        return " | ".join(parts)

    def show_decision(self) -> int:
        game, lang = self.game, self.lang
        pending = game.pending
        assert pending is not None
        decision = pending.decision.model
        self.say()
        self.say(f"--- {clock(game.plan.time(game.state.minute), lang, game.plan.model.clock.zone)} ---")
        self.say(self.meters())
        self.say()
        self.say(f"## {decision.title.get(lang)}")
        self.say(decision.text.get(lang))
        options = game.options(pending.seat)
        for n, view in enumerate(options, 1):
            line = f"  {n}. {view.option.model.text.get(lang)}"
            if not view.available:
                reason = view.reason.get(lang) if view.reason else t("plain.unavailable_noreason", lang)
                line += " " + t("plain.unavailable_short", lang, reason=reason)
            self.say(line)
        return len(options)

    def step(self) -> bool:
        """Ask for one input. Returns False when the player is done."""
        game, lang = self.game, self.lang
        count = self.show_decision()
        while True:
            self.out.write(t("plain.prompt", lang, n=count))
            self.out.flush()
            line = self.inp.readline()
            if line == "":
                path = self.autosave()
                self.say()
                self.say(t("plain.eof", lang, path=path))
                return False
            answer = line.strip().lower()
            if answer in ("q", "quit"):
                self.say(t("plain.quit", lang, path=self.autosave()))
                return False
            if answer in ("u", "undo"):
                refusal = self.controller.undo()
                if refusal is not None:
                    self.say(t(PLAIN_WORDS.get(refusal, refusal), lang))
                    continue
                self.shown = len(game.log)
                self.say(t("plain.undone", lang))
                return True
            if answer in ("h", "history"):
                refusal = self.controller.history_refusal()
                if refusal is not None:
                    self.say(t(PLAIN_WORDS.get(refusal, refusal), lang))
                    continue
                text = game.pending.decision.model.history if game.pending else None
                self.say(t("plain.history", lang, text=text.get(lang)) if text else t("plain.no_history", lang))
                continue
            if answer.startswith("s"):
                name = answer[1:].strip() or "plain"
                self.say(t("plain.saved", lang, path=self.controller.save(name)))
                continue
            options = game.options(self.seat)
            if not answer.isdigit() or not 1 <= int(answer) <= len(options):
                self.say(t("plain.invalid", lang, n=len(options)))
                continue
            view = options[int(answer) - 1]
            if not view.available:
                reason = view.reason.get(lang) if view.reason else t("plain.unavailable_noreason", lang)
                self.say(t("plain.unavailable", lang, reason=reason))
                continue
            self.controller.choose(self.seat, view.id)
            return True

    def ending(self) -> None:
        game, lang = self.game, self.lang
        ending = game.ending
        assert ending is not None
        self.say()
        self.say(f"=== {t('ending.title', lang, title=ending.model.title.get(lang))} ===")
        self.say(ending.model.text.get(lang))
        if ending.historical:
            self.say(t("ending.historical", lang))
        if ending.model.history is not None:
            self.say()
            self.say(f"{t('ending.history', lang)}:")
            self.say(ending.model.history.get(lang))
        where = diverged_at(game)
        self.say()
        if where:
            self.say(t("ending.diverged", lang, decision=game.plan.decisions[where].model.title.get(lang)))
        else:
            self.say(t("ending.followed", lang))
        if ending.model.questions:
            self.say()
            self.say(f"{t('ending.questions', lang)}:")
            for n, q in enumerate(ending.model.questions, 1):
                self.say(f"  {n}. {q.get(lang)}")

    def run(self) -> int:
        self.intro()
        while not self.game.over:
            self.news()
            if not self.step():
                return 0
        self.news()
        self.ending()
        self.autosave()
        return 0


def run_plain(
    plan: Plan,
    seat: str,
    *,
    lang: str,
    seed: int,
    saves_dir: Path,
    out: TextIO,
    inp: TextIO,
    game: Game | None = None,
    settings: Settings | None = None,
) -> int:
    """Play ``seat`` from the start, or carry on ``game`` (restored from a save)."""
    controller = Controller(Session(lang, saves_dir, seed, settings or Settings()))
    if game is not None:
        controller.session.resume(plan, game)
    else:
        controller.start(plan, seat)
    return PlainGame(controller, seat, out, inp).run()


__all__ = ["PlainGame", "run_plain", "seat_name"]
