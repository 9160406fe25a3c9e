"""The people of an account (关键人物表): coverage of the decision roles, the reporting
lines and the pain chain.

Works on the canonical ``contacts`` table (customer_id, name, role; optional attitude,
influence 1–5, stage, reports_to, owner, last_contact, left_on, pain, value_proposition,
…) as :func:`kit.data.load` gives it: fixed words as their keys (role ``decision_maker``,
attitude ``supporter``, stage ``know`` / ``meet`` / ``trust`` / ``ally`` for
认识 · 约会 · 信赖 · 同盟). Kit definitions (the course material names the roles and the
stages, the scoring is the kit's):

- a person is **active** unless they left (``left_on`` on or before ``as_of``);
- a role is **covered** by an active person in it who is not an opponent; its stage is
  the furthest stage among them (no stage written: not yet reached);
- **coverage** = 100 × Σ role weight × stage points, stage points 认识 ¼, 约会 ½,
  信赖 ¾, 同盟 1, weights decision maker 30 %, coach 20 %, approver 15 %, influencer 15 %,
  technical gatekeeper 10 %, user 10 % (a parameter);
- an account is **single-threaded** when at most one active non-opponent has gone beyond
  a first acquaintance (约会 or further): one person carries the whole relationship;
- named **gaps**: no decision maker in the table; a decision maker not reached (only
  at 认识, or only opponents); no coach; single-threaded;
- the **last contact** with a person is the later of the table's ``last_contact`` and
  their latest visit or call in ``interactions``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit import labels
from kit.accounts.labels import t
from kit.errors import KitError

ROLES = ("decision_maker", "approver", "influencer", "gatekeeper", "user", "coach")
ROLE_WEIGHTS = {"decision_maker": 0.30, "coach": 0.20, "approver": 0.15, "influencer": 0.15,
                "gatekeeper": 0.10, "user": 0.10}
RELATIONSHIP_STAGES = ("know", "meet", "trust", "ally")
STAGE_POINTS = {"know": 0.25, "meet": 0.5, "trust": 0.75, "ally": 1.0}
ATTITUDES = ("supporter", "neutral", "opponent")
GAPS = ("no_decision_maker", "decision_maker_not_reached", "no_coach", "single_threaded")
VISIT_STEPS = tuple(str(n) for n in range(1, 8))  # the material's seven-step visit
VISIT_PREPARATION = ("goal", "materials", "questions", "objections", "file")


class UnknownPerson(KitError, ValueError):
    """A name asked for that is not a person of the account (says who is)."""


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string")


def _column(contacts: pd.DataFrame, name: str) -> pd.Series:
    return contacts[name] if name in contacts else pd.Series(pd.NA, index=contacts.index)


def is_active(contacts: pd.DataFrame, as_of=None) -> pd.Series:
    """True for people still in their job on ``as_of`` (everyone without a ``left_on``)."""
    left = pd.to_datetime(_column(contacts, "left_on"), errors="coerce")
    if as_of is None:
        return left.isna()
    return left.isna() | (left > pd.Timestamp(as_of))


def stage_points(stages: pd.Series) -> pd.Series:
    """认识 ¼ … 同盟 1 per person; no stage written: 0."""
    return _text(stages).map(STAGE_POINTS).astype("float64").fillna(0.0)


def coverage(contacts: pd.DataFrame, *, as_of=None,
             weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Per customer: active people, engaged people (active non-opponents at 约会 or
    beyond), each role's furthest stage (``stage_<role>``, NaN when uncovered), roles
    covered, coverage 0–100, single_threaded and the named gaps (a tuple of GAPS keys)."""
    weights = dict(ROLE_WEIGHTS if weights is None else weights)
    if set(weights) != set(ROLES) or sum(weights.values()) <= 0:
        raise ValueError(f"weights need every role of {ROLES} and a positive sum")
    total = sum(weights.values())
    people = contacts.assign(
        _cid=_text(contacts["customer_id"]), _role=_text(contacts["role"]),
        _attitude=_text(_column(contacts, "attitude")).fillna("neutral"),
        _points=stage_points(_column(contacts, "stage")), _active=is_active(contacts, as_of))
    rows = []
    for cid, group in people.groupby("_cid", sort=True):
        active = group[group["_active"]]
        counting = active[active["_attitude"] != "opponent"]
        best = counting.groupby("_role")["_points"].max()
        row: dict[str, object] = {"customer_id": cid, "contacts": len(active),
                                  "engaged": int((counting["_points"] >= 0.5).sum())}
        for role in ROLES:
            row[f"stage_{role}"] = _stage_of(best.get(role))
        row["roles_covered"] = int(sum(role in best.index for role in ROLES))
        row["coverage"] = 100 * sum(weights[r] * best.get(r, 0.0) for r in ROLES) / total
        row["single_threaded"] = row["engaged"] <= 1
        dm = active[active["_role"] == "decision_maker"]
        gaps = []
        if dm.empty:
            gaps.append("no_decision_maker")
        elif best.get("decision_maker", 0.0) <= STAGE_POINTS["know"]:
            gaps.append("decision_maker_not_reached")
        if "coach" not in best.index:
            gaps.append("no_coach")
        if row["single_threaded"]:
            gaps.append("single_threaded")
        row["gaps"] = tuple(gaps)
        rows.append(row)
    columns = ["contacts", "engaged", *[f"stage_{r}" for r in ROLES], "roles_covered",
               "coverage", "single_threaded", "gaps"]
    out = pd.DataFrame(rows, columns=["customer_id", *columns]).set_index("customer_id")
    return out


def _stage_of(points: float | None) -> str | float:
    if points is None or np.isnan(points) or points <= 0:
        return np.nan
    return next(s for s, p in STAGE_POINTS.items() if p == points)


def gap_text(gaps, lang: str | None = None) -> str:
    """The named gaps of an account in words ("没有教练、单线联系"); "" when none."""
    return labels.word("list_sep", lang).join(t(f"gap.{g}", lang) for g in gaps)


def visit_steps(lang: str | None = None) -> list[str]:
    """The seven steps of a customer visit, in order."""
    return [t(f"visit.{n}", lang) for n in VISIT_STEPS]


def visit_preparation(lang: str | None = None) -> list[str]:
    """The questions to answer before a visit."""
    return [t(f"prep.{k}", lang) for k in VISIT_PREPARATION]


def stage_moves(lang: str | None = None) -> dict[str, str]:
    """How to move a person from each relationship stage to the next (kit's summary)."""
    return {s: t(f"move.{s}", lang) for s in RELATIONSHIP_STAGES}


def last_contacts(contacts: pd.DataFrame, interactions: pd.DataFrame | None = None) -> pd.Series:
    """Per contact row: the later of its ``last_contact`` and its latest interaction
    (matched on customer and contact name)."""
    own = pd.to_datetime(_column(contacts, "last_contact"), errors="coerce")
    if interactions is None or interactions.empty or "contact" not in interactions:
        return own
    seen = interactions.assign(_cid=_text(interactions["customer_id"]),
                               _name=_text(interactions["contact"]),
                               _date=pd.to_datetime(interactions["date"], errors="coerce"))
    latest = seen.groupby(["_cid", "_name"])["_date"].max()
    keys = pd.MultiIndex.from_arrays([_text(contacts["customer_id"]), _text(contacts["name"])])
    visited = pd.Series(latest.reindex(keys).to_numpy(), index=contacts.index)
    return pd.concat([own, visited], axis=1).max(axis=1)


@dataclass(frozen=True)
class OrgChart:
    """One account's reporting lines: ``manager[name]`` is the person's manager in the
    table, None at the top. ``notes`` say what was repaired: a manager who is not in the
    table, a loop (broken at its most influential person) or a repeated name."""

    customer_id: str
    people: tuple[str, ...]
    manager: dict[str, str | None]
    notes: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    @property
    def roots(self) -> list[str]:
        return [p for p in self.people if self.manager[p] is None]

    def children(self, name: str) -> list[str]:
        return [p for p in self.people if self.manager[p] == name]

    def chain(self, name: str) -> list[str]:
        """``name`` and the managers above, up to the top."""
        out = [name]
        while self.manager[out[-1]] is not None:
            out.append(self.manager[out[-1]])
        return out

    def depth(self, name: str) -> int:
        return len(self.chain(name)) - 1


def org_chart(contacts: pd.DataFrame, customer: str) -> OrgChart:
    """The reporting lines of ``customer`` from ``reports_to`` (names in the same account)."""
    rows = contacts[_text(contacts["customer_id"]) == str(customer)]
    names: list[str] = []
    notes: list[tuple[str, str, str]] = []
    influence: dict[str, float] = {}
    reports: dict[str, str | None] = {}
    for _, row in rows.iterrows():
        name = str(row["name"]).strip()
        if name in reports:
            n = 2
            while f"{name} ({n})" in reports:
                n += 1
            notes.append(("duplicate", f"{name} ({n})", name))
            name = f"{name} ({n})"
        boss = row.get("reports_to")
        reports[name] = None if pd.isna(boss) or not str(boss).strip() else str(boss).strip()
        influence[name] = float(row["influence"]) if "influence" in row and pd.notna(
            row["influence"]) else 0.0
        names.append(name)
    manager: dict[str, str | None] = {}
    for name in names:
        boss = reports[name]
        if boss is not None and (boss not in reports or boss == name):
            notes.append(("unknown_manager", name, boss))
            boss = None
        manager[name] = boss
    for loop in _loops(names, manager):
        top = max(loop, key=lambda n: (influence[n], -names.index(n)))
        notes.append(("loop", top, " → ".join(loop)))
        manager[top] = None
    return OrgChart(str(customer), tuple(names), manager, tuple(notes))


def _loops(names: list[str], manager: dict[str, str | None]) -> list[list[str]]:
    """Each reporting loop once, in table order."""
    found, done = [], set()
    for start in names:
        path, seen = [], {}
        node = start
        while node is not None and node not in done and node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = manager[node]
        if node is not None and node in seen:
            found.append(path[seen[node]:])
        done.update(path)
    return found


def pain_chain(contacts: pd.DataFrame, customer: str, name: str) -> pd.DataFrame:
    """The pain chain (痛苦链) from one person up to the top of the account: each person's
    title, role and pain, and the value proposition that answers it."""
    chart = org_chart(contacts, customer)
    if name not in chart.manager:
        raise UnknownPerson(t("error.unknown_person", name=name, customer=customer,
                              people=labels.word("list_sep").join(chart.people)))
    rows = contacts[_text(contacts["customer_id"]) == str(customer)].reset_index(drop=True)
    rows.index = pd.Index(chart.people)
    cols = [c for c in ("title", "role", "pain", "value_proposition") if c in rows]
    return rows.loc[chart.chain(name), cols].astype("string").rename_axis("name")


__all__ = ["ATTITUDES", "GAPS", "RELATIONSHIP_STAGES", "ROLES", "ROLE_WEIGHTS", "STAGE_POINTS",
           "VISIT_PREPARATION", "VISIT_STEPS", "OrgChart", "UnknownPerson", "coverage", "gap_text", "is_active",
           "last_contacts", "org_chart", "pain_chain", "stage_moves", "stage_points",
           "visit_preparation", "visit_steps"]
