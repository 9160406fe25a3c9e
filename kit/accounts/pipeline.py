"""The six-stage key-account pipeline (客户开发 → 立项 → 提案 → 招投标 → 商务谈判 → 工程实施).

Works on the canonical `opportunities` table (opportunity_id, customer_id,
stage, amount; optional probability, expected_close, owner, and a `status`
column with "lost" / 丢单 for deals that dropped out, if the trainee keeps one).

Each stage has the key node (关键节点) the course material gives it: 准确的项目信息
(accurate opportunity information), 售前立项 (the seller's own pre-sales registration
of the opportunity: the seller, not the customer, opens it as a project),
有效的客户关系推进 (the customer relationship effectively moved forward), 投标或议标
(bid or negotiated tender), 合同审批和合同签订 (contract approval and signing) and
工程验收和项目结项 (acceptance and project close); :func:`stage_nodes`.

Kit definitions:

- **stage** may be written as the key, the Chinese or English name, or 1–6;
- **weighted forecast** = Σ amount × probability, the probability being the
  deal's own (`probability`, 0–1 or 0–100 %) where given and the stage default
  otherwise: 10 / 25 / 40 / 60 / 80 / 100 % (工程实施 = signed, being
  delivered). Lost deals weigh 0;
- **stage conversion** (snapshot): a deal at stage k has passed stages 1..k,
  so reached(k) = deals at stage ≥ k, and conversion k → k+1 =
  reached(k+1) / reached(k). Open deals have not had their chance yet, so read
  it with the ageing;
- **ageing** = days from the expected close to `as_of` (positive: late) for
  open deals before 工程实施, bucketed not due / ≤ 30 / 31–90 / > 90 days;
- **stage gate**: a stage's key node is its exit criterion: a deal moves on only when
  the node of every stage it leaves behind is met (moving back needs none); after
  工程实施 comes 售后服务 (after-sales service), whose node is full payment and a
  satisfaction call, where the material's follow-up service ends (:func:`advance`);
- **opportunity assessment**: six criteria rated 0–5 (5 = most favourable to
  us), weighted need 25 %, budget 20 %, timeline 15 %, decision process 15 %,
  competition 15 %, evaluation priorities 10 %; score = 100 × Σ weight ×
  rating / 5; ≥ 70 pursue, ≥ 40 qualify further, below 40 deprioritise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from kit.accounts.labels import t
from kit.errors import KitError

STAGES = ("development", "initiation", "proposal", "tender", "negotiation", "implementation")
PROBABILITIES = {"development": 0.10, "initiation": 0.25, "proposal": 0.40, "tender": 0.60,
                 "negotiation": 0.80, "implementation": 1.00}
AGE_BUCKETS = ("not_due", "0_30", "31_90", "over_90", "no_date")
CRITERIA = ("need", "timeline", "budget", "competition", "decision_process",
            "evaluation_priorities")
LOST = ("lost", "closed lost", "丢单", "输单", "失败", "已丢单")
CRITERIA_WEIGHTS = {"need": 0.25, "budget": 0.20, "timeline": 0.15, "decision_process": 0.15,
                    "competition": 0.15, "evaluation_priorities": 0.10}


# English names earlier versions of the kit used, still read in trainees' files.
OLD_NAMES = {"project initiation": "initiation"}


def stage_names(lang: str | None = None) -> dict[str, str]:
    return {k: t(f"stage.{k}", lang) for k in STAGES}


def stage_nodes(lang: str | None = None) -> dict[str, str]:
    """Each stage's key node (关键节点), in the course material's order."""
    return {k: t(f"node.{k}", lang) for k in STAGES}


def _aliases() -> dict[str, str]:
    out = dict(OLD_NAMES)
    for i, key in enumerate(STAGES, start=1):
        for alias in (key, str(i), t(f"stage.{key}", "zh"), t(f"stage.{key}", "en")):
            out[alias.strip().lower()] = key
    return out


def stage_keys(stages: pd.Series) -> pd.Series:
    """Stage keys for stage values written as keys, zh / en names or 1–6."""
    aliases = _aliases()
    text = stages.astype("string").str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
    keys = text.map(aliases)
    unknown = sorted(set(stages[keys.isna()].astype(str)))
    if unknown:
        raise ValueError(f"unknown pipeline stage(s) {unknown}; use one of "
                         f"{list(stage_names('zh').values())} or 1–6")
    return keys.astype("string")


def is_lost(opps: pd.DataFrame) -> np.ndarray:
    """True for deals whose `status` says they dropped out (lost, 丢单, ...)."""
    if "status" not in opps:
        return np.zeros(len(opps), dtype=bool)
    status = opps["status"].astype("string").str.strip().str.lower()
    return status.isin(LOST).to_numpy(dtype=bool, na_value=False)


def deal_probabilities(opps: pd.DataFrame, probabilities: Mapping[str, float] | None = None,
                       *, use_row_probability: bool = True) -> pd.Series:
    """Each deal's probability: its own where given, else the stage's; lost deals 0."""
    table = {**PROBABILITIES, **(probabilities or {})}
    if any(not 0 <= p <= 1 for p in table.values()):
        raise ValueError("stage probabilities must be between 0 and 1")
    prob = stage_keys(opps["stage"]).map(table).astype("float64")
    if use_row_probability and "probability" in opps:
        own = pd.to_numeric(opps["probability"], errors="coerce").astype("float64")
        own = own.where(own <= 1, own / 100)  # 60 means 60 %
        prob = own.where(own.notna(), prob)
    return prob.where(~is_lost(opps), 0.0)


def weighted_pipeline(opps: pd.DataFrame, probabilities: Mapping[str, float] | None = None,
                      *, use_row_probability: bool = True, lang: str | None = None
                      ) -> pd.DataFrame:
    """Per stage (all six, in order): deals, amount, default probability, weighted.
    Σ weighted is the forecast (:func:`forecast`)."""
    keys = stage_keys(opps["stage"])
    weighted = opps["amount"].astype("float64") * deal_probabilities(
        opps, probabilities, use_row_probability=use_row_probability)
    frame = pd.DataFrame({"stage": keys.to_numpy(), "amount": opps["amount"].to_numpy(),
                          "weighted": weighted.to_numpy()})
    grouped = frame.groupby("stage")
    out = pd.DataFrame({"deals": grouped.size(), "amount": grouped["amount"].sum(),
                        "weighted": grouped["weighted"].sum()}).reindex(list(STAGES)).fillna(0)
    out["deals"] = out["deals"].astype(int)
    out.insert(2, "probability", [{**PROBABILITIES, **(probabilities or {})}[k] for k in STAGES])
    out.insert(0, "label", [t(f"stage.{k}", lang) for k in STAGES])
    out.index.name = "stage"
    return out


def forecast(opps: pd.DataFrame, probabilities: Mapping[str, float] | None = None, *,
             use_row_probability: bool = True) -> float:
    """Σ amount × probability over all deals."""
    prob = deal_probabilities(opps, probabilities, use_row_probability=use_row_probability)
    return float((opps["amount"].astype("float64") * prob).sum())


def stage_conversion(opps: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Deals at each stage, deals that reached it, and conversion to the next stage."""
    index = stage_keys(opps["stage"]).map({k: i for i, k in enumerate(STAGES)}).astype(int)
    at = np.bincount(index, minlength=len(STAGES))
    reached = at[::-1].cumsum()[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        nxt = np.append(reached[1:], np.nan)
        conversion = np.where(reached > 0, nxt / np.where(reached > 0, reached, 1), np.nan)
        from_first = reached / reached[0] if reached[0] else reached * np.nan
    return pd.DataFrame({"label": [t(f"stage.{k}", lang) for k in STAGES], "deals": at,
                         "reached": reached, "conversion_to_next": conversion,
                         "share_of_first": from_first},
                        index=pd.Index(STAGES, name="stage"))


def pipeline_ageing(opps: pd.DataFrame, as_of, *, column: str = "expected_close",
                    bins: tuple[int, int] = (30, 90), lang: str | None = None) -> pd.DataFrame:
    """Open deals before 工程实施 with days late (as_of − expected close) and a bucket."""
    keys = stage_keys(opps["stage"])
    open_ = (keys != "implementation").to_numpy()
    open_ &= ~is_lost(opps)
    deals = opps[open_].copy()
    deals["stage"] = keys[open_].to_numpy()
    due = (pd.to_datetime(deals[column], errors="coerce") if column in deals
           else pd.Series(pd.NaT, index=deals.index))
    deals["days_late"] = (pd.Timestamp(as_of) - due).dt.days
    late = deals["days_late"]
    deals["age"] = np.select([late.isna(), late <= 0, late <= bins[0], late <= bins[1]],
                             ["no_date", "not_due", "0_30", "31_90"], default="over_90")
    deals["age_label"] = deals["age"].map(lambda k: t(f"age.{k}", lang))
    return deals


@dataclass
class OpportunityAssessment:
    """Six criteria rated 0–5 (5 = most favourable to us) and their weighted score."""

    opportunity_id: str = ""
    need: int = 0
    timeline: int = 0
    budget: int = 0
    competition: int = 0
    decision_process: int = 0
    evaluation_priorities: int = 0
    weights: dict[str, float] = field(default_factory=lambda: dict(CRITERIA_WEIGHTS))

    def __post_init__(self) -> None:
        bad = [k for k in CRITERIA if not 0 <= getattr(self, k) <= 5]
        if bad:
            raise ValueError(f"ratings must be 0–5: {bad}")
        if set(self.weights) != set(CRITERIA) or sum(self.weights.values()) <= 0:
            raise ValueError(f"weights need every criterion of {CRITERIA} and a positive sum")

    @property
    def score(self) -> float:
        total = sum(self.weights.values())
        # Rounded to the hundredth: float sums must not show 100.00000000000003.
        return round(100 * sum(self.weights[k] * getattr(self, k) / 5 for k in CRITERIA) / total,
                     2)

    @property
    def verdict(self) -> str:
        return "pursue" if self.score >= 70 else "qualify" if self.score >= 40 else "drop"

    def summary(self, lang: str | None = None) -> str:
        """"62 · 继续摸底": the score and the verdict in words."""
        return f"{self.score:.0f} · {t(f'verdict.{self.verdict}', lang)}"

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """Criterion, question, rating, weight and points (points add up to the score)."""
        total = sum(self.weights.values())
        return pd.DataFrame([{
            "criterion": t(f"crit.{k}", lang), "question": t(f"crit.{k}.q", lang),
            "rating": getattr(self, k), "weight": self.weights[k] / total,
            "points": 100 * self.weights[k] / total * getattr(self, k) / 5} for k in CRITERIA],
            index=pd.Index(CRITERIA, name="key"))


# ------------------------------------------------------------------ the stage gate

AFTER_SALES = "after_sales"
GATE_STAGES = (*STAGES, AFTER_SALES)


class StageGateError(KitError, ValueError):
    """A deal asked to move past a stage whose key node is not met; says which node."""


def gate_names(lang: str | None = None) -> dict[str, str]:
    """The six stages and after-sales service, in words."""
    return {k: t(f"stage.{k}", lang) for k in GATE_STAGES}


def gate_nodes(lang: str | None = None) -> dict[str, str]:
    """Each stage's exit criterion: its key node (after-sales: paid in full)."""
    return {k: t(f"node.{k}", lang) for k in GATE_STAGES}


@dataclass
class DealProgress:
    """Where one deal stands and which stages' key nodes are met (``nodes``)."""

    opportunity_id: str = ""
    stage: str = "development"
    nodes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = [s for s in (self.stage, *self.nodes) if s not in GATE_STAGES]
        if unknown:
            raise ValueError(f"unknown stage(s) {unknown}; use one of {GATE_STAGES}")

    @property
    def missing_node(self) -> str | None:
        """The current stage, when its key node is not met yet."""
        return None if self.stage in self.nodes else self.stage

    def with_node(self, stage: str, met: bool = True) -> DealProgress:
        nodes = [s for s in self.nodes if s != stage] + ([stage] if met else [])
        return replace(self, nodes=[s for s in GATE_STAGES if s in nodes])


def advance(progress: DealProgress, to: str | None = None, lang: str | None = None
            ) -> DealProgress:
    """The deal at ``to`` (default: the next stage). Forward moves need the key node of
    every stage left behind, else :class:`StageGateError` names the first one missing."""
    here = GATE_STAGES.index(progress.stage)
    there = here + 1 if to is None else GATE_STAGES.index(to)
    if there >= len(GATE_STAGES):
        raise StageGateError(t("gate.refused", lang, deal=progress.opportunity_id,
                               to=t(f"stage.{progress.stage}", lang),
                               stage=t(f"stage.{progress.stage}", lang),
                               node=t(f"node.{progress.stage}", lang)))
    missing = [s for s in GATE_STAGES[here:there] if s not in progress.nodes]
    if missing:
        raise StageGateError(t("gate.refused", lang, deal=progress.opportunity_id,
                               to=t(f"stage.{GATE_STAGES[there]}", lang),
                               stage=t(f"stage.{missing[0]}", lang),
                               node=t(f"node.{missing[0]}", lang)))
    return replace(progress, stage=GATE_STAGES[there])


def progress_of(opps: pd.DataFrame) -> dict[str, DealProgress]:
    """Each deal of the table at its stage, the nodes of the stages before it met (it
    got there); its own stage's node still to meet."""
    keys = stage_keys(opps["stage"])
    return {str(i): DealProgress(str(i), k, list(STAGES[:STAGES.index(k)]))
            for i, k in zip(opps["opportunity_id"], keys, strict=True)}
