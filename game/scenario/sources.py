"""Reading untrusted YAML files and turning pydantic errors into located problems."""

from __future__ import annotations

import difflib
import os
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..safefile import Refused, read_limited
from .problems import Problem
from .yamlsafe import MAX_BYTES, Document, read_yaml

MAX_FILES = 200
MAX_TOTAL_BYTES = 16 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)
Where = Callable[..., tuple[int, int]]


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working folder when that is shorter.

    A link is named as itself, not as what it points to: the author must learn which file to fix, and the
    target may be a loop or somewhere outside that no message should show.
    """
    absolute = Path(os.path.abspath(path))
    for cwd in (Path.cwd(), Path.cwd().resolve()):
        if absolute.is_relative_to(cwd):
            return str(absolute.relative_to(cwd))
    return str(path)


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted; hidden files (editor locks and backups) are not ours."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def read_documents(
    paths: Iterable[Path],
    *,
    folder: Path | None = None,
    overlay: Mapping[Path, bytes] | None = None,
    parse: Callable[[bytes, str], Document] = read_yaml,
) -> tuple[list[Document], list[Problem]]:
    """Parse each file. With ``folder``, only files that resolve inside it are read (links may not leave it);
    in every case only regular files, and never more than the size limits. ``overlay``: unsaved editor text
    by resolved path (the language server), read instead of those files. ``parse`` turns a file's bytes and
    name into its document (``read_yaml``, or a cache in front of it)."""
    docs: list[Document] = []
    problems: list[Problem] = []
    total = 0
    for count, path in enumerate(paths):
        name = display_path(path)
        if count >= MAX_FILES:
            problems.append(Problem(name, 1, 1, f"more than {MAX_FILES} files; the rest were not read", code="size"))
            break
        try:
            unsaved = overlay.get(path.resolve()) if overlay else None
            if unsaved is not None and len(unsaved) > MAX_BYTES:
                raise Refused(f"it is {len(unsaved):,} bytes; the limit is {MAX_BYTES:,}", "size")
            raw = unsaved if unsaved is not None else read_limited(path, MAX_BYTES, folder=folder)
        except Refused as exc:
            problems.append(Problem(name, 1, 1, f"file not read: {exc}", code=exc.code))
            continue
        total += len(raw)
        if total > MAX_TOTAL_BYTES:
            problems.append(
                Problem(name, 1, 1, f"the files add up to more than {MAX_TOTAL_BYTES:,} bytes", code="size")
            )
            break
        doc = parse(raw, name)
        problems.extend(_with_quote_hint(p) for p in doc.problems)
        if not doc.problems:
            docs.append(doc)
    return docs, problems


QUOTE_HINT = (
    "; put text that contains ', ' or ': ' in quotes, e.g. {en: \"Yes, now\", zh: ...}: "
    "unquoted, a comma ends the text and a colon starts a key"
)


def _with_quote_hint(problem: Problem) -> Problem:
    """A YAML error inside {...} is most often unquoted text with a comma or a colon in it."""
    if "flow mapping" in problem.message or "flow sequence" in problem.message:
        return Problem(
            problem.file, problem.line, problem.col, problem.message + QUOTE_HINT, problem.severity, problem.code
        )
    return problem


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from .models import Localized
    from .text import LText

    found: list[type[BaseModel]] = []
    if annotation is LText:  # player text is validated as a string or as {en, zh} (models.Text)
        return [Localized]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


# (model, key) -> (the field it was worked out from, the model of its value): the language server asks for
# every mapping of every file it indexes. A field rebuilt by pydantic is a new object, so it is worked out again.
_FIELD_MODELS: dict[tuple[type[BaseModel], str], tuple[object, type[BaseModel] | None]] = {}


def model_at(root: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path``, if one does."""
    current: type[BaseModel] | None = root
    for element in path:
        if isinstance(element, int) or current is None:
            continue
        field = current.model_fields.get(element)
        if field is None:
            return None
        known = _FIELD_MODELS.get((current, element))
        if known is not None and known[0] is field:
            current = known[1]
            continue
        models = _models_in(field.annotation)
        _FIELD_MODELS[(current, element)] = (field, models[0] if models else None)
        current = models[0] if models else None
    return current


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Any]]:
    """Split a pydantic location into the part that exists in the data and the rest."""
    path: list[Any] = []
    rest: list[Any] = []
    current = data
    for element in loc:
        if rest:
            rest.append(element)
            continue
        if (isinstance(current, dict) and element in current) or (
            isinstance(current, list) and isinstance(element, int) and 0 <= element < len(current)
        ):
            current = current[element]
            path.append(element)
        elif isinstance(element, str) and (
            element[:1].isupper() or "[" in element or element in ("str", "int", "bool", "float", "list", "dict")
        ):
            continue  # a union branch tag such as 'str' or 'Localized'
        else:
            rest.append(element)
    return tuple(path), rest


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for element in path:
        data = data[element]
    return data


def _label(path: tuple[Any, ...]) -> str:
    out = ""
    for element in path:
        out += f"[{element}]" if isinstance(element, int) else (f".{element}" if out else str(element))
    return out or "file"


def pydantic_problems(
    model: type[BaseModel], data: Any, exc: ValidationError, where: Where, file: str | Callable[[tuple[Any, ...]], str]
) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path, rest = _walk(data, loc)
        at: tuple[Any, ...] = path
        kind = err["type"]
        fname = file(path) if callable(file) else file
        if kind == "extra_forbidden":
            key = path[-1] if path else "?"
            parent = model_at(model, path[:-1])
            hint = ""
            if parent is not None:
                close = difflib.get_close_matches(str(key), list(parent.model_fields), n=1, cutoff=0.6)
                if parent.__name__ == "Localized":  # {en: Yes, now} reads as the keys 'en' and 'now'
                    hint = f" (expected one of: en, zh){QUOTE_HINT}"
                elif close:
                    hint = f"; did you mean '{close[0]}'?"
                else:
                    hint = f" (expected one of: {', '.join(parent.model_fields)})"
            line, col = where(path, key=True)
            msg = f"unknown key '{key}' in {_label(path[:-1])}{hint}"
        elif kind == "missing":
            line, col = where(path)
            msg = f"{_label(path)}: missing required key '{rest[0] if rest else '?'}'"
            path = path + tuple(rest)
            at = path
        else:
            line, col = where(path)
            value = _value_at(data, path) if path or data is not None else data
            shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
            if len(shown) > 40:
                shown = shown[:37] + "..."
            # A validator's own words (ctx carries its exception), else pydantic's message for the type.
            error = err.get("ctx", {}).get("error") if kind in ("value_error", "assertion_error") else None
            reason = str(error) if error is not None else err["msg"]
            msg = f"{_label(path)}: {reason} (got {shown})"
        if path in problems and kind not in ("extra_forbidden", "missing"):
            continue  # union branches report once each; keep one message per place
        problems[path] = Problem(fname, line, col, msg, code=kind, loc=at)
    # A branch's "wrong type" is noise where another branch went deeper into the value.
    deeper = [p for p in problems if p]
    return [
        prob
        for path, prob in problems.items()
        if not (prob.code.endswith("_type") and any(len(o) > len(path) and o[: len(path)] == path for o in deeper))
    ]


def validate_model(
    model: type[M], data: Any, where: Where, file: str | Callable[[tuple[Any, ...]], str]
) -> tuple[M | None, list[Problem]]:
    if not isinstance(data, dict):
        fname = file(()) if callable(file) else file
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        return None, [
            Problem(fname, 1, 1, f"expected a mapping of keys at the top of the file, got {got}", code="type")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, pydantic_problems(model, data, exc, where, file)
