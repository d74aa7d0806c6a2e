"""The one place where text from files is made safe to show.

Scenario files, fact sheets, saves, transcripts and even file names come from strangers. A terminal acts
on control characters instead of showing them: OSC 52 writes the clipboard, OSC 2 the window title, CSI
moves the cursor, and bidi overrides reorder what the reader sees. Every string read from a file passes
through here before anything can print it: the YAML reader, the save reader and problem messages call
these functions, so a caller further on never sees a control character.

Only ``re`` is imported: this module sits under the title screen, which must appear before the loader.
"""

from __future__ import annotations

import re
from typing import Any

# The patterns are compiled (and kept, by ``re``'s own cache) on first use, not at import: this module loads
# before the title screen, and compiling the three took as many instructions as a fifth of what Boardroom adds
# to a bare Textual app's start (benchmarks/run.py). Most text is printable and never needs them (``clean``).

# Whole escape sequences go, not just their ESC, so no half of one is left to show as garbage:
# OSC/DCS/SOS/PM/APC up to their terminator (BEL or ST, 7- or 8-bit), CSI with its parameters, and the
# two-character escapes. An unterminated string sequence loses only its introducer; the rest is plain text.
_SEQUENCE = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)
# C0 and C1 controls, DEL, the bidi embeddings, overrides and isolates (U+202A-E, U+2066-9), and lone
# surrogates, which JSON's \ud800 escapes can make and which no UTF-8 output can encode.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_LINE_BREAKS = r"[\t\n]+"


def clean(text: str) -> str:
    """``text`` without anything a terminal would act on. Newlines and tabs stay: they are text."""
    if text.isprintable():  # the common case, and much faster than two substitutions
        return text
    text = text.replace("\r\n", "\n")
    return re.sub(_CONTROL, "", re.sub(_SEQUENCE, "", text))


def clean_line(text: str) -> str:
    """One line: ids, labels, slot names, a clock's zone, file names. Line breaks and tabs become spaces."""
    text = clean(text)
    return re.sub(_LINE_BREAKS, " ", text) if "\n" in text or "\t" in text else text


def clean_tree(value: Any) -> Any:
    """Every string (keys too) in parsed JSON, cleaned. Iterative: the input may be nested very deep."""
    if isinstance(value, str):
        return clean(value)
    if not isinstance(value, (dict, list)):
        return value
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]  # (parent, key in parent, container to rebuild)
    while stack:
        parent, key, node = stack.pop()
        if isinstance(node, dict):
            copy: dict[Any, Any] = {}
            for k, v in node.items():
                copy[clean(k) if isinstance(k, str) else k] = v
            parent[key] = copy
            for k, v in copy.items():
                if isinstance(v, str):
                    copy[k] = clean(v)
                elif isinstance(v, (dict, list)):
                    stack.append((copy, k, v))
        else:
            items = list(node)
            parent[key] = items
            for i, v in enumerate(items):
                if isinstance(v, str):
                    items[i] = clean(v)
                elif isinstance(v, (dict, list)):
                    stack.append((items, i, v))
    return root[0]
