"""Stage 1 exercises: the scorecard, the bridge, the ABC analysis and the time series of one
review window, and the checks of the two written deliverables: the WCC-DAR report and the
trainee's own UIA cards."""

from __future__ import annotations

import re

import pandas as pd

from kit import exercises, fmt, i18n, labels, views
from kit.figures import Fact, normalise, quoted_figures, unmatched
from kit.insights import UiaBoard, UiaCard
from kit.report import (
    ReportDraft,
    WccDarReport,
    driver_terms,
    report_facts,
    report_terms,
    section_title,
)
from kit.report import validate as report_validate
from kit.review import Window, bridge, monthly_series, pareto, scorecard, time_review

t = i18n.catalogue(
    "questions.review",
    {
        "q.contributor": {
            "zh": "练习 1：哪一个{by}对整体增长（同比变化）的贡献最大？（看计分卡的“增长贡献”）",
            "en": "Exercise 1: which {by} contributed most to growth, the change on last year? "
                  "(see the scorecard's contribution column)",
        },
        "q.price": {
            "zh": "练习 2：价格因素让销售额增加了还是减少了？（看价量结构桥）",
            "en": "Exercise 2: did price raise or lower net sales? (see the bridge)",
        },
        "q.a_class": {
            "zh": "练习 3：有多少个{by}属于 A 类？（看 ABC 分析）",
            "en": "Exercise 3: how many {by} values are in class A? (see the ABC analysis)",
        },
        "q.yoy": {
            "zh": "练习 4：用计分卡“合计”一行的实际和去年同期，算出整体的同比（YoY）是多少？",
            "en": "Exercise 4: from the total row's actual and last year, what is the overall "
                  "YoY?",
        },
        "q.yoy.hint": {"zh": "同比 = (本期 − 去年同期) ÷ 去年同期。",
                       "en": "YoY = (current − last year) ÷ last year."},
        "q.mat": {
            "zh": "练习 5：截至 {end}，滚动 12 个月（MAT）的销售额是多少{CUR}？（看第五步的月度表）",
            "en": "Exercise 5: what is the moving annual total (MAT) to {end}, in {CUR}? (see the "
                  "monthly table of step 5)",
        },
        "q.mat.hint": {"zh": "MAT = 截至这个月（含）的 12 个月销售额之和。",
                       "en": "MAT = the sum of the 12 months up to and including that month."},
        "q.mape": {
            "zh": "练习 6：回测误差 MAPE 是 {mape}。它是什么意思？",
            "en": "Exercise 6: the back-test error (MAPE) is {mape}. What does it mean?",
        },
        "mape.right": {"zh": "回测期间，预测平均每个月偏离实际这么多（按实际的百分比）",
                       "en": "over the back-test, the forecast missed each month's actual by "
                             "this much on average (as a share of the actual)"},
        "mape.growth": {"zh": "明年的销售额预计会增长这么多",
                        "en": "next year's sales are forecast to grow by this much"},
        "mape.bias": {"zh": "预测总是比实际高这么多", "en": "the forecast is always this much too high"},
        "mape.hint.growth": {"zh": "MAPE 衡量的是预测准不准，不是增长。",
                             "en": "MAPE measures how accurate the forecast is, not growth."},
        "mape.hint.bias": {"zh": "MAPE 取的是绝对偏差：偏高和偏低都算，不分方向。",
                           "en": "MAPE takes absolute errors: too high and too low both count."},
        # ---------------------------------------------------------- WCC-DAR report
        "report.prompt": {"zh": "WCC-DAR 报告：按六个部分写下你的复盘。",
                          "en": "WCC-DAR report: write your review in its six sections."},
        "report.figure": {
            "zh": "“{section}”里的“{figure}”在复盘数据里找不到：请对照计分卡、价量结构桥、五维漏斗和洞察卡片再核对一次。",
            "en": "“{figure}” in “{section}” is not a number the review holds: check it against "
                  "the scorecard, the bridge, the funnel and the cards.",
        },
        "report.no_action": {
            "zh": "“原因”里诊断了“{term}”的问题，但“决定”和“行动”里都没有针对它的安排：加一项行动，或在决定里说明为什么不做。",
            "en": "“Cause” diagnoses a problem with “{term}”, but neither the decision nor the "
                  "actions deal with it: add an action, or say in the decision why not.",
        },
        # ---------------------------------------------------------- UIA cards
        "uia.prompt": {"zh": "UIA 洞察卡片：在工具包的卡片旁边写下你自己的卡片。",
                       "en": "UIA cards: write your own beside the kit's."},
        "uia.none": {"zh": "还没有你自己写的卡片：至少写一张，理解 → 洞察 → 行动。",
                     "en": "No card of your own yet: write at least one, understanding → "
                           "insight → action."},
        "uia.blank": {"zh": "卡片 {n} 还没有写“{part}”。", "en": "Card {n} has no “{part}” yet."},
        "uia.no_figure": {
            "zh": "卡片 {n} 的“理解”里没有数字：写下发生了什么，并和目标、去年或同行比一比（例如达成率、同比）。",
            "en": "Card {n}'s understanding has no figure: say what happened and compare it with "
                  "target, last year or peers (an achievement, a YoY).",
        },
        "uia.figure": {
            "zh": "卡片 {n} 的“{part}”里的“{figure}”在复盘数据里找不到：再核对一次。",
            "en": "“{figure}” in card {n}'s {part} is not a number the review holds: check it.",
        },
        "uia.repeat": {
            "zh": "卡片 {n} 的“洞察”只是重复了“理解”：写出为什么——是哪个驱动因素造成的？",
            "en": "Card {n}'s insight repeats its understanding: say why — which driver caused it?",
        },
        "uia.no_cause": {
            "zh": "卡片 {n} 的“洞察”没有说出原因：点出一个驱动因素（铺货、店均 SKU、单产、价格、结构……），或用“因为……”写明。",
            "en": "Card {n}'s insight names no cause: point at a driver (distribution, range, rate "
                  "of sale, price, mix …) or say “because …”.",
        },
        "uia.prompt_left": {
            "zh": "卡片 {n} 的“行动”里还留着问号：把“负责人？完成日期？”换成你的答案。",
            "en": "Card {n}'s action still has the question marks: replace “owner? due date?” "
                  "with your answer.",
        },
    },
)
TITLES = {
    "review.top_contributor": {"zh": "增长贡献最大", "en": "Largest contributor"},
    "review.price_effect": {"zh": "价格的影响", "en": "Price effect"},
    "review.a_class": {"zh": "A 类个数", "en": "Class A count"},
    "review.yoy": {"zh": "整体同比", "en": "Overall YoY"},
    "review.mat": {"zh": "滚动 12 个月", "en": "MAT"},
    "review.mape": {"zh": "MAPE 的含义", "en": "What MAPE means"},
    "review.wccdar": {"zh": "WCC-DAR 报告", "en": "WCC-DAR report"},
    "review.uia": {"zh": "自己的 UIA 卡片", "en": "Own UIA cards"},
}
#: Words that make a line of "Cause" a problem to act on (besides a negative figure).
PROBLEM_WORDS = ("下降", "下滑", "减少", "流失", "未达", "没有达成", "落后", "缺口", "拖累", "掩盖",
                 "丢", "fell", "fall", "down", "declin", "lost", "loss", "behind", "gap", "drag",
                 "miss", "short")
#: Words that say a card's insight gives a cause.
CAUSE_WORDS = ("因为", "由于", "因", "导致", "造成", "来自", "源于", "because", "due to", "driven",
               "caused", "comes from", "result of")
_SPACES = re.compile(r"\s+")


def _both(key: str, **fields) -> dict[str, str]:
    return {lang: t(key, lang=lang, **fields) for lang in i18n.LANGS}


def questions(sales: pd.DataFrame, window: Window, by: str,
              targets: pd.DataFrame | None = None) -> list[exercises.Question]:
    """The review of ``window`` by ``by`` (the notebook's parameters; the app's defaults)."""
    card = scorecard(sales, by, window, targets=targets)
    total = scorecard(sales, None, window, targets=targets).iloc[0]
    steps = bridge(sales, window)
    classes = pareto(sales, by, window.current)
    trend = time_review(monthly_series(sales))

    def prompt(key: str) -> dict[str, str]:
        return {lang: t(key, lang=lang, by=labels.column(by, lang=lang, form="sentence"))
                for lang in i18n.LANGS}

    asked = [
        exercises.Question(
            id="review.top_contributor", prompt=prompt("q.contributor"), kind="choice",
            choices=tuple(str(s) for s in card.index),
            check=exercises.expect_choice(str(card["contribution"].idxmax()))),
        exercises.Question(
            id="review.price_effect", prompt=prompt("q.price"), kind="choice",
            choices=views.directions(), check=exercises.expect_choice(views.direction(steps.price))),
        exercises.Question(
            id="review.a_class", prompt=prompt("q.a_class"),
            check=exercises.expect_number(int((classes["class"] == "A").sum()), rel_tol=0,
                                          abs_tol=0.5)),
    ]
    if not fmt.is_missing(total["yoy"]):
        asked.append(exercises.Question(
            id="review.yoy", prompt=_both("q.yoy"),
            check=exercises.expect_number(float(total["yoy"]), rel_tol=0, abs_tol=0.0006,
                                          hint=_both("q.yoy.hint"))))
    mat = trend.mat.dropna()
    if len(mat):
        end = str(mat.index[-1])
        asked.append(exercises.Question(
            id="review.mat", prompt=_both("q.mat", end=end),
            check=exercises.expect_number(float(mat.iloc[-1]), rel_tol=0.001,
                                          hint=_both("q.mat.hint"))))
    if not fmt.is_missing(trend.mape):
        choices = {lang: tuple(t(k, lang=lang) for k in ("mape.growth", "mape.right", "mape.bias"))
                   for lang in i18n.LANGS}
        lang = i18n.get_lang()
        wrong = dict(zip(choices[lang][::2], (_both("mape.hint.growth"), _both("mape.hint.bias")),
                         strict=True))
        asked.append(exercises.Question(
            id="review.mape", prompt=_both("q.mape", mape=fmt.percent(trend.mape)), kind="choice",
            choices=choices[lang], check=exercises.expect_choice(choices[lang][1], hints=wrong)))
    return asked


# ------------------------------------------------------------------ the WCC-DAR report


def report_question(report: WccDarReport) -> exercises.Question:
    """The check of the trainee's WCC-DAR report (a :class:`kit.report.ReportDraft`)."""
    facts, terms = report_facts(report), report_terms(report)
    return exercises.Question(id="review.wccdar", kind="form", prompt=_both("report.prompt"),
                              check=exercises.form_check(
                                  lambda draft: report_problems(draft, facts, terms)))


def report_problems(draft: ReportDraft, facts: list[Fact], terms: list[str]) -> list[str]:
    """What the trainee's report still lacks or gets wrong, one sentence each:

    - a section left blank, an action without what / owner / due date, a result without a
      number (:func:`kit.report.validate`);
    - a figure quoted in the first three sections (what happened, compared with, cause)
      that no number of the review holds (:func:`kit.figures.unmatched`);
    - a diagnosis with no action: a line of "Cause" that diagnoses a problem with a segment
      or driver of the review (``terms``; see :func:`diagnosed`), when neither the decision
      nor any action names any of the terms that line names (the first diagnosed term is
      the one the message quotes).
    """
    problems = report_validate(draft)
    for name in ("what_happened", "compared_with", "cause"):
        for figure in unmatched(getattr(draft, name) or "", facts):
            problems.append(t("report.figure", section=section_title(name), figure=figure.text))
    acted = normalise(" ".join([draft.decision or "", *(a.what or "" for a in draft.action)]))
    missing: list[str] = []
    for line in (draft.cause or "").splitlines():
        found = diagnosed(line, terms)
        named = [term for term in terms if normalise(term) in normalise(line)]
        if found and not any(normalise(term) in acted for term in named):
            missing += [term for term in found[:1] if term not in missing]
    return problems + [t("report.no_action", term=term) for term in missing]


_CLAUSE = re.compile(r"[，,；;。\n]")


def diagnosed(cause: str, terms: list[str]) -> list[str]:
    """The terms a "Cause" text diagnoses as problems, in order: a term counts when the
    clause it starts (up to the next comma, semicolon or full stop, or the next term)
    reads as a problem — a negative figure or one of :data:`PROBLEM_WORDS`."""
    text = normalise(cause)
    spots = sorted((m.start(), m.end(), term) for term in terms
                   for m in re.finditer(re.escape(normalise(term)), text))
    found = []
    for i, (start, end, term) in enumerate(spots):
        following = [s for s, _, _ in spots[i + 1:] if s >= end]
        stop = min([*following, len(text)])
        clause = _CLAUSE.split(text[start:stop], maxsplit=1)[0]
        if _is_problem(clause):
            found.append(term)
    return list(dict.fromkeys(found))


def _is_problem(clause: str) -> bool:
    lowered = clause.casefold()
    negative = any(f.text.lstrip("约大近接 ~").startswith("-") for f in quoted_figures(clause))
    return negative or any(word in lowered for word in PROBLEM_WORDS)


# ------------------------------------------------------------------ UIA cards


def uia_question(report: WccDarReport) -> exercises.Question:
    """The check of the trainee's own UIA cards (a :class:`kit.insights.UiaBoard`)."""
    facts, drivers = report_facts(report), driver_terms()
    return exercises.Question(id="review.uia", kind="form", prompt=_both("uia.prompt"),
                              check=exercises.form_check(
                                  lambda board: uia_problems(board, facts, drivers)))


def uia_problems(board: UiaBoard, facts: list[Fact], drivers: list[str]) -> list[str]:
    """What the trainee's own cards still lack, card by card (cards numbered from 1 among
    their own): a blank part; an understanding with no figure; a figure no number of the
    review holds; an insight that repeats the understanding or names no cause (one of
    ``drivers``, or a causal word); an action still holding the kit's "owner? due date?"
    prompt."""
    own = [c for c in board.own if any(_plain(x) for x in (c.understanding, c.insight, c.action))]
    if not own:
        return [t("uia.none")]
    parts = {"understanding": labels.word("understanding"), "insight": labels.word("insight"),
             "action": labels.word("action")}
    prompt_left = _plain(i18n.text("insights", "owner_due"))
    problems = []
    for n, card in enumerate(own, start=1):
        problems += [t("uia.blank", n=n, part=label) for key, label in parts.items()
                     if not _plain(getattr(card, key))]
        if _plain(card.understanding) and not quoted_figures(card.understanding):
            problems.append(t("uia.no_figure", n=n))
        for key, label in parts.items():
            problems += [t("uia.figure", n=n, part=label, figure=f.text)
                         for f in unmatched(getattr(card, key), facts)]
        if _plain(card.insight):
            if _plain(card.insight) == _plain(card.understanding):
                problems.append(t("uia.repeat", n=n))
            elif not _gives_cause(card, drivers):
                problems.append(t("uia.no_cause", n=n))
        if prompt_left and prompt_left in _plain(card.action):
            problems.append(t("uia.prompt_left", n=n))
    return problems


def _gives_cause(card: UiaCard, terms: list[str]) -> bool:
    text = normalise(card.insight).casefold()
    return any(w in text for w in CAUSE_WORDS) or any(term.casefold() in text for term in terms)


def _plain(text: str | None) -> str:
    return _SPACES.sub("", normalise(text or "")).casefold()


__all__ = ["CAUSE_WORDS", "PROBLEM_WORDS", "TITLES", "diagnosed", "questions", "report_problems",
           "report_question", "uia_problems", "uia_question"]
