"""A tiny language-server client for tests: it starts ``boardroom lsp`` and speaks JSON-RPC with
Content-Length framing over the process's stdin and stdout, as an editor does."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WAIT = 120  # seconds: generous, because the machine may be busy; never a measure of speed


class LspClient:
    def __init__(self, *args: str, cwd: Path = ROOT) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "game", "lsp", *args],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        self.stderr: list[bytes] = []  # drained, so a chatty server never blocks on a full pipe
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response: ``result`` or ``error``. Notifications that arrive meanwhile are kept."""
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=WAIT)
            if message.get("id") == ident and "method" not in message:
                return message
            self._keep(message)

    def _keep(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request from the server: answer it as editors do
            self.send({"id": message["id"], "result": None})
        else:
            self.notifications.append(message)

    def diagnostics(self, uri: str, until: Any = lambda found: True) -> list[dict[str, Any]]:
        """The latest diagnostics published for ``uri`` that satisfy ``until``."""
        while True:
            for message in reversed(self.notifications):
                if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                    if until(message["params"]["diagnostics"]):
                        return list(message["params"]["diagnostics"])
                    break
            self._keep(self.messages.get(timeout=WAIT))

    def close(self) -> int:
        try:
            self.request("shutdown")
            self.notify("exit", {})
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
