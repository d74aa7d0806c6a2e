"""A corpus of hostile inputs, shared by the tests and by scripts/hostile-corpus (which counts them).

Each maker puts one hostile thing into a folder and names it; the tests check that the code under test
answers with its own located errors, that every other file still works, and that nothing hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

from game import saves
from game.engine import Game
from game.scenario import Plan

from .helpers import MINI, MINI_TEXT

Maker = Callable[[Path, dict[str, object]], None]


@contextlib.contextmanager
def no_hang(seconds: int = 120) -> Iterator[None]:
    """Fail, instead of hanging the suite, if a FIFO or a device is ever opened for a blocking read.

    Not a timing check: the bound is far above any run, only so that a hang ends as a failure."""

    def fail(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: something blocked")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def good_save(plan: Plan) -> dict[str, object]:
    game = Game(plan, ["chair"])
    game.choose("call")
    return saves.snapshot(game, lang="en", label="good").model_dump(mode="json")


def _json(name: str, change: Callable[[dict[str, object]], object]) -> Maker:
    def make(folder: Path, base: dict[str, object]) -> None:
        data = json.loads(json.dumps(base))
        result = change(data)
        (folder / name).write_text(json.dumps(data if result is None else result), encoding="utf-8")

    return make


def _bytes(name: str, raw: bytes | Callable[[dict[str, object]], bytes]) -> Maker:
    def make(folder: Path, base: dict[str, object]) -> None:
        (folder / name).write_bytes(raw(base) if callable(raw) else raw)

    return make


def _fifo(folder: Path, base: dict[str, object]) -> None:
    os.mkfifo(folder / "fifo.json")


def _socket(folder: Path, base: dict[str, object]) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "sock.json"))
    finally:
        sock.close()


def _link(name: str, target: str | Callable[[Path, dict[str, object]], Path]) -> Maker:
    def make(folder: Path, base: dict[str, object]) -> None:
        (folder / name).symlink_to(target(folder, base) if callable(target) else target)

    return make


def _outside_save(folder: Path, base: dict[str, object]) -> Path:
    outside = folder.parent / f"outside-{folder.name}"
    outside.mkdir(exist_ok=True)
    (outside / "real.json").write_text(json.dumps(base), encoding="utf-8")
    return outside / "real.json"


def _loop(folder: Path, base: dict[str, object]) -> None:
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")


def _dir(folder: Path, base: dict[str, object]) -> None:
    (folder / "folder.json").mkdir()


def _set(key: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(data: dict[str, object]) -> None:
        data[key] = value

    return change


def _huge_label(data: dict[str, object]) -> None:
    data["label"] = "x" * (3 * 1024 * 1024)


def _many_choices(data: dict[str, object]) -> None:
    data["choices"] = [["call_vote", "chair", "call"]] * (saves.MAX_CHOICES + 1)


def _deep_settings(data: dict[str, object]) -> None:
    data["settings"] = {"a": json.loads("[" * 500 + "]" * 500)}


def _bom(base: dict[str, object]) -> bytes:
    return b"\xef\xbb\xbf" + json.dumps(base).encode()


def _utf16(base: dict[str, object]) -> bytes:
    return json.dumps(base).encode("utf-16")


def _truncated(base: dict[str, object]) -> bytes:
    return json.dumps(base).encode()[:-20]


def _big_int(where: str) -> Callable[[dict[str, object]], bytes]:
    def raw(base: dict[str, object]) -> bytes:
        text = json.dumps({**base, where: 0})
        return text.replace(f'"{where}": 0', f'"{where}": {"9" * 5000}').encode()

    return raw


def _duplicate_keys(base: dict[str, object]) -> bytes:
    return json.dumps(base).replace('"label": "good"', '"label": "good", "label": "\\u001b]2;x\\u0007"').encode()


# Name -> (maker, whether that save still loads). A save that loads has been cleaned, not refused.
SAVES: dict[str, tuple[Maker, bool]] = {
    "deep-list": (_bytes("deep-list.json", b"[" * 200_000 + b"]" * 200_000), False),
    "deep-object": (_bytes("deep-object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000), False),
    "deep-in-a-field": (_json("deep-field.json", _deep_settings), False),
    "huge-int-seed": (_bytes("int-seed.json", _big_int("seed")), False),
    "huge-int-version": (_bytes("int-version.json", _big_int("version")), False),
    "huge-int-label": (_bytes("int-label.json", _big_int("label")), False),
    "seed-out-of-range": (_json("seed-range.json", _set("seed", 10**30)), False),
    "bom": (_bytes("bom.json", _bom), True),
    "utf-16": (_bytes("utf16.json", _utf16), False),
    "latin-1": (_bytes("latin1.json", b'{"format": "boardroom-save", "label": "\xe9"}'), False),
    "empty": (_bytes("empty.json", b""), False),
    "whitespace": (_bytes("space.json", b" \n\t "), False),
    "null": (_bytes("null.json", b"null"), False),
    "string": (_bytes("string.json", b'"boardroom-save"'), False),
    "list": (_bytes("list.json", b"[1, 2, 3]"), False),
    "truncated": (_bytes("truncated.json", _truncated), False),
    "nan-seed": (_bytes("nan.json", lambda b: json.dumps({**b, "seed": float("nan")}).encode()), False),
    "infinite-version": (_bytes("inf.json", lambda b: json.dumps({**b, "version": 1e400}).encode()), False),
    "version-true": (_json("vtrue.json", _set("version", True)), False),
    "version-negative": (_json("vneg.json", _set("version", -1)), False),
    "version-newer": (_json("vnew.json", _set("version", 99)), False),
    "oversized": (_bytes("oversized.json", b" " * (saves.MAX_SAVE_BYTES + 1)), False),
    "huge-label": (_json("huge-label.json", _huge_label), True),
    "many-choices": (_json("many.json", _many_choices), False),
    "scenario-dev-zero": (_json("devzero.json", _set("scenario", "/dev/zero")), False),
    "scenario-traversal": (_json("traversal.json", _set("scenario", "../../etc/passwd")), False),
    "scenario-dotdot-id": (_json("dotdot.json", _set("scenario", "november-2023/../x")), False),
    "scenario-absolute": (_json("absolute.json", _set("scenario", str(MINI))), False),
    "scenario-number": (_json("scen-num.json", _set("scenario", 12345)), False),
    "scenario-unknown": (_json("scen-unknown.json", _set("scenario", "nope")), True),
    "seats-empty": (_json("seats-empty.json", _set("seats", [])), False),
    "seats-path": (_json("seats-path.json", _set("seats", ["../x"])), False),
    "seats-unknown": (_json("seats-unknown.json", _set("seats", ["nobody"])), True),
    "choices-wrong-shape": (_json("choices-shape.json", _set("choices", [[1, 2]])), False),
    "choices-unknown": (_json("choices-unknown.json", _set("choices", [["x", "chair", "y"]])), True),
    "escapes-everywhere": (
        _json("escapes.json", _set("label", "\x1b]52;c;eA==\x07\x1b[2J\u202e\x00\ud800")),
        True,
    ),
    "escapes-in-choices": (_json("esc-choices.json", _set("choices", [["\x1b]2;x\x07", "chair", "call"]])), True),
    "duplicate-keys": (_bytes("dupes.json", _duplicate_keys), True),
    "extra-keys": (_json("extra.json", lambda d: {**d, **{f"k{i}": i for i in range(10_000)}}), True),
    "fifo": (_fifo, False),
    "socket": (_socket, False),
    "link-dev-zero": (_link("zero.json", "/dev/zero"), False),
    "link-dev-urandom": (_link("urandom.json", "/dev/urandom"), False),
    "link-outside": (_link("outside.json", _outside_save), False),
    "link-dangling": (_link("dangling.json", "/nonexistent/nowhere.json"), False),
    "link-loop": (_loop, False),
    "folder-named-json": (_dir, False),
}


# Hostile scenarios: a change to the mini scenario's text (old -> new), or a file-system maker.
SCENARIO_TEXTS: dict[str, str] = {
    "esc-raw": MINI_TEXT.replace("A small crisis", "A small \x1b]52;c;eA==\x07 crisis"),
    "nul-raw": MINI_TEXT.replace("A small crisis", "A small \x00 crisis"),
    "unclosed-double": MINI_TEXT.replace('when: "secret > 50"', 'when: "secret > 50'),
    "unclosed-single": MINI_TEXT.replace('when: "secret > 50"', "when: 'secret > 50"),
    "unclosed-flow": MINI_TEXT.replace("  - {id: fired}", "  - {id: fired"),
    "top-level-list": "# a list\n\n- a\n- b\n",
    "top-level-string": "just words\n",
    "empty": "",
    "comments-only": "# nothing\n# here\n",
    "bom": "\ufeff" + MINI_TEXT,
    "huge-int-meter": MINI_TEXT.replace("start: 50", "start: " + "9" * 5000, 1),
    "huge-int-effect": MINI_TEXT.replace("{trust: -5}", "{trust: -" + "9" * 5000 + "}", 1),
    "int-tag-huge": MINI_TEXT.replace("start: 50", "start: !!int " + "9" * 5000, 1),
    "deep-parens": MINI_TEXT.replace('when: "secret > 50"', 'when: "' + "(" * 200 + "secret" + ")" * 200 + ' > 50"'),
    "many-nots": MINI_TEXT.replace('when: "secret > 50"', 'when: "' + "not " * 1000 + 'fired"'),
    "many-minus": MINI_TEXT.replace('when: "secret > 50"', 'when: "secret > ' + "- " * 1000 + '50"'),
    "long-sum": MINI_TEXT.replace('when: "secret > 50"', 'when: "' + " + ".join(["secret"] * 1000) + ' > 50"'),
    "sum-of-ones": MINI_TEXT.replace('when: "secret > 50"', 'when: "secret + ' + "+".join(["1"] * 1000) + ' > 50"'),
    "huge-condition": MINI_TEXT.replace('when: "secret > 50"', 'when: "' + "secret > 1 or " * 150_000 + 'fired"'),
    "huge-number-in-condition": MINI_TEXT.replace('when: "secret > 50"', 'when: "secret > ' + "9" * 5000 + '"'),
    "python-tag": MINI_TEXT + "x: !!python/object/apply:os.system ['echo pwned']\n",
    "alias-bomb": 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
    "deep-yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-block-yaml": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n",
    "two-documents": MINI_TEXT + "\n---\nx: 1\n",
    "duplicate-key": MINI_TEXT + "title: again\n",
    "zone-escape": MINI_TEXT.replace('end: "2023-11-18 18:00"}', 'end: "2023-11-18 18:00", zone: "\\e]2;x\\aPT"}'),
    "zone-too-long": MINI_TEXT.replace(
        'end: "2023-11-18 18:00"}', 'end: "2023-11-18 18:00", zone: "' + "Z" * 500 + '"}'
    ),
    "escape-in-key": MINI_TEXT + '"\\e[2Jkey": 1\n',
    "bidi-in-text": MINI_TEXT.replace("A small crisis", "A small \u202ecrisis"),
    "surrogate-escape": MINI_TEXT.replace("A small crisis", '"A small \\ud800 crisis"'),
    "huge-float": MINI_TEXT.replace("start: 50", "start: 1e999999", 1),
    "invalid-utf8": MINI_TEXT.replace("A small crisis", "A small \udcff crisis"),
    "tab-indent": MINI_TEXT.replace("\n  - ", "\n\t- ", 1),
    "id-with-escape": MINI_TEXT.replace("id: call_vote", 'id: "call\\e[2Jvote"', 1),
    "control-in-condition": MINI_TEXT.replace('when: "secret > 50"', 'when: "secret \\e[2J> 50"'),
}
