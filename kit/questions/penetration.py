"""Stage 4 exercises: penetration, whitespace, buyer flow, the growth scenario and the
pipeline forecast of the latest window."""

from __future__ import annotations

import pandas as pd

from kit import accounts, exercises, fmt, i18n, labels
from kit import penetration as pen

t = i18n.catalogue(
    "questions.penetration",
    {
        "q.lowest": {
            "zh": "练习 1：在{window}，哪一个{dim}的渗透率（购买客户 / 客户宇宙）最低？",
            "en": "Exercise 1: in {window}, which {dim} has the lowest penetration "
                  "(buyers / universe)?",
        },
        "q.lowest.hint": {
            "zh": "看渗透率表的“渗透率”一列，不是销售额。",
            "en": "Look at the penetration column, not at sales.",
        },
        "q.total": {
            "zh": "练习 1：在{window}，整体渗透率（购买客户 / 客户宇宙）是多少？",
            "en": "Exercise 1: in {window}, what is the overall penetration (buyers / universe)?",
        },
        "q.whitespace": {
            "zh": "练习 2：哪一个{dim}的空白占比（空白金额 ÷ 潜力）最高，也就是潜力大部分还没被拿到？",
            "en": "Exercise 2: which {dim} has the highest open share (whitespace ÷ potential), "
                  "i.e. most of its potential not yet won?",
        },
        "q.whitespace.hint": {
            "zh": "不是空白金额最大的那个：看空白汇总表的“open_share”（空白占比）一列。",
            "en": "Not the one with the most whitespace in money: read the open share column of "
                  "the whitespace summary.",
        },
        "q.lost": {
            "zh": "练习 3：前一期购买、本期一次都没有购买的客户（流失）有多少个？",
            "en": "Exercise 3: how many buyers of the earlier window did not buy once in the "
                  "latest one (lost)?",
        },
        "q.lost.hint": {
            "zh": "期初 + 新增 − 流失 = 期末；看购买客户流动表的“流失”。",
            "en": "Start + new − lost = end; read the lost column of the buyer flow.",
        },
        "q.buyers": {
            "zh": "练习 3：本期有购买的客户一共有多少个？",
            "en": "Exercise 3: how many buyers bought in the latest window?",
        },
        "q.scenario": {
            "zh": "练习 4：渗透率提高 {points} 个百分点、其他不变，情景销售额是多少{CUR}？",
            "en": "Exercise 4: with penetration up {points} points and nothing else changed, "
                  "what are the scenario sales ({CUR})?",
        },
        "q.scenario.hint": {
            "zh": "情景销售额 = 今天的销售额 × 新渗透率 / 今天的渗透率。",
            "en": "Scenario sales = today's sales × new penetration / today's penetration.",
        },
        "q.forecast": {
            "zh": "练习 5：全部按阶段默认赢率（不用负责人自己的赢率），加权预测是多少{CUR}？",
            "en": "Exercise 5: with every deal at its stage's default probability (not the "
                  "owner's), what is the weighted forecast ({CUR})?",
        },
        "q.forecast.hint": {
            "zh": "加权预测 = Σ 商机金额 × 阶段赢率；丢单记 0。",
            "en": "Forecast = Σ amount × stage probability; lost deals count 0.",
        },
    },
)
TITLES = {
    "pen.lowest": {"zh": "渗透率最低的细分", "en": "Lowest penetration"},
    "pen.total": {"zh": "整体渗透率", "en": "Overall penetration"},
    "pen.whitespace": {"zh": "空白占比最高", "en": "Highest open share"},
    "pen.lost": {"zh": "流失客户数", "en": "Lost buyers"},
    "pen.buyers": {"zh": "购买客户数", "en": "Buyers"},
    "pen.scenario": {"zh": "情景销售额", "en": "Scenario sales"},
    "pen.forecast": {"zh": "加权预测", "en": "Weighted forecast"},
}


def questions(sales: pd.DataFrame, outlets: pd.DataFrame | None = None,
              opportunities: pd.DataFrame | None = None, *, window_months: int = 12,
              end: str | None = None, product: str | None = None,
              penetration_points: float = 5.0) -> list[exercises.Question]:
    """From the tables and the notebook's parameters: the latest ``window_months`` up to
    ``end`` against the window before, whitespace by the basis' segment, penetration up
    by ``penetration_points`` (as far as the room allows)."""
    basis = pen.basis(sales, outlets)
    current, before = basis.window(window_months, end), basis.before(window_months, end)
    by = basis.first_segment
    table = pen.penetration(basis.rows, basis.universe, current, by=by, flow=None)
    flow = None
    if len(before):
        status = pen.buyer_status(basis.rows, before, current, outlets=basis.universe, flow=None)
        flow = pen.buyer_flow(status, by=by if by in status else None)
    gaps_by = basis.whitespace_by
    gaps = pen.segment_gaps(pen.whitespace(basis.rows, basis.universe, current,
                                           product=product or pen.product_column(sales),
                                           by=gaps_by, flow=None), by=gaps_by)
    base = basis.funnel_factors(current)
    points = pen.feasible_points(base, penetration_points)
    scenario = pen.growth_scenario(base, penetration_points=points)
    forecast = (accounts.forecast(opportunities, use_row_probability=False)
                if opportunities is not None else None)
    window_label = basis.window_label("current", window_months, end)

    def prompt(key: str, **fields) -> dict[str, str]:
        return {lang: t(key, lang=lang, **fields) for lang in i18n.LANGS}

    def dim(name: str | None) -> dict[str, str]:
        return {lang: labels.word("total", lang) if name in (None, "total")
                else labels.column(name, lang) for lang in i18n.LANGS}

    asked = []
    if by and len(table) > 1:
        names = dim(by)
        lowest, smallest = str(table["penetration"].idxmin()), str(table["sales"].idxmin())
        asked.append(exercises.Question(
            id="pen.lowest", kind="choice", choices=tuple(str(i) for i in table.index),
            prompt={lang: t("q.lowest", lang=lang, window=window_label, dim=names[lang])
                    for lang in i18n.LANGS},
            check=exercises.expect_choice(
                lowest, hints={smallest: prompt("q.lowest.hint")} if smallest != lowest else None)))
    else:
        asked.append(exercises.Question(
            id="pen.total", prompt=prompt("q.total", window=window_label),
            check=exercises.expect_number(table["penetration"].iloc[0], abs_tol=0.0005)))
    if len(gaps) > 1 and gaps["gap"].max() > 0:
        names = dim(gaps_by or "total")
        best = str(gaps["open_share"].idxmax())
        asked.append(exercises.Question(
            id="pen.whitespace", kind="choice", choices=tuple(str(i) for i in gaps.index),
            prompt={lang: t("q.whitespace", lang=lang, dim=names[lang]) for lang in i18n.LANGS},
            check=exercises.expect_choice(best, hints={
                str(o): prompt("q.whitespace.hint") for o in gaps.index if str(o) != best})))
    if flow is not None:
        asked.append(exercises.Question(
            id="pen.lost", prompt=prompt("q.lost"),
            check=exercises.expect_number(float(flow["lost"].sum()), abs_tol=0.5,
                                          hint=prompt("q.lost.hint"))))
    else:
        asked.append(exercises.Question(
            id="pen.buyers", prompt=prompt("q.buyers"),
            check=exercises.expect_number(float(table["buyers"].sum()), abs_tol=0.5)))
    asked.append(exercises.Question(
        id="pen.scenario", prompt=prompt("q.scenario", points=fmt.number(points)),
        check=exercises.expect_number(scenario.sales, rel_tol=0.01,
                                      hint=prompt("q.scenario.hint"))))
    if forecast is not None:
        asked.append(exercises.Question(
            id="pen.forecast", prompt=prompt("q.forecast"),
            check=exercises.expect_number(forecast, rel_tol=0.005, hint=prompt("q.forecast.hint"))))
    return asked
