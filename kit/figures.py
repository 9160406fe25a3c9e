"""Figures quoted in what a trainee writes, and whether the data hold them.

A trainee's report or insight card quotes numbers ("达成率约 78%", "销量 −295 万元",
"铺货率下降 11 个点"). :func:`quoted_figures` finds the ones that carry a unit — a
percentage, percentage points or an amount of money — and :func:`matches` says whether
one of the review's numbers (:class:`Fact`) is what was quoted, allowing for how the
figure was rounded. Plain numbers without a unit (counts, dates, years) are not
figures here: they cannot be told apart from a date or a count.

Rules (the kit's):

- the sign is ignored ("下降 16%" quotes a YoY of −16 %), as is "约 / about";
- a figure matches a fact of its kind when the two differ by no more than half the
  last digit shown (78 % stands for 77.5 %–78.5 %); "约" (about) also allows 2 % of
  the value;
- money is read in the unit written (亿, 万, 千, 元; thousand, million and the
  dataset's currency in English) and compared in currency units.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kit import i18n

KINDS = ("ratio", "points", "money", "number")
RELATIVE = 0.0
ABOUT_RELATIVE = 0.02

_NUMBER = r"[+\-]?\d[\d,]*(?:\.\d+)?"
_ABOUT = r"(?:约|大约|近|接近|about|around|approximately|roughly|~)\s*"
_ABOUT_START = re.compile(_ABOUT, re.IGNORECASE)
_SCALES = {"亿": 1e8, "万": 1e4, "千": 1e3, "million": 1e6, "thousand": 1e3, "k": 1e3, "m": 1e6}


@dataclass(frozen=True)
class Fact:
    """A number of the review: ``kind`` is ratio (0.78 for 78 %), points (a change of a
    ratio, 0.11 for 11 points), money (currency units) or number."""

    name: str
    value: float
    kind: str


@dataclass(frozen=True)
class Figure:
    """A quoted figure: the text as typed, its value in the fact's units, its kind and the
    tolerance its rounding allows."""

    text: str
    value: float
    kind: str
    tolerance: float


def _patterns() -> list[tuple[str, re.Pattern]]:
    names = "|".join(sorted({re.escape(n[lang]) for n in i18n.CURRENCY_NAMES.values()
                             for lang in i18n.LANGS} | {"yuan", "RMB", "￥", "¥"}, key=len,
                            reverse=True))
    about = f"(?:{_ABOUT})?"
    return [
        ("ratio", re.compile(rf"{about}(?P<n>{_NUMBER})\s*%")),
        ("points", re.compile(rf"{about}(?P<n>{_NUMBER})\s*(?:个)?(?:百分)?点(?![A-Za-z])"
                              rf"|{about}(?P<n2>{_NUMBER})\s*(?:percentage\s+)?(?:points?|pts|pp)\b",
                              re.IGNORECASE)),
        ("money", re.compile(
            rf"{about}(?:(?:{names})\s*)?(?P<n>{_NUMBER})\s*(?P<scale>亿|万|千)?\s*(?:{names})"
            rf"|{about}(?P<n2>{_NUMBER})\s*(?P<scale2>亿|万)"
            rf"|{about}(?:{names})\s*(?P<n3>{_NUMBER})(?:\s*(?P<scale3>thousand|million|k|m)\b)?"
            rf"|{about}(?P<n4>{_NUMBER})\s*(?P<scale4>thousand|million)\s*(?:{names})",
            re.IGNORECASE)),
    ]


def normalise(text: str) -> str:
    """Full-width digits and signs folded (NFKC), the minus sign "−" read as "-"."""
    return unicodedata.normalize("NFKC", text or "").replace("\u2212", "-")


def quoted_figures(text: str) -> list[Figure]:
    """The percentages, points and amounts of money quoted in ``text``, in order."""
    text = normalise(text)
    found: list[tuple[int, Figure]] = []
    taken: list[range] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            span = range(*match.span())
            if any(span.start < r.stop and r.start < span.stop for r in taken):
                continue  # "15%" inside an amount already read, and so on
            groups = match.groupdict()
            number = next(groups[k] for k in ("n", "n2", "n3", "n4") if groups.get(k))
            scale_word = next((groups[k] for k in ("scale", "scale2", "scale3", "scale4")
                               if groups.get(k)), None)
            figure = _figure(match.group(0).strip(), number, kind, scale_word,
                             bool(_ABOUT_START.match(match.group(0))))
            taken.append(span)
            found.append((span.start, figure))
    return [f for _, f in sorted(found, key=lambda item: item[0])]


def _figure(text: str, number: str, kind: str, scale_word: str | None, about: bool) -> Figure:
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    shown = abs(float(digits))
    unit = {"ratio": 0.01, "points": 0.01}.get(kind, _SCALES.get((scale_word or "").lower(), 1.0))
    value = shown * unit
    rounding = 0.5 * 10 ** -decimals * unit
    relative = ABOUT_RELATIVE if about else RELATIVE
    return Figure(text, value, kind, max(rounding, relative * value))


def matches(figure: Figure, facts: Iterable[Fact]) -> bool:
    """Whether any fact of the figure's kind is the figure, rounded as it was written."""
    slack = 1e-9 * max(1.0, figure.value)
    return any(f.kind == figure.kind and math.isfinite(f.value)
               and abs(abs(f.value) - figure.value) <= figure.tolerance + slack for f in facts)


def unmatched(text: str, facts: Iterable[Fact]) -> list[Figure]:
    """The figures quoted in ``text`` that no fact holds."""
    facts = list(facts)
    return [f for f in quoted_figures(text) if not matches(f, facts)]


def with_points(facts: Iterable[Fact]) -> list[Fact]:
    """``facts`` plus, for each ratio quoted as a before and after pair (names ending in
    ``.base`` / ``.current``), its change in points."""
    facts = list(facts)
    ratios = {f.name: f.value for f in facts if f.kind == "ratio"}
    points = [Fact(f"{name[:-5]}.points", ratios[f"{name[:-5]}.current"] - value, "points")
              for name, value in ratios.items()
              if name.endswith(".base") and f"{name[:-5]}.current" in ratios]
    return facts + points


__all__ = ["ABOUT_RELATIVE", "KINDS", "RELATIVE", "Fact", "Figure", "matches", "normalise",
           "quoted_figures", "unmatched", "with_points"]
