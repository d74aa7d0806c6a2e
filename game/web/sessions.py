"""Each browser's own saves folder, named by an id only that browser knows.

The page sets a cookie holding a random id (128 bits) when it is first loaded; every game that browser
starts saves into ``SAVES/sessions/<id>/`` and its Load dialog lists only that folder. Reloading the page
keeps the cookie, so a student finds their games again; other students cannot guess the id. The cookie
lasts until the browser is closed (on a shared classroom computer, the next student starts afresh).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

COOKIE = "boardroom_session"
SESSIONS = "sessions"  # the folder under the saves folder that holds one folder per browser
_ID = re.compile(r"[0-9a-f]{32}")


def new_id() -> str:
    return secrets.token_hex(16)


def valid_id(value: str | None) -> bool:
    return value is not None and _ID.fullmatch(value) is not None


def session_id(cookie: str | None) -> str:
    """The id a browser's cookie holds, or a new one (a browser without the cookie gets a folder of its own)."""
    return cookie if cookie is not None and valid_id(cookie) else new_id()


def session_folder(saves_root: Path, ident: str) -> Path:
    """The saves folder of one browser, made (private to the server's user) if it is new."""
    if not valid_id(ident):
        raise ValueError(f"not a session id: {ident!r}")
    folder = saves_root / SESSIONS / ident
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
