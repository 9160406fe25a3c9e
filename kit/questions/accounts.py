"""Stage 5 exercises (the people side of key accounts): which account is single-threaded,
which alert fired first and what is its response, the focus account's health score and
coverage, and the team's visits in the latest week of the daily log."""

from __future__ import annotations

import pandas as pd

from kit import exercises, fmt, i18n
from kit.accounts import workshop

t = i18n.catalogue(
    "questions.accounts",
    {
        "q.single": {
            "zh": "练习 1：下面的客户中，哪一个是单线联系（约会以上的关系不超过一个人）？",
            "en": "Exercise 1: which of these accounts is single-threaded (no more than one "
                  "relationship beyond a first meeting)?",
        },
        "q.single.hint": {
            "zh": "看关系覆盖表的“约会以上”一列，不是关键人物的总人数。",
            "en": "Read the “beyond a first meeting” column of the coverage table, not the "
                  "number of people.",
        },
        "q.single_count": {
            "zh": "练习 1：有多少个客户是单线联系（约会以上的关系不超过一个人）？",
            "en": "Exercise 1: how many accounts are single-threaded (no more than one "
                  "relationship beyond a first meeting)?",
        },
        "q.first": {
            "zh": "练习 2：风险预警表中，哪一条预警最早触发？",
            "en": "Exercise 2: in the risk-alert table, which alert fired first?",
        },
        "q.first.hint": {
            "zh": "按“触发日期”看，不是按级别看。",
            "en": "Go by the date it fired, not by its severity.",
        },
        "q.response": {
            "zh": "练习 3：这条最早触发的预警，应对措施是什么？",
            "en": "Exercise 3: what is the response to the alert that fired first?",
        },
        "q.health": {
            "zh": "练习 4：{account} 的健康度是多少分（0–100）？",
            "en": "Exercise 4: what is {account}'s health score (0–100)?",
        },
        "q.health.hint": {
            "zh": "健康度 = Σ 权重 × 各部分得分 ÷ 有数据的部分的权重之和。",
            "en": "Health = Σ weight × part ÷ the weights of the parts that have data.",
        },
        "q.coverage": {
            "zh": "练习 5：{account} 的关系覆盖得分是多少（0–100）？",
            "en": "Exercise 5: what is {account}'s relationship coverage score (0–100)?",
        },
        "q.coverage.hint": {
            "zh": "每个角色取最远的关系阶段（认识 ¼ … 同盟 1），乘以角色权重再相加；反对者不算。",
            "en": "Take each role's furthest stage (acquainted ¼ … ally 1), times the role's "
                  "weight, summed; opponents do not count.",
        },
        "q.visits": {
            "zh": "练习 6：扫街日报最后一周（{week} 起），整个团队一共拜访了多少次？",
            "en": "Exercise 6: in the daily log's latest week (from {week}), how many visits did "
                  "the whole team make?",
        },
        "q.visits.hint": {
            "zh": "只数“拜访”，电话和未接触不算；看周总结的团队合计。",
            "en": "Count visits only, not calls or rows without contact; read the team total "
                  "of the weekly summary.",
        },
    },
)
TITLES = {
    "acc.single": {"zh": "单线联系的客户", "en": "Single-threaded account"},
    "acc.single_count": {"zh": "单线联系的客户数", "en": "Single-threaded accounts"},
    "acc.first": {"zh": "最早触发的预警", "en": "First alert"},
    "acc.response": {"zh": "预警的应对", "en": "Its response"},
    "acc.health": {"zh": "健康度", "en": "Health score"},
    "acc.coverage": {"zh": "关系覆盖得分", "en": "Coverage score"},
    "acc.visits": {"zh": "最后一周拜访数", "en": "Visits in the latest week"},
}


def alert_choice(row: pd.Series) -> str:
    """How an alert reads among the choices: customer · indicator (· who or which deal)."""
    parts = [str(row["customer_id"]), str(row["indicator"])]
    if row["subject"]:
        parts.append(str(row["subject"]))
    return " · ".join(parts)


def questions(sales: pd.DataFrame, *, contacts: pd.DataFrame | None = None,
              interactions: pd.DataFrame | None = None, log: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None, ledger: pd.DataFrame | None = None,
              opportunities: pd.DataFrame | None = None, outlets: pd.DataFrame | None = None,
              customer: str | None = None, as_of=None) -> list[exercises.Question]:
    """From the tables the trainee brought (the same ones the workshop notebook loads)."""
    result = workshop.review(sales, contacts=contacts, interactions=interactions, log=log,
                             targets=targets, ledger=ledger, opportunities=opportunities,
                             outlets=outlets, as_of=as_of)
    focus = result.focus(customer)

    def prompt(key: str, **fields) -> dict[str, str]:
        return {lang: t(key, lang=lang, **fields) for lang in i18n.LANGS}

    asked = []
    if result.coverage is not None:
        cover = result.coverage
        single = [str(c) for c in cover.index[cover["single_threaded"]]]
        others = [str(c) for c in cover.index[~cover["single_threaded"]]]
        if single and others:
            answer = max(single, key=lambda c: (result.parts["value"].get(c, -1), c))
            asked.append(exercises.Question(
                id="acc.single", kind="choice", choices=tuple(sorted([answer, *others])),
                prompt=prompt("q.single"),
                check=exercises.expect_choice(answer, hints={
                    o: prompt("q.single.hint") for o in others})))
        else:
            asked.append(exercises.Question(
                id="acc.single_count", prompt=prompt("q.single_count"),
                check=exercises.expect_number(len(single), rel_tol=0, abs_tol=0.5)))
    fired = result.alerts.dropna(subset=["since"])
    if len(fired):
        choices = list(dict.fromkeys(alert_choice(r) for _, r in fired.iterrows()))
        first = alert_choice(fired.iloc[0])
        asked.append(exercises.Question(
            id="acc.first", kind="choice", choices=tuple(choices), prompt=prompt("q.first"),
            check=exercises.expect_choice(first, hints={
                c: prompt("q.first.hint") for c in choices if c != first})))
        responses = list(dict.fromkeys(result.alerts["response"]))
        if len(responses) > 1:
            asked.append(exercises.Question(
                id="acc.response", kind="choice", choices=tuple(responses),
                prompt=prompt("q.response"),
                check=exercises.expect_choice(str(fired.iloc[0]["response"]))))
    score = result.scored["score"].get(focus)
    if score is not None and not fmt.is_missing(score):
        asked.append(exercises.Question(
            id="acc.health", prompt=prompt("q.health", account=focus),
            check=exercises.expect_number(float(score), rel_tol=0.01, abs_tol=0.5,
                                          hint=prompt("q.health.hint"))))
    if result.coverage is not None and focus in result.coverage.index:
        asked.append(exercises.Question(
            id="acc.coverage", prompt=prompt("q.coverage", account=focus),
            check=exercises.expect_number(float(result.coverage.loc[focus, "coverage"]),
                                          rel_tol=0.01, abs_tol=0.5,
                                          hint=prompt("q.coverage.hint"))))
    if result.team_weekly is not None and len(result.team_weekly):
        week = result.team_weekly.index[-1]
        asked.append(exercises.Question(
            id="acc.visits", prompt=prompt("q.visits", week=fmt.day(week)),
            check=exercises.expect_number(float(result.team_weekly["visits"].iloc[-1]),
                                          rel_tol=0, abs_tol=0.5, hint=prompt("q.visits.hint"))))
    return asked


__all__ = ["TITLES", "alert_choice", "questions"]
