"""A stand-in for a student's game process under textual-serve: it says it is a Textual app, shows the
command line it was started with, then echoes every keystroke back as output. The class server's tests and
the load benchmark's reference use it (the real game is `python -m game class student ...`)."""

from __future__ import annotations

import json
import sys


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def main() -> None:
    out = sys.stdout.buffer
    out.write(b"__GANGLION__\n")
    out.write(packet(b"D", ("argv " + json.dumps(sys.argv[1:]) + "\n").encode()))
    out.flush()
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(5)
        if len(head) < 5:
            return
        payload = stdin.read(int.from_bytes(head[1:], "big"))
        if head[:1] == b"D":
            out.write(packet(b"D", b"echo " + payload))
            out.flush()


if __name__ == "__main__":
    main()
