"""Key-account identification (大客户识别): the seeds' checks as a scored checklist.

Kit scoring (0–100): fit 40 % (the trainee's 0–5 rating / 5), centralised
purchasing 30 % (centralised 1, dispersed 0: one central decision wins many
sites at once), recurring purchases 30 % (share of months with purchases,
full marks from 75 %; :func:`recurring_share` reads it from the data). An item
not answered scores 0 and is listed. Verdict: ≥ 70 a key account, ≥ 40 watch,
below 40 not a key account yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.accounts.labels import t
from kit.overview import select_flow

CHECK_ITEMS = ("fit", "centralised", "recurring")
CHECK_WEIGHTS = {"fit": 0.4, "centralised": 0.3, "recurring": 0.3}
RECURRING_FULL = 0.75
VERDICT_AT = (70.0, 40.0)


@dataclass
class KeyAccountCheck:
    """One account's identification checklist."""

    account: str = ""
    fit: int | None = None  # 0–5: how well the account's needs match our offer
    centralised: bool | None = None  # True: central buying; False: each site buys
    recurring: float | None = None  # share of months with purchases, 0–1

    def __post_init__(self) -> None:
        if self.fit is not None and not 0 <= self.fit <= 5:
            raise ValueError("fit is a rating from 0 to 5")
        if self.recurring is not None and not 0 <= self.recurring <= 1:
            raise ValueError("recurring is a share between 0 and 1")

    def item_scores(self) -> dict[str, float]:
        """Each item 0–1 (unanswered: 0)."""
        return {
            "fit": (self.fit or 0) / 5,
            "centralised": 1.0 if self.centralised else 0.0,
            "recurring": min((self.recurring or 0.0) / RECURRING_FULL, 1.0),
        }

    @property
    def score(self) -> float:
        items = self.item_scores()
        return round(100 * sum(CHECK_WEIGHTS[k] * items[k] for k in CHECK_ITEMS), 2)

    @property
    def missing(self) -> list[str]:
        return [k for k in CHECK_ITEMS if getattr(self, k) is None]

    @property
    def verdict(self) -> str:
        key_at, watch_at = VERDICT_AT
        return "key_account" if self.score >= key_at else (
            "watch" if self.score >= watch_at else "not_key")

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """Item, question, answer, weight and points (points add up to the score)."""
        items = self.item_scores()
        return pd.DataFrame([{
            "item": t(f"check.{k}", lang), "question": t(f"check.{k}.q", lang),
            "answer": getattr(self, k), "weight": CHECK_WEIGHTS[k],
            "points": 100 * CHECK_WEIGHTS[k] * items[k]} for k in CHECK_ITEMS],
            index=pd.Index(CHECK_ITEMS, name="key"))

    def summary(self, lang: str | None = None) -> str:
        text = f"{self.score:.0f} · {t(f'verdict.{self.verdict}', lang)}"
        if self.missing:
            names = "、".join(t(f"check.{k}", lang) for k in self.missing)
            text += " · " + t("check.missing", lang, items=names)
        return text


def recurring_share(sales: pd.DataFrame, periods, *, by: str = "customer_id",
                    flow: str | None = None, quantity: str = "units") -> pd.Series:
    """Share of the window's months in which each account bought (units > 0)."""
    data = select_flow(sales, flow)
    data = data[data["period"].isin(list(periods))]
    monthly = data.groupby([by, "period"], observed=True)[quantity].sum()
    months = monthly[monthly > 0].groupby(level=0, observed=True).size()
    months.index = months.index.astype(str)
    return (months / len(periods)).rename("recurring")
