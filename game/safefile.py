"""Reading untrusted files and writing outputs without surprises.

Reading: only regular files, never more than a size limit, never through a link that leaves the folder
being loaded. A FIFO would block a plain ``open()`` for ever and ``/dev/zero`` would fill memory, so the
file is opened without blocking, checked with ``fstat`` and read with a bound.

Writing: a temporary file beside the target, flushed, then renamed over it, so a killed write never
leaves half a file. Renaming replaces whatever has the name, so anything that is not a regular file
(a link, a FIFO, ``/dev/null``) is refused instead of being turned into one. ``-`` means standard output.
A killed write leaves its temporary file behind; :func:`sweep` removes ours, and only ours.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path

from .sanitize import clean_line

STDOUT = "-"
# Temporary files are ".<target name>.<pid>.<8 random>.tmp"; the pid tells a live writer from a dead one.
# Patterns compiled on first use, as in sanitize.py: this module loads before the title screen.
_TEMP = r"^\.(?P<target>.+\.(?:json|md|html))\.(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp$"
# Written before the pid was part of the name: removed only when clearly abandoned.
_OLD_TEMP = r"^\.(?P<target>.+\.(?:json|md|html))\.[a-z0-9_]{8}\.tmp$"
_ABANDONED_AFTER = 15 * 60  # seconds; no save takes this long to write


class Refused(OSError):
    """A file that was not read or written, and why (a sentence for the user, already cleaned).

    An OSError, so that code which already survives a full disk survives this too. ``code`` says which
    rule refused it: "outside", "kind" (not a regular file), "size" or "io"."""

    def __init__(self, message: str, code: str = "io"):
        super().__init__(message)
        self.code = code


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def shown(value: object) -> str:
    """A path (or an error that may quote one) as it may appear in a message."""
    return clean_line(str(value))


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link followed, is within ``folder`` (also resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def read_limited(path: Path, limit: int, *, folder: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or :class:`Refused`.

    With ``folder``, the file must also resolve to a place inside it.
    """
    if folder is not None and not inside(path, folder):
        raise Refused("it points outside its folder, so it was not read", "outside")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        before = os.stat(path)
        if stat.S_ISREG(before.st_mode):  # checked before opening: opening a device may do something
            fd = os.open(path, flags)
    except OSError as exc:
        raise Refused(f"cannot read it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(before.st_mode):
        raise Refused(f"it is {_kind(before.st_mode)}, not a regular file", "kind")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
            raise Refused("it changed while it was being opened", "kind")
        if st.st_size > limit:
            raise Refused(f"it is {st.st_size:,} bytes; the limit is {limit:,}", "size")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow after fstat: read one byte past the limit at most
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Refused(f"it is more than {limit:,} bytes, the limit", "size")
        return b"".join(chunks)
    except Refused:
        raise
    except OSError as exc:
        raise Refused(f"cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file (a missing file is fine)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Refused(f"{shown(path)}: cannot check it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise Refused(
            f"{shown(path)} is {_kind(mode)}; only a regular file is replaced (use '-' for standard output)", "kind"
        )


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over ``path``.

    Raises :class:`Refused` if ``path`` exists and is not a regular file, OSError if the disk refuses.
    """
    check_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private; a save is an ordinary file that a teacher may collect.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)  # it may have been swapped for a link while we wrote
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def write_output(text: str, output: str) -> bool:
    """Write a command's output to ``output``, a file name or ``-``; True when it went to a file."""
    if output == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return False
    write_atomic(Path(output), text)
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return pid > 0  # someone else's live process, or a pid we cannot ask about: leave its file
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove temporary files that killed writes left in ``folder``; returns what was removed.

    Only names this module makes, only regular files, only in ``folder`` itself, and only when the writer
    is gone: another process (a second tab of ``boardroom serve``) may be writing at this moment.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        if not (name.startswith(".") and name.endswith(".tmp")):
            continue  # most names: no pattern needed, and none compiled at start-up
        new, old = re.match(_TEMP, name), re.match(_OLD_TEMP, name)
        if not new and not old:
            continue
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if new:
            abandoned = not _alive(int(new["pid"])) or now - st.st_mtime > _ABANDONED_AFTER
        else:
            abandoned = now - st.st_mtime > _ABANDONED_AFTER
        if abandoned:
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed
