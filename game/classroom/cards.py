"""Role cards for paper: every seat's background, private knowledge and objective."""

from __future__ import annotations

from ..i18n import t
from ..scenario.plan import Plan
from .html import e, page


def markdown(plan: Plan, lang: str) -> str:
    out = [f"# {t('cards.title', lang, scenario=plan.model.title.get(lang))}", ""]
    for seat in plan.model.seats:
        if not seat.playable:
            continue
        out += [
            "---",
            "",
            f"## {seat.name.get(lang)}",
            f"*{seat.role.get(lang)}* · {t('kind.' + seat.kind, lang)}",
            "",
            f"**{t('cards.bio', lang)}.** {seat.bio.get(lang)}",
            "",
            f"**{t('cards.private', lang)}** ({t('cards.confidential', lang)}). {seat.private.get(lang)}",
            "",
            f"**{t('cards.objective', lang)}.** {seat.objective.get(lang)}",
            "",
        ]
    return "\n".join(out)


def html(plan: Plan, lang: str) -> str:
    title = t("cards.title", lang, scenario=plan.model.title.get(lang))
    body = [f"<h1>{e(title)}</h1>"]
    for seat in plan.model.seats:
        if not seat.playable:
            continue
        body.append(
            f"<section class='card'><h2>{e(seat.name.get(lang))}</h2>"
            f"<p class='muted'>{e(seat.role.get(lang))} · {e(t('kind.' + seat.kind, lang))}</p>"
            f"<h3>{e(t('cards.bio', lang))}</h3><p>{e(seat.bio.get(lang))}</p>"
            f"<h3>{e(t('cards.private', lang))}</h3><p class='small div'>{e(t('cards.confidential', lang))}</p>"
            f"<p>{e(seat.private.get(lang))}</p>"
            f"<h3>{e(t('cards.objective', lang))}</h3><p>{e(seat.objective.get(lang))}</p></section>"
        )
    return page(title, "\n".join(body), lang)
