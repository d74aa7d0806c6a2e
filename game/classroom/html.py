"""Self-contained HTML: inline styles and SVG charts, nothing loaded from the network."""

from __future__ import annotations

import json
from html import escape

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1d1d28;line-height:1.5}
h1{border-bottom:3px solid #8a6d1d;padding-bottom:.3rem}h2{margin-top:2rem;color:#3a3250}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f1eee6}
td.num{white-space:nowrap;width:12rem}.hist{color:#8a6d1d;font-weight:bold}.div{color:#a3222a}.muted{color:#777}.small{font-size:.85rem}
.card{border:2px solid #3a3250;border-radius:.5rem;padding:1rem;margin:1rem 0;page-break-inside:avoid}
.bar{fill:#3a3250}.bar.hist{fill:#c9a227}svg text{font-size:20px;font-family:inherit}
section.summary{font-size:1.6rem;border:3px solid #3a3250;border-radius:.5rem;padding:.5rem 1.5rem}
table.wide{font-size:.95rem}details>summary{cursor:pointer}details>summary h2{display:inline}
@media print{body{margin:0}.card{page-break-after:always}}
"""


def e(text: object) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str, lang: str, data: dict[str, object] | None = None) -> str:
    html_lang = "zh-Hans" if lang == "zh" else "en"
    embedded = ""
    if data is not None:
        # "</" cannot close the script early once escaped.
        payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        embedded = f'<script type="application/json" id="boardroom-data">{payload}</script>\n'
    return (
        f'<!doctype html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{e(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n{embedded}</body>\n</html>\n"
    )


def bar_chart(rows: list[tuple[str, int, bool]], width: int = 900) -> str:
    """Horizontal bars: (label, count, highlighted). Labels are 20px (STYLE), readable on a projector."""
    if not rows:
        return ""
    top = max(count for _, count, _ in rows) or 1
    label_w, bar_h, gap = 420, 30, 8
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (label, count, mark) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(1, int((width - label_w - 50) * count / top)) if count else 0
        cls = "bar hist" if mark else "bar"
        parts.append(f'<text x="0" y="{y + 22}">{e(label[:38])}</text>')
        parts.append(f'<rect class="{cls}" x="{label_w}" y="{y}" width="{w}" height="{bar_h}"/>')
        parts.append(f'<text x="{label_w + w + 8}" y="{y + 22}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: list[int], lo: int, hi: int, width: int = 160, height: int = 28) -> str:
    if len(values) < 2 or hi <= lo:
        return ""
    step = width / (len(values) - 1)
    points = " ".join(f"{i * step:.1f},{height - (v - lo) / (hi - lo) * height:.1f}" for i, v in enumerate(values))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<polyline fill="none" stroke="#3a3250" stroke-width="2" points="{points}"/></svg>'
    )
