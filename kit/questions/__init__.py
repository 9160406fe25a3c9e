"""Each stage's exercise questions, as data.

One module per stage (:mod:`start`, :mod:`review`, :mod:`goals`, :mod:`jbp`,
:mod:`penetration`, :mod:`accounts`); each has a ``questions(...)`` function of the stage's inputs
(the trainee's tables and the notebook's parameters), which computes what it needs
with the kit's own functions, and ``TITLES``: a short name per question id. The
workshop notebook, the no-code app and the cohort dashboard all use these, so the
same data gives the same questions everywhere and every question has a column on
the dashboard.
"""

from __future__ import annotations

from kit import i18n
from kit.questions import accounts, goals, jbp, penetration, review, start

MODULES = (start, review, goals, jbp, penetration, accounts)
TITLES: dict[str, dict[str, str]] = {k: v for m in MODULES for k, v in m.TITLES.items()}


def title(question_id: str, lang: str | None = None) -> str:
    """The short name of a question ("增长贡献" ...), the id itself when unknown."""
    names = TITLES.get(question_id)
    return names[lang or i18n.get_lang()] if names else question_id


__all__ = ["MODULES", "TITLES", "accounts", "goals", "jbp", "penetration", "review", "start", "title"]
