"""The trainee's work folder, where nothing typed is ever lost, and the one codec
every autosave goes through.

Layout: ``<base>/<trainee>/<name>.json``, with ``<base>`` from the ``base``
argument, else the ``KIT_WORKDIR`` environment variable, else ``./work``.
Writes are atomic, so a crash mid-save never leaves a half-written file.

:func:`save` / :func:`load` keep plans, the JBP, widget states and exercise
attempts alike: a format version in every file, older formats read forward,
unknown keys ignored (and kept on the next save), a corrupt file moved aside
with a message — and a bug in the kit raised, never mistaken for a corrupt file.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import Any, NamedTuple, Union, get_args, get_origin, get_type_hints

from kit import i18n
from kit.errors import KitError

ENV_VAR = "KIT_WORKDIR"
DEFAULT_BASE = "work"
DEFAULT_TRAINEE = "trainee"

# Characters Windows refuses in file names (path separators are handled separately).
_FORBIDDEN = set('<>:"|?*')
# Windows device names, also with the superscript digits Windows reads as digits
# (COM¹) and the console's CONIN$ / CONOUT$; compared after NFKC folding (¹ -> 1).
_RESERVED = ({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
             | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)})
# Most file systems cap a name at 255 bytes; Chinese takes 3 bytes a character in UTF-8.
_MAX_NAME_BYTES = 200

t = i18n.catalogue(
    "workspace",
    {
        "corrupt_moved": {
            "zh": "保存的文件 {path} 无法读取，已改名保存为 {moved}，这次从空白开始。请告诉讲师。",
            "en": "The saved file {path} could not be read; it was kept as {moved} "
            "and this starts from blank. Please tell your trainer.",
        },
    },
)


def safe_name(text: str | None, fallback: str = DEFAULT_TRAINEE) -> str:
    """``text`` as one file-system-safe path component; Chinese stays readable.

    Path separators join the remaining parts with ``_`` (``a/b`` -> ``a_b``), ``.``
    and ``..`` parts, control characters and characters Windows forbids are dropped,
    Windows device names (``CON``, ``NUL``, ``CON .txt``, ``CONIN$``, ``COM¹`` ...)
    get a ``_`` prefix, and nothing left gives ``fallback``.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and c not in _FORBIDDEN)
    parts = text.replace("\\", "/").split("/")
    text = "_".join(p.strip() for p in parts if p.strip() not in ("", ".", ".."))
    text = " ".join(text.split())
    text = text.encode("utf-8")[:_MAX_NAME_BYTES].decode("utf-8", errors="ignore")
    # Leading dots hide files; Windows drops trailing dots and spaces.
    text = text.strip(". ")
    # Windows ignores spaces before the extension: "CON .txt" is CON too.
    if unicodedata.normalize("NFKC", text.split(".")[0]).strip().upper() in _RESERVED:
        text = f"_{text}"
    return text or fallback


def set_base(base: str | os.PathLike[str]) -> None:
    """Where work folders live for the rest of this session (a notebook's out_dir)."""
    os.environ[ENV_VAR] = str(base)


def workdir(trainee: str | None = None, base: str | os.PathLike[str] | None = None) -> Path:
    """The trainee's work folder, created if missing.

    ``trainee=None`` (or a blank name) is the folder ``trainee``, so the base folder
    always holds one folder per trainee.
    """
    folder = _folder(trainee, base)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(path: Path, text: str) -> Path:
    """Atomically replace ``path`` with ``text``: a crash mid-save never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file owner-only; a trainer reading a class's folders
        # (e.g. on JupyterHub) needs the usual umask-based mode instead.
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def file_mode() -> int:
    """The mode a new file gets from the umask (mkstemp's files are owner-only)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def safe_export_path(path: str | os.PathLike[str], overwrite: bool = False) -> Path:
    """``path``, or if it exists and ``overwrite`` is False the next free
    ``name (2).xlsx``, ``name (3).xlsx`` ..., so an export never replaces a file silently.
    """
    path = Path(path)
    if overwrite or not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem} ({n}){path.suffix}")).exists():
        n += 1
    return candidate


# ================================================================== the codec
#
# Every saved file is ``{"kit_format": 2, "type": <name>, "data": <value>}``: a
# dataclass (its type name) or plain JSON (type "json"). Files of older kits are
# read forward: format 1 was ``{"type", "version": 1, "plan"}`` (plans, the JBP),
# format 0 the bare value (widget states, exercise attempts).

FORMAT = 2
JSON_TYPE = "json"


class Unreadable(KitError, ValueError):
    """A saved file whose content is not what it should be (a file problem, not a bug)."""


class Loaded(NamedTuple):
    """What :func:`load` found: the value, and a message for the trainee (or None)."""

    value: Any
    message: str | None


def encode(value: Any) -> Any:
    """Plain JSON data: dataclasses as objects, dates as ISO days, tuple-keyed dicts as
    ``[[key...], value]`` pairs, NaN as null."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        if any(isinstance(k, tuple) for k in value):
            return [[list(k), encode(v)] for k, v in value.items()]
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def decode(kind: Any, data: Any, where: str = "") -> Any:
    """``data`` (from :func:`encode`) as a value of type ``kind`` (a dataclass, or a
    type hint such as ``list[Goal]``, ``float | None``, ``dict[tuple, float]``).

    A missing field takes its default and a key the type does not know is ignored,
    so files from older and newer kits load; a value of the wrong shape raises
    :class:`Unreadable` naming where it is. Anything else raised here is a bug.
    """
    origin, args = get_origin(kind), get_args(kind)
    if kind is Any:
        return data
    if origin in (Union, UnionType):
        if data is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        for option in options[:-1]:
            with contextlib.suppress(Unreadable):
                return decode(option, data, where)
        return decode(options[-1], data, where)
    if is_dataclass(kind):
        if not isinstance(data, dict):
            raise Unreadable(f"{where or kind.__name__}: {data!r}")
        hints = get_type_hints(kind)
        values = {}
        for f in fields(kind):
            if f.name in data:
                values[f.name] = decode(hints[f.name], data[f.name], f"{where}.{f.name}".strip("."))
            elif f.default is MISSING and f.default_factory is MISSING:
                raise Unreadable(f"{where}.{f.name}: missing".strip("."))
        return kind(**values)
    if origin in (list, tuple) or kind in (list, tuple):
        if not isinstance(data, list):
            raise Unreadable(f"{where}: {data!r}")
        item = args[0] if args else Any
        items = [decode(item, v, f"{where}[{i}]") for i, v in enumerate(data)]
        return tuple(items) if (origin or kind) is tuple else items
    if origin is dict or kind is dict:
        key, item = args if args else (str, Any)
        if get_origin(key) is tuple or key is tuple:
            if data == {}:  # an empty mapping has no keys to write as pairs
                return {}
            if not isinstance(data, list) or not all(isinstance(p, list) and len(p) == 2
                                                     and isinstance(p[0], list) for p in data):
                raise Unreadable(f"{where}: {data!r}")
            return {tuple(str(x) for x in k): decode(item, v, f"{where}[{k}]") for k, v in data}
        if not isinstance(data, dict):
            raise Unreadable(f"{where}: {data!r}")
        return {str(k): decode(item, v, f"{where}[{k}]") for k, v in data.items()}
    if kind is date:
        if not isinstance(data, str):
            raise Unreadable(f"{where}: {data!r}")
        try:
            return date.fromisoformat(data)
        except ValueError as error:
            raise Unreadable(f"{where}: {data!r}") from error
    if kind is float:
        if data is None:  # encode() writes NaN (an n/a figure) as null
            return float("nan")
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise Unreadable(f"{where}: {data!r}")
        return float(data)
    if kind is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise Unreadable(f"{where}: {data!r}")
        return data
    if kind in (str, bool):
        if not isinstance(data, kind):
            raise Unreadable(f"{where}: {data!r}")
        return data
    raise TypeError(f"the codec cannot decode {kind!r} (at {where or 'top'})")


def save(name: str, value: Any, trainee: str | None = None) -> Path:
    """Autosave ``value`` (a dataclass, or plain JSON data) as ``<workdir>/<name>.json``.

    Atomic; the previous file is untouched if ``value`` cannot be saved. Keys that the
    file holds but this kit does not write (a newer kit's fields) are kept.
    """
    path = workdir(trainee) / _json_name(name)
    kind = type(value).__name__ if is_dataclass(value) else JSON_TYPE
    data = encode(value)
    previous = _envelope(path)
    if (previous and previous["type"] == kind and isinstance(data, dict)
            and isinstance(previous["data"], dict)):
        data = {**previous["data"], **data}
    # Serialise before touching the disk, so a bad value never costs the old file.
    text = json.dumps({"kit_format": FORMAT, "type": kind, "data": data}, ensure_ascii=False,
                      indent=2, allow_nan=False)
    return _write(path, text)


def load(name: str, cls: type | None = None, default: Any = None,
         trainee: str | None = None) -> Loaded:
    """What :func:`save` saved under ``name``: a ``cls`` (a dataclass), or plain data
    shaped like ``default`` (a dict keeps the default's keys, each replaced by the saved
    value when that is of the same JSON type; other keys are ignored).

    Nothing saved: ``Loaded(default, None)`` (for a dataclass without a ``default``,
    ``cls()``). A file that cannot be read, or
    holds the wrong shape, is kept as ``<name>.corrupt.json`` (never deleted, never
    overwritten) and ``Loaded(blank, message)`` is returned with a warning. A file
    holding another dataclass type is a programming error: TypeError, file untouched.
    """
    blank = copy.deepcopy(default) if default is not None or cls is None else cls()
    path = _folder(trainee) / _json_name(name)
    try:
        envelope = _read(path)
    except FileNotFoundError:
        return Loaded(blank, None)
    except Unreadable:
        return Loaded(blank, _corrupt(path))
    expected = cls.__name__ if cls is not None else JSON_TYPE
    if envelope["type"] != expected and envelope["type"] != JSON_TYPE:
        raise TypeError(f"{name!r} holds a saved {envelope['type']}, not {expected}")
    try:
        if cls is not None:
            return Loaded(decode(cls, envelope["data"]), None)
        return Loaded(_like(default, envelope["data"]), None)
    except Unreadable:
        return Loaded(blank, _corrupt(path))


def _read(path: Path) -> dict:
    """The envelope of a saved file, old formats read forward."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise Unreadable(str(path)) from error
    if isinstance(raw, dict) and raw.get("kit_format") == FORMAT:
        if not isinstance(raw.get("type"), str) or "data" not in raw:
            raise Unreadable(str(path))
        return raw
    if isinstance(raw, dict) and isinstance(raw.get("kit_format"), int):
        raise Unreadable(f"{path}: saved by a newer kit (format {raw['kit_format']})")
    if isinstance(raw, dict) and isinstance(raw.get("type"), str) and "plan" in raw:
        return {"kit_format": FORMAT, "type": raw["type"], "data": raw["plan"]}  # format 1
    return {"kit_format": FORMAT, "type": JSON_TYPE, "data": raw}  # format 0


def _envelope(path: Path) -> dict | None:
    try:
        return _read(path)
    except (FileNotFoundError, Unreadable):
        return None


def _like(default: Any, data: Any) -> Any:
    """``data`` shaped like ``default``: a dict with keys is a record (its keys only, each
    of the default's JSON type), an empty dict a mapping of anything."""
    if isinstance(default, dict):
        if not isinstance(data, dict):
            raise Unreadable(repr(data)[:80])
        if not default:
            return data
        return {k: _like(v, data[k]) if k in data and _same_json_type(v, data[k]) else
                copy.deepcopy(v) for k, v in default.items()}
    return data


def _same_json_type(default: Any, value: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) or value is None
    return isinstance(value, type(default))


def _corrupt(path: Path) -> str:
    moved = safe_export_path(path.with_name(f"{path.stem}.corrupt{path.suffix}"))
    os.replace(path, moved)
    message = t("corrupt_moved", path=path, moved=moved.name)
    warnings.warn(message, UserWarning, stacklevel=3)
    return message


def json_path(name: str, trainee: str | None = None) -> Path:
    """Where :func:`save` keeps ``name`` (the folder is not created)."""
    return _folder(trainee) / _json_name(name)


def _folder(trainee: str | None, base: str | os.PathLike[str] | None = None) -> Path:
    root = Path(base if base is not None else os.environ.get(ENV_VAR, DEFAULT_BASE))
    return root / safe_name(trainee)


def _json_name(name: str) -> str:
    stem = safe_name(name, fallback="")
    if not stem:
        raise ValueError(f"not a usable file name: {name!r}")
    return f"{stem}.json"
