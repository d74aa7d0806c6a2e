"""The students' pages around the game: the join form, and what a refused or slowed browser is told.

Everything here is built with ``html.escape`` on every value that came from a browser or the record; the
pages load nothing from the network (a classroom may be offline).
"""

from __future__ import annotations

from html import escape

from .class_text import TEXTS, tr

STYLE = (
    "body{font:18px/1.5 system-ui,sans-serif;max-width:34em;margin:2em auto;padding:0 1em;background:#14121c;"
    "color:#eee}label{display:block;margin-top:1em}input,select,button{font:inherit;padding:.4em;width:100%;"
    "box-sizing:border-box}button{margin-top:1.2em;background:#7b5cff;color:#fff;border:0;border-radius:4px}"
    ".error{background:#5a1f2a;padding:.6em;border-radius:4px}.muted{color:#aaa;font-size:.9em}"
    "a{color:#b9a8ff}"
)


def page(title: str, body: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Boardroom</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def join_page(lang: str, *, code: str = "", name: str = "", error: str = "") -> str:
    other = "zh" if lang == "en" else "en"
    choices = "".join(
        f'<option value="{k}"{" selected" if k == lang else ""}>{"English" if k == "en" else "简体中文"}</option>'
        for k in TEXTS
    )
    body = [
        f"<h1>Boardroom · {escape(tr('join.title', lang))}</h1>",
        f"<p>{escape(tr('join.intro', lang))}</p>",
        f'<p class="muted"><a href="/?lang={other}&amp;code={escape(code, quote=True)}">'
        f"{'English' if other == 'en' else '简体中文'}</a></p>",
    ]
    if error:
        body.append(f'<p class="error" role="alert">{escape(error)}</p>')
    body.append(
        '<form method="post" action="/join">'
        f'<label>{escape(tr("join.code", lang))}<input name="code" required maxlength="16" autocomplete="off" '
        f'autocapitalize="characters" value="{escape(code, quote=True)}"></label>'
        f'<label>{escape(tr("join.name", lang))}<input name="name" required maxlength="80" '
        f'value="{escape(name, quote=True)}"></label>'
        f'<label>{escape(tr("join.lang", lang))}<select name="lang">{choices}</select></label>'
        f'<button type="submit">{escape(tr("join.go", lang))}</button></form>'
        f'<p class="muted">{escape(tr("join.privacy", lang))}</p>'
    )
    return page(tr("join.title", lang), "".join(body), lang)


def message_page(lang: str, title_key: str, body_key: str, **kwargs: object) -> str:
    """A short page in both languages, the browser's first: a student may not read the other."""
    parts = []
    for each in (lang, *(k for k in TEXTS if k != lang)):
        parts.append(f"<h1>{escape(tr(title_key, each))}</h1><p>{escape(tr(body_key, each, **kwargs))}</p>")
    parts.append(f'<p><a href="/?lang={lang}">{escape(tr("join.title", lang))}</a></p>')
    return page(tr(title_key, lang), "<hr>".join(parts), lang)
