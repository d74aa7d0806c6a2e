"""`boardroom lsp` driven over stdio as an editor drives it: initialize, open a scenario file with a mistake,
read the diagnostics, then ask for completion, definitions, references, hover, rename and the outline."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.lsp_client import LspClient

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def split_mini(target: Path) -> Path:
    """The mini scenario as a folder of three files (with its fact sheet), so ids cross files."""
    target.mkdir()
    lines = (MINI / "scenario.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    cut = [i for i, line in enumerate(lines) if line.startswith(("decisions:", "events:"))]
    (target / "scenario.yaml").write_text("".join(lines[: cut[0]]), encoding="utf-8")
    (target / "decisions.yaml").write_text("".join(lines[cut[0] : cut[1]]), encoding="utf-8")
    (target / "endings.yaml").write_text("".join(lines[cut[1] :]), encoding="utf-8")
    shutil.copytree(MINI / "seeds", target / "seeds")
    return target


def pos(text: str, needle: str, nth: int = 0, shift: int = 0) -> dict[str, int]:
    """The LSP position (UTF-16 columns) of the nth occurrence of ``needle`` in ``text``, moved ``shift`` on."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += shift
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return {"line": line, "character": len(text[start:at].encode("utf-16-le")) // 2}


def doc(uri: str) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}}


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    lsp = LspClient("--stdio", "--delay", "0.05")
    try:
        yield lsp
    finally:
        if lsp.proc.poll() is None:
            lsp.proc.kill()
            lsp.proc.wait()


def no_traceback(client: LspClient) -> None:
    assert not any(b"Traceback" in line for line in client.stderr), b"".join(client.stderr).decode()


@pytest.fixture(scope="module")
def survivor(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One server that every hostile text is sent to in turn, as one editor session would meet them all.

    Each test opens files of its own folder and closes them again, so no test sees another's documents; a
    server start (lsprotocol alone takes half a second) is paid once, not once per text. It must still shut
    down cleanly after all of them.
    """
    lsp = LspClient("--stdio", "--delay", "0.05")
    try:
        root = tmp_path_factory.mktemp("hostile")
        lsp.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        lsp.notify("initialized", {})
        yield lsp
        assert lsp.close() == 0
        no_traceback(lsp)
    finally:
        if lsp.proc.poll() is None:
            lsp.proc.kill()
            lsp.proc.wait()


def test_an_editor_session(client: LspClient, tmp_path: Path) -> None:
    folder = split_mini(tmp_path / "mini")
    capabilities = {"textDocument": {"rename": {"prepareSupport": True}, "hover": {"contentFormat": ["markdown"]}}}
    init = client.request("initialize", {"processId": None, "rootUri": folder.as_uri(), "capabilities": capabilities})
    caps = init["result"]["capabilities"]
    assert caps["renameProvider"] == {"prepareProvider": True}
    assert caps["definitionProvider"] and caps["referencesProvider"] and caps["documentSymbolProvider"]
    client.notify("initialized", {})

    decisions = folder / "decisions.yaml"
    uri = decisions.as_uri()
    # Two mistakes, the second after a character that takes two UTF-16 units, as editors count columns.
    text = decisions.read_text(encoding="utf-8").replace("next: fire_vote", "next: fire_vot")
    text = text.replace(
        "zh: 反击}, historical: true, effects: {letters: 4", "zh: 反击🙂}, historical: true, effects: {leters: 4"
    )
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )
    found = client.diagnostics(uri, lambda d: len([x for x in d if x["severity"] == 1]) == 2)
    errors = sorted((d for d in found if d["severity"] == 1), key=lambda d: d["range"]["start"]["line"])
    assert "'next' names no decision or ending 'fire_vot'; did you mean 'fire_vote'?" in errors[0]["message"]
    assert errors[0]["range"] == {"start": pos(text, "fire_vot"), "end": pos(text, "fire_vot", shift=8)}
    assert "unknown meter, counter or flag 'leters'" in errors[1]["message"]
    assert errors[1]["range"] == {"start": pos(text, "leters"), "end": pos(text, "leters", shift=6)}

    # Each "did you mean" comes with a quick fix that replaces exactly the mistake.
    actions = client.request(
        "textDocument/codeAction",
        {**doc(uri), "range": errors[0]["range"], "context": {"diagnostics": errors}},
    )["result"]
    fixes = {a["title"]: a["edit"]["changes"][uri] for a in actions}
    assert fixes["Change to 'fire_vote'"] == [{"range": errors[0]["range"], "newText": "fire_vote"}]
    assert fixes["Change to 'letters'"] == [{"range": errors[1]["range"], "newText": "letters"}]

    # Fixing the text in the editor (not on disk) clears the errors; lint's warnings remain.
    fixed = decisions.read_text(encoding="utf-8")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]},
    )
    warnings = client.diagnostics(uri, lambda d: bool(d) and all(x["severity"] == 2 for x in d))
    assert any("option 'leak' of 'call_vote' can never be chosen" in w["message"] for w in warnings)
    text = fixed

    # Completion after `next: ` offers decisions and endings, with what they are.
    line = pos(text, "next: fire_vote")
    answer = client.request(
        "textDocument/completion", {**doc(uri), "position": {"line": line["line"], "character": line["character"] + 6}}
    )["result"]
    labels = {i["label"]: i for i in answer["items"]}
    assert {"call_vote", "fire_vote", "respond", "quiet", "return", "status_quo"} <= set(labels)
    assert labels["fire_vote"]["detail"] == "decision, Fri 17 Nov 2023 11:00: Remove the CEO"
    assert labels["quiet"]["detail"] == "ending: Quiet exit"

    # Inside a condition: meters, counters and flags; fact ids carry their text.
    answer = client.request("textDocument/completion", {**doc(uri), "position": pos(text, '"secret > 50"', shift=1)})
    assert {"trust", "secret", "letters", "fired", "played"} <= {i["label"] for i in answer["result"]["items"]}
    answer = client.request("textDocument/completion", {**doc(uri), "position": pos(text, "[fx-one]", shift=1)})
    facts = {i["label"]: i for i in answer["result"]["items"]}
    assert facts["fx-one"]["detail"] == "The chair called a vote."

    # Go to definition crosses files: the actor's seat is in scenario.yaml, the fact in seeds/fx.yaml.
    seats = (folder / "scenario.yaml").read_text(encoding="utf-8")
    answer = client.request("textDocument/definition", {**doc(uri), "position": pos(text, "actor: chair", shift=8)})
    assert answer["result"] == [
        {
            "uri": (folder / "scenario.yaml").as_uri(),
            "range": {"start": pos(seats, "id: chair", shift=4), "end": pos(seats, "id: chair", shift=9)},
        }
    ]
    answer = client.request("textDocument/definition", {**doc(uri), "position": pos(text, "fx-one")})
    assert answer["result"][0]["uri"] == (folder / "seeds" / "fx.yaml").as_uri()

    # References to the `trust` meter: its definition, effects in two files and a condition in endings.yaml.
    answer = client.request(
        "textDocument/references",
        {**doc(uri), "position": pos(text, "trust: -5", shift=2), "context": {"includeDeclaration": True}},
    )
    where = sorted((Path(r["uri"].removeprefix("file://")).name, r["range"]["start"]["line"]) for r in answer["result"])
    endings = (folder / "endings.yaml").read_text(encoding="utf-8")
    assert ("scenario.yaml", pos(seats, "id: trust")["line"]) in where
    assert ("endings.yaml", pos(endings, "when: trust <= 0")["line"]) in where
    assert sum(name == "decisions.yaml" for name, _ in where) == text.count("trust:")
    assert sum(name == "endings.yaml" for name, _ in where) == endings.count("trust")

    # Hover: a fact in both languages, a meter's range, a decision's time and actor.
    def hover(needle: str, shift: int = 0) -> str:
        answer = client.request("textDocument/hover", {**doc(uri), "position": pos(text, needle, shift=shift)})
        return str(answer["result"]["contents"]["value"]).replace("\\", "")  # as Markdown shows it

    assert "English: The chair called a vote." in hover("fx-one")
    assert "Chinese: 主席发起了投票。" in hover("fx-one")
    assert "Trust / 信任: from 0..100, starts at 50" in hover("trust: -5")
    assert "At Fri 17 Nov 2023 11:00 PT" in hover("next: fire_vote", 7)
    assert "A vote of chair, ceo, member" in hover("next: fire_vote", 7)
    assert hover("next: fire_vote").startswith("**next** in Option\n\nA decision that follows at once")

    # Rename: refused for an invalid or taken id, otherwise one edit per occurrence across files.
    at = {**doc(uri), "position": pos(text, "trust: -5")}
    refused = client.request("textDocument/rename", {**at, "newName": "Trust!"})
    assert "not a valid id" in refused["error"]["message"]
    refused = client.request("textDocument/rename", {**at, "newName": "secret"})
    assert "already an id" in refused["error"]["message"]
    prepared = client.request("textDocument/prepareRename", at)["result"]
    assert prepared["placeholder"] == "trust"
    edit = client.request("textDocument/rename", {**at, "newName": "confidence"})["result"]
    changed = {Path(u.removeprefix("file://")).name: e for u, e in edit["changes"].items()}
    assert set(changed) == {"scenario.yaml", "decisions.yaml", "endings.yaml"}
    assert len(changed["decisions.yaml"]) + len(changed["endings.yaml"]) + len(changed["scenario.yaml"]) == len(where)
    assert all(e["newText"] == "confidence" for edits in changed.values() for e in edits)

    # The outline: decisions grouped by day, each with its options.
    symbols = client.request("textDocument/documentSymbol", doc(uri))["result"]
    assert [s["name"] for s in symbols] == ["Fri 17 Nov 2023"]
    assert [c["name"] for c in symbols[0]["children"]] == ["call_vote", "fire_vote", "respond"]
    assert [o["name"] for o in symbols[0]["children"][0]["children"]] == ["call", "wait", "leak"]

    # Broken YAML: a diagnostic for it, and every request is still answered.
    broken = text.replace("  - id: call_vote", "  - id: [call_vote")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]},
    )
    found = client.diagnostics(uri, lambda d: any("YAML syntax error" in x["message"] for x in d))
    assert found[0]["severity"] == 1
    for method in ("textDocument/hover", "textDocument/definition", "textDocument/completion"):
        answer = client.request(method, {**doc(uri), "position": pos(broken, "actor: chair", shift=8)})
        assert "error" not in answer, answer
    assert "error" not in client.request("textDocument/documentSymbol", doc(uri))

    assert client.close() == 0
    no_traceback(client)


HOSTILE = {
    # The schema line makes it a scenario file even though its keys are not the format's.
    "alias bomb": "# yaml-language-server: $schema=./scenario.schema.json\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)),
    "deep nesting": "id: " + "[" * 5000 + "]" * 5000 + "\n",
    "a tag": "id: !!python/object/apply:os.system ['echo hi']\n",
    "lone surrogate": "id: mini\ntitle: \ud800\n",
    "control characters": "id: mini\ntitle: \x1b[31mred\x1b[0m\ndecisions: [{id: \x07, next: \x1b}]\n",
    "not a mapping": "- just\n- a list\n",
    "huge": "id: " + "x" * (3 * 1024 * 1024) + "\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_never_stops_the_server(survivor: LspClient, tmp_path: Path, name: str) -> None:
    client = survivor
    folder = split_mini(tmp_path / "mini")
    uri = (folder / "scenario.yaml").as_uri()
    text = HOSTILE[name]
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )
    found = client.diagnostics(uri, lambda d: any(x["severity"] == 1 for x in d))
    assert found
    assert all("\x1b" not in d["message"] and "\x07" not in d["message"] for d in found)
    for method in ("textDocument/hover", "textDocument/completion", "textDocument/definition"):
        answer = client.request(method, {**doc(uri), "position": {"line": 0, "character": 2}})
        assert "error" not in answer, answer
    assert "error" not in client.request("textDocument/documentSymbol", doc(uri))
    # The server is still itself: with the hostile text closed, the real files answer as before.
    client.notify("textDocument/didClose", doc(uri))
    real = (folder / "decisions.yaml").as_uri()
    body = (folder / "decisions.yaml").read_text(encoding="utf-8")
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": real, "languageId": "yaml", "version": 1, "text": body}}
    )
    answer = client.request("textDocument/definition", {**doc(real), "position": pos(body, "actor: chair", shift=8)})
    assert answer["result"][0]["uri"].endswith("/scenario.yaml")
    client.notify("textDocument/didClose", doc(real))  # the next text finds nothing of this test's open
    assert client.proc.poll() is None, "the server stopped"
    no_traceback(client)
