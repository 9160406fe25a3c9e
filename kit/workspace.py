"""The trainee's work folder, where nothing typed is ever lost.

Layout: ``<base>/<trainee>/<name>.json``, with ``<base>`` from the ``base``
argument, else the ``KIT_WORKDIR`` environment variable, else ``./work``.
Writes are atomic, so a crash mid-save never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import unicodedata
import warnings
from pathlib import Path
from typing import Any

from kit import i18n

ENV_VAR = "KIT_WORKDIR"
DEFAULT_BASE = "work"
DEFAULT_TRAINEE = "trainee"

# Characters Windows refuses in file names (path separators are handled separately).
_FORBIDDEN = set('<>:"|?*')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
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
    Windows device names (``CON``, ``NUL`` ...) get a ``_`` prefix, and nothing
    left gives ``fallback``.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and c not in _FORBIDDEN)
    parts = text.replace("\\", "/").split("/")
    text = "_".join(p.strip() for p in parts if p.strip() not in ("", ".", ".."))
    text = " ".join(text.split())
    text = text.encode("utf-8")[:_MAX_NAME_BYTES].decode("utf-8", errors="ignore")
    # Leading dots hide files; Windows drops trailing dots and spaces.
    text = text.strip(". ")
    if text.split(".")[0].upper() in _RESERVED:
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


def save_json(name: str, data: Any, trainee: str | None = None) -> Path:
    """Atomically write ``data`` to ``<workdir>/<name>.json`` and return the path.

    If ``data`` cannot be serialised, the error is raised and the previous file is
    left untouched.
    """
    path = workdir(trainee) / _json_name(name)
    # Serialise before touching the disk, so a bad value never costs the old file.
    text = json.dumps(data, ensure_ascii=False, indent=2)
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


def load_json(name: str, default: Any = None, trainee: str | None = None) -> Any:
    """What :func:`save_json` saved under ``name``, or ``default`` if nothing was.

    A file that cannot be read is moved aside (never deleted) with a warning, so
    the trainee can carry on and the trainer can still recover it.
    """
    # Reading never creates folders: a trainee who saved nothing leaves no trace.
    path = _folder(trainee) / _json_name(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except (json.JSONDecodeError, UnicodeDecodeError):
        moved = safe_export_path(path.with_name(f"{path.stem}.corrupt{path.suffix}"))
        os.replace(path, moved)
        warnings.warn(t("corrupt_moved", path=path, moved=moved.name), stacklevel=2)
        return default


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


class Unreadable(ValueError):
    """A saved document's JSON is not of the expected shape."""


def load_document(name: str, cls: type, decoders: dict[type, Any],
                  trainee: str | None = None) -> tuple[Any, str | None]:
    """A dataclass document saved as ``{"type": cls name, "plan": {...}}``, decoded by
    ``decoders[cls]``; returns ``(document, message)``.

    Nothing saved: ``(cls(), None)``. Unreadable JSON, or JSON that is not a ``cls``
    document: the file is moved aside (:func:`move_aside`), a warning is shown and
    ``(cls(), message)`` returned. A file holding another type among ``decoders``
    is a programming error: TypeError, file untouched.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = load_json(name, default=None, trainee=trainee)
    message = None
    for warning in caught:  # load_json moved an unreadable file aside: pass its word on
        message = str(warning.message)
        warnings.warn(warning.message, warning.category, stacklevel=3)
    if data is None:
        return cls(), message
    saved = data.get("type") if isinstance(data, dict) else None
    if saved != cls.__name__ and saved in {c.__name__ for c in decoders}:
        raise TypeError(f"{name!r} holds a saved {saved}, not {cls.__name__}")
    try:
        if saved != cls.__name__ or not isinstance(data.get("plan"), dict):
            raise Unreadable(f"not a saved {cls.__name__}")
        return decoders[cls](data["plan"]), None
    except (ValueError, TypeError):  # Unreadable is a ValueError
        message = move_aside(name, trainee)
        warnings.warn(message, UserWarning, stacklevel=3)
        return cls(), message


def move_aside(name: str, trainee: str | None = None) -> str:
    """Keep an unusable saved file as ``<name>.corrupt.json`` (never deleted, never
    overwritten: a second one is ``<name>.corrupt (2).json``); returns the message."""
    path = json_path(name, trainee)
    moved = safe_export_path(path.with_name(f"{path.stem}.corrupt{path.suffix}"))
    os.replace(path, moved)
    return t("corrupt_moved", path=path, moved=moved.name)


def json_path(name: str, trainee: str | None = None) -> Path:
    """Where :func:`save_json` keeps ``name`` (the folder is not created)."""
    return _folder(trainee) / _json_name(name)


def _folder(trainee: str | None, base: str | os.PathLike[str] | None = None) -> Path:
    root = Path(base if base is not None else os.environ.get(ENV_VAR, DEFAULT_BASE))
    return root / safe_name(trainee)


def _json_name(name: str) -> str:
    stem = safe_name(name, fallback="")
    if not stem:
        raise ValueError(f"not a usable file name: {name!r}")
    return f"{stem}.json"
