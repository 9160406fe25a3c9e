"""One language switch (and one currency) for everything a trainee reads.

Each module owns its own catalogue (a dict ``key -> {"zh": ..., "en": ...}``)
and gets a translator with :func:`catalogue`; all catalogues are kept in a
registry so one test can prove every key has both languages. A module that
needs another module's words asks :func:`text` (or :func:`has`), never the
other module's dict.

Money words follow the dataset's currency, a setting like the language
(:func:`set_currency`, default CNY). A catalogue string says ``{CUR}`` where the
currency's name goes (元 / CNY) and ``{MUNIT}`` where the display unit of money
goes (万元 in Chinese, thousand CNY in English), so US-dollar data never reads
"元".
"""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Callable, Mapping

LANGS = ("zh", "en")
DEFAULT_CURRENCY = "CNY"
_state = {"lang": "zh", "currency": DEFAULT_CURRENCY}
_registry: dict[str, Mapping[str, Mapping[str, str]]] = {}

# The currency's own name in each language; any other ISO code is shown as the code.
CURRENCY_NAMES: dict[str, dict[str, str]] = {
    "CNY": {"zh": "元", "en": "CNY"},
    "USD": {"zh": "美元", "en": "USD"},
    "EUR": {"zh": "欧元", "en": "EUR"},
    "HKD": {"zh": "港元", "en": "HKD"},
    "JPY": {"zh": "日元", "en": "JPY"},
    "GBP": {"zh": "英镑", "en": "GBP"},
}
# Display scale of money: 万 (10,000) in Chinese, thousands in English.
DISPLAY_SCALE = {"zh": 10_000, "en": 1_000}
_SCALE_WORDS = {  # scale -> (zh prefix, en prefix)
    1: ("", ""), 1_000: ("千", "thousand "), 10_000: ("万", "ten thousand "),
    1_000_000: ("百万", "million "),
}


def set_lang(lang: str) -> None:
    """Switch the kit's language (``"zh"`` default, or ``"en"``)."""
    _state["lang"] = _check(lang)


def get_lang() -> str:
    return _state["lang"]


def set_currency(code: str | None) -> None:
    """The dataset's currency (an ISO code such as ``"CNY"`` or ``"USD"``; None: CNY)."""
    code = (code or DEFAULT_CURRENCY).strip().upper()
    if not (len(code) == 3 and code.isalpha()):
        raise ValueError(f"currency must be a three-letter code such as CNY or USD, got {code!r}")
    _state["currency"] = code


def get_currency() -> str:
    return _state["currency"]


def currency_name(lang: str | None = None) -> str:
    """元 / CNY, 美元 / USD ...: the currency as a unit word."""
    code = get_currency()
    return CURRENCY_NAMES.get(code, {"zh": code, "en": code})[_check(lang) if lang else get_lang()]


def money_unit(scale: int = 1, lang: str | None = None) -> str:
    """The unit of an amount shown divided by ``scale``: 元, 千元, 万元 (zh);
    CNY, thousand CNY (en); 万美元 / thousand USD for US dollars."""
    lang = _check(lang) if lang else get_lang()
    zh_prefix, en_prefix = _SCALE_WORDS[scale]
    return f"{zh_prefix}{currency_name(lang)}" if lang == "zh" else f"{en_prefix}{currency_name(lang)}"


def display_scale(lang: str | None = None) -> int:
    """Currency units per displayed money unit in running text and charts."""
    return DISPLAY_SCALE[_check(lang) if lang else get_lang()]


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


class _Numbers(string.Formatter):
    """str.format, but a number written with a format spec ("{x:,.0f}") reads as the kit's
    numbers do everywhere (kit.fmt): minus as "−", no "−0", "n/a" for NaN and infinity."""

    def format_field(self, value: object, spec: str) -> str:
        if not spec or isinstance(value, bool) or not isinstance(value, numbers.Real):
            return super().format_field(value, spec)
        if not math.isfinite(float(value)):
            return "n/a"
        text = format(value, spec)
        if not any(c in "123456789" for c in text):
            text = text.replace("-", "")
        return text.replace("-", "\u2212")


_NUMBERS = _Numbers()


def _render(text: str, lang: str, fields: Mapping[str, object]) -> str:
    if "{CUR}" in text or "{MUNIT}" in text:
        text = text.replace("{CUR}", currency_name(lang)).replace(
            "{MUNIT}", money_unit(display_scale(lang), lang))
    return _NUMBERS.vformat(text, (), fields) if fields else text


def catalogue(name: str, entries: Mapping[str, Mapping[str, str]]) -> Callable[..., str]:
    """Register a module's strings and return ``t(key, lang=None, **fields)``."""
    _registry[name] = entries

    def t(key: str, lang: str | None = None, **fields: object) -> str:
        lang = _check(lang) if lang else get_lang()
        return _render(entries[key][lang], lang, fields)

    return t


def has(name: str, key: str) -> bool:
    """Whether catalogue ``name`` holds ``key``."""
    return key in _registry.get(name, {})


def text(name: str, key: str, default: str | None = None, lang: str | None = None,
         **fields: object) -> str:
    """``key`` from catalogue ``name`` in the kit language; ``default`` (or the key)
    when the catalogue has no such key."""
    entries = _registry.get(name, {})
    if key not in entries:
        return key if default is None else default
    lang = _check(lang) if lang else get_lang()
    return _render(entries[key][lang], lang, fields)


def registry() -> dict[str, Mapping[str, Mapping[str, str]]]:
    """All registered catalogues (for completeness tests and the glossary)."""
    return dict(_registry)
