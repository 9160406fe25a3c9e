"""One language switch for everything a trainee reads.

Each module owns its own catalogue (a dict ``key -> {"zh": ..., "en": ...}``)
and gets a translator with :func:`catalogue`; all catalogues are kept in a
registry so one test can prove every key has both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LANGS = ("zh", "en")
_state = {"lang": "zh"}
_registry: dict[str, Mapping[str, Mapping[str, str]]] = {}


def set_lang(lang: str) -> None:
    """Switch the kit's language (``"zh"`` default, or ``"en"``)."""
    _state["lang"] = _check(lang)


def get_lang() -> str:
    return _state["lang"]


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def catalogue(name: str, entries: Mapping[str, Mapping[str, str]]) -> Callable[..., str]:
    """Register a module's strings and return ``t(key, lang=None, **fields)``."""
    _registry[name] = entries

    def t(key: str, lang: str | None = None, **fields: object) -> str:
        text = entries[key][_check(lang) if lang else get_lang()]
        return text.format(**fields) if fields else text

    return t


def registry() -> dict[str, Mapping[str, Mapping[str, str]]]:
    """All registered catalogues (for completeness tests and the glossary)."""
    return dict(_registry)
