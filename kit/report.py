"""The business review report, WCC-DAR (the kit's interpretation of the seeds' skeleton).

What happened → Compared with what (target, last year, peers) → Cause (drivers)
→ Decision → Action (owner, date) → Result (what will be measured).

:func:`draft_report` fills the first three sections from the numbers and the
insight cards; decision, action and result are the trainee's, left empty with a
prompt each. :func:`validate` lists, in plain words, what is still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kit import fmt, i18n, labels
from kit.figures import Fact, with_points
from kit.insights import (
    FACTOR_KINDS,
    Card,
    dimension,
    effective_flow,
    evidence_kind,
    flow_label,
    funnel_flow,
    review_cards,
)
from kit.review import FACTORS, Window, bridge, funnel, scorecard


def _money(value: float, sign: bool = False) -> str:
    return fmt.money(value, sign=sign, unit=True)


SECTIONS = ("what_happened", "compared_with", "cause", "decision", "action", "result")
TRAINEE_SECTIONS = ("decision", "action", "result")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")  # ASCII or full-width digits

t = i18n.catalogue(
    "report",
    {
        "title": {"zh": "生意复盘报告（WCC-DAR）", "en": "Business review report (WCC-DAR)"},
        "section.what_happened": {"zh": "发生了什么", "en": "What happened"},
        "section.compared_with": {"zh": "和什么比", "en": "Compared with what"},
        "section.cause": {"zh": "原因", "en": "Cause"},
        "section.decision": {"zh": "决定", "en": "Decision"},
        "section.action": {"zh": "行动", "en": "Action"},
        "section.result": {"zh": "结果（将衡量什么）", "en": "Result (what will be measured)"},
        # what happened
        "what.total": {"zh": "{label}{flow}销售额 {actual}，去年同期 {ly}。",
                       "en": "{label}{flow}: net sales {actual}, last year {ly}."},
        "what.up_down": {"zh": "{dim}中，{up} 增长最多（{up_change}），{down} 下降最多（{down_change}）。",
                         "en": "Among the {dim}, {up} grew most ({up_change}) and {down} fell most "
                               "({down_change})."},
        "what.up": {"zh": "{dim}中，{up} 增长最多（{up_change}），没有下降的{dim}。",
                    "en": "Among the {dim}, {up} grew most ({up_change}); none fell."},
        "what.down": {"zh": "{dim}中，{down} 下降最多（{down_change}），没有增长的{dim}。",
                      "en": "Among the {dim}, {down} fell most ({down_change}); none grew."},
        # compared with
        "cmp.target": {"zh": "对比目标：目标 {target}，达成率 {ach}，缺口 {gap}。",
                       "en": "Against target: target {target}, achievement {ach}, gap {gap}."},
        "cmp.target_met": {"zh": "对比目标：目标 {target}，达成率 {ach}，超出 {over}。",
                           "en": "Against target: target {target}, achievement {ach}, {over} "
                                 "above it."},
        "cmp.no_target": {"zh": "对比目标：没有目标数据。", "en": "Against target: no targets given."},
        "cmp.last_year": {"zh": "对比去年：同比 {yoy}（{change}）。",
                          "en": "Against last year: YoY {yoy} ({change})."},
        "cmp.previous": {"zh": "对比上期：环比 {mom}。", "en": "Against the previous period: MoM {mom}."},
        "cmp.peers_ach": {"zh": "对比同行：{n} 个{dim}中，达成率最高的是 {best}（{best_v}），最低的是 {worst}（{worst_v}）。",
                          "en": "Against peers: of {n} {dim}, the highest achievement is {best} "
                                "({best_v}), the lowest {worst} ({worst_v})."},
        "cmp.peers_yoy": {"zh": "同比最高的是 {best}（{best_v}），最低的是 {worst}（{worst_v}）。",
                          "en": "The highest YoY is {best} ({best_v}), the lowest {worst} "
                                "({worst_v})."},
        "cmp.anomaly": {"zh": "异常月份：{text}", "en": "Unusual month: {text}"},
        # cause
        "cause.bridge": {"zh": "价格/销量/结构桥{flow}：{parts}，合计 {change}。",
                         "en": "Price/volume/mix bridge{flow}: {parts}; total {change}."},
        "cause.funnel": {"zh": "五维漏斗{flow}：{parts}，合计 {change}。",
                         "en": "Five-factor funnel{flow}: {parts}; total {change}."},
        "cause.funnel_inexact": {"zh": "五维漏斗{flow}：有一个因素在某一期为零，无法精确分解。",
                                 "en": "Five-factor funnel{flow}: a factor is zero in one period, "
                                       "so the change cannot be split exactly."},
        "cause.findings": {"zh": "主要发现：", "en": "Main findings:"},
        "cause.none": {"zh": "主要发现：没有未达标或下滑的{dim}。",
                       "en": "Main findings: no {dim} missed target or shrank."},
        "part_sep": {"zh": "，", "en": ", "},
        # prompts for the trainee's sections
        "prompt.decision": {
            "zh": "写下你的决定：基于上面的原因，做什么、不做什么、资源从哪里挪到哪里？可以从洞察卡片的行动提示开始。",
            "en": "Write your decision: given the causes above, what will you do, what will you "
                  "stop, and where will resources move from and to? The action prompts on the "
                  "cards are a place to start.",
        },
        "prompt.action": {
            "zh": "把每个决定拆成具体行动：做什么、谁负责、哪天完成。",
            "en": "Break each decision into actions: what, who owns it, and the date it is done.",
        },
        "prompt.result": {
            "zh": "写下将用什么指标、在什么时候衡量行动是否见效，指标要有目标值（例如：铺货率回升几个点、挽回多少家终端）。",
            "en": "Write which measures will show whether the actions worked, and when, each with a "
                  "target value (for example: distribution back up by how many points, how many "
                  "outlets won back).",
        },
        # validation
        "missing.what_happened": {"zh": "“发生了什么”是空的：写下这一期的核心结果。",
                                  "en": "“What happened” is empty: state the main result of the "
                                        "period."},
        "missing.compared_with": {"zh": "“和什么比”是空的：写下和目标、去年、同行比的位置。",
                                  "en": "“Compared with what” is empty: compare with target, last "
                                        "year and peers."},
        "missing.cause": {"zh": "“原因”是空的：写下驱动因素，各自占多少。",
                          "en": "“Cause” is empty: name the drivers and how much each explains."},
        "missing.decision": {"zh": "还没有写“决定”：基于原因，写下做什么、不做什么。",
                             "en": "No decision yet: given the causes, write what you will do and "
                                   "what you will not."},
        "missing.actions": {"zh": "还没有行动：至少写一项行动，写明负责人和完成日期。",
                            "en": "No actions yet: write at least one, with an owner and a due "
                                  "date."},
        "missing.what": {"zh": "第 {n} 项行动没有写要做什么。",
                         "en": "Action {n} does not say what will be done."},
        "missing.owner": {"zh": "第 {n} 项行动“{what}”没有负责人：写上一个人的名字。",
                          "en": "Action {n} “{what}” has no owner: write one person's name."},
        "missing.due": {"zh": "第 {n} 项行动“{what}”没有完成日期。",
                        "en": "Action {n} “{what}” has no due date."},
        "bad.due": {"zh": "第 {n} 项行动“{what}”的完成日期“{due}”不是一个日期。",
                    "en": "Action {n} “{what}”: the due date “{due}” is not a date."},
        "missing.results": {"zh": "还没有“结果”：至少写一个可衡量的指标和目标值，下次复盘用它来衡量。",
                            "en": "No result yet: write at least one measure with a target value "
                                  "to check at the next review."},
        "unmeasurable": {"zh": "结果“{text}”里没有数字：写明目标值（例如 3 个点、40 家），才能衡量。",
                         "en": "Result “{text}” has no number: give a target value (e.g. 3 "
                               "points, 40 outlets) so it can be measured."},
        "blank_result": {"zh": "第 {n} 条结果是空的。", "en": "Result {n} is empty."},
    },
)


@dataclass
class ActionItem:
    """One action: what will be done, who owns it, by when (a date; text typed that is not
    one is kept as typed, so the check can name it)."""

    what: str = ""
    owner: str = ""
    due: date | str | None = None


@dataclass
class WccDarReport:
    """A review report: six sections, the insight cards and the key tables.

    what_happened, compared_with and cause are drafted from the numbers;
    decision, action and result are the trainee's (empty until filled; the
    prompt for each is in ``prompts``). Tables: ``scorecard`` (kit.review.scorecard
    by ``by``), ``bridge`` (Bridge.steps()), ``funnel`` (Funnel.table, or None
    without outlets).
    """

    subject: str
    window_label: str
    what_happened: str = ""
    compared_with: str = ""
    cause: str = ""
    decision: str = ""
    action: list[ActionItem] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    scorecard: pd.DataFrame | None = None
    bridge: pd.DataFrame | None = None
    funnel: pd.DataFrame | None = None
    total: pd.DataFrame | None = None  # kit.review.scorecard(sales, None, window): one row
    by: str = "region"
    prompts: dict[str, str] = field(default_factory=dict)
    lang: str = field(default_factory=i18n.get_lang)


def section_title(name: str) -> str:
    """The heading of a section in the current language."""
    return t(f"section.{name}")


def window_label(window: Window) -> str:
    """"年初至今 2025-01–2025-12" / "Year to date 2025-01–2025-12"."""
    return f"{labels.window(window.kind)} {window.label}"


def prompts() -> dict[str, str]:
    return {name: t(f"prompt.{name}") for name in TRAINEE_SECTIONS}


def draft_report(
    sales: pd.DataFrame,
    window: Window,
    *,
    targets: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
    by: str = "region",
    subject: str = "",
) -> WccDarReport:
    """A report whose first three sections are written from the numbers.

    What happened: the total from ``scorecard(sales, None, window)`` and the
    segments of `by` that grew and fell most. Compared with: target, last year,
    previous period and peers (the best and worst segment) from the scorecards,
    plus unusual months. Cause: the price/volume/mix bridge, the five-factor
    funnel (with outlets) and the headlines of the insight cards.
    """
    flow = effective_flow(sales)
    table = scorecard(sales, by, window, targets=targets)
    overall = scorecard(sales, None, window, targets=targets)
    total = overall.iloc[0]
    steps = bridge(sales, window)
    whole = funnel(sales, outlets, window) if outlets is not None and "outlet_id" in sales else None
    cards = review_cards(sales, window, targets=targets, outlets=outlets, by=by)
    label = window_label(window)
    return WccDarReport(
        subject=subject,
        window_label=label,
        what_happened=_what_happened(table, total, by, label, flow),
        compared_with=_compared_with(table, total, by, window, cards),
        cause=_cause(steps, whole, cards, by, flow, funnel_flow(sales)),
        cards=cards,
        scorecard=table,
        bridge=steps.steps(),
        funnel=None if whole is None else whole.table,
        total=overall,
        by=by,
        prompts=prompts(),
    )


def _what_happened(table: pd.DataFrame, total: pd.Series, by: str, label: str,
                   flow: str | None) -> str:
    lines = [t("what.total", label=label, flow=flow_label(flow), actual=_money(total["actual"]),
               ly=_money(total["last_year"]))]
    if len(table) < 2:
        return lines[0]
    change = table["change"]
    up, down = change[change > 0], change[change < 0]
    fields = {"dim": dimension(by)}
    if len(up):
        fields |= {"up": up.idxmax(), "up_change": _money(up.max(), sign=True)}
    if len(down):
        fields |= {"down": down.idxmin(), "down_change": _money(down.min(), sign=True)}
    if len(up) and len(down):
        lines.append(t("what.up_down", **fields))
    elif len(up):
        lines.append(t("what.up", **fields))
    elif len(down):
        lines.append(t("what.down", **fields))
    return "\n".join(lines)


def _compared_with(table: pd.DataFrame, total: pd.Series, by: str, window: Window,
                   cards: list[Card]) -> str:
    lines = []
    if pd.notna(total["achievement"]):
        gap = total["target"] - total["actual"]
        key = "cmp.target" if gap > 0 else "cmp.target_met"
        lines.append(t(key, target=_money(total["target"]), ach=fmt.percent(total["achievement"]),
                       gap=_money(gap), over=_money(-gap)))
    else:
        lines.append(t("cmp.no_target"))
    lines.append(t("cmp.last_year", yoy=fmt.percent(total["yoy"], sign=True),
                   change=_money(total["change"], sign=True)))
    if len(window.previous):
        lines.append(t("cmp.previous", mom=fmt.percent(total["mom"], sign=True)))
    peers = []
    achievement, yoy = table["achievement"].dropna(), table["yoy"].dropna()
    if len(achievement) > 1:
        peers.append(t("cmp.peers_ach", n=len(table), dim=dimension(by),
                       best=achievement.idxmax(), best_v=fmt.percent(achievement.max()),
                       worst=achievement.idxmin(), worst_v=fmt.percent(achievement.min())))
    if len(yoy) > 1:
        peers.append(t("cmp.peers_yoy", best=yoy.idxmax(), best_v=fmt.percent(yoy.max(), sign=True),
                       worst=yoy.idxmin(), worst_v=fmt.percent(yoy.min(), sign=True)))
    if peers:
        lines.append("".join(peers) if i18n.get_lang() == "zh" else " ".join(peers))
    lines += [t("cmp.anomaly", text=card.headline) for card in cards if card.kind == "anomaly"]
    return "\n".join(lines)


def _parts(values: dict[str, float]) -> str:
    return t("part_sep").join(f"{name} {_money(v, sign=True)}"
                              for name, v in values.items())


def _cause(steps, whole, cards: list[Card], by: str, flow: str | None,
           flow_of_funnel: str | None) -> str:
    parts = steps.parts()
    shown = {labels.step(p, form="sentence"): v for p, v in parts.items()
             if v != 0 or p in ("volume", "price", "mix")}
    lines = [t("cause.bridge", flow=flow_label(flow), parts=_parts(shown),
               change=_money(steps.change, sign=True))]
    if whole is not None:
        if whole.exact:
            contributions = {labels.factor(f, form="sentence"): whole.table.loc[f, "contribution"]
                             for f in FACTORS}
            lines.append(t("cause.funnel", flow=flow_label(flow_of_funnel),
                           parts=_parts(contributions), change=_money(whole.change, sign=True)))
        else:
            lines.append(t("cause.funnel_inexact", flow=flow_label(flow_of_funnel)))
    findings = [c for c in cards if c.kind in ("miss_target", "decline_driver",
                                               "price_masks_volume", "growth_driver")]
    problems = [c for c in findings if c.kind != "growth_driver"]
    if findings:
        lines.append(t("cause.findings"))
        lines += [f"{i}. {card.headline}" for i, card in enumerate(findings, start=1)]
    if not problems:
        lines.append(t("cause.none", dim=dimension(by)))
    return "\n".join(lines)


def validate(report: WccDarReport) -> list[str]:
    """What is still missing, one kind and specific sentence each; [] when complete.

    Checks: the three drafted sections are not blank; a decision is stated; at
    least one action, each with what, an owner and a due date (a date); at least
    one result, each with a number (a target value to measure against). Never
    raises for what a trainee left out.
    """
    messages = []
    for name in ("what_happened", "compared_with", "cause"):
        if not _text(getattr(report, name, "")):
            messages.append(t(f"missing.{name}"))
    if not _text(getattr(report, "decision", "")):
        messages.append(t("missing.decision"))
    actions = list(getattr(report, "action", None) or [])
    if not actions:
        messages.append(t("missing.actions"))
    for n, item in enumerate(actions, start=1):
        what = _text(_field(item, "what"))
        if not what:
            messages.append(t("missing.what", n=n))
        label = what or str(n)
        if not _text(_field(item, "owner")):
            messages.append(t("missing.owner", n=n, what=label))
        due = _field(item, "due")
        if due is None or (isinstance(due, str) and not due.strip()):
            messages.append(t("missing.due", n=n, what=label))
        elif not isinstance(due, date):
            messages.append(t("bad.due", n=n, what=label, due=due))
    results = [_text(r) for r in (getattr(report, "result", None) or [])]
    if not any(results):
        messages.append(t("missing.results"))
    else:
        for n, text in enumerate(results, start=1):
            if not text:
                messages.append(t("blank_result", n=n))
            elif not _DIGIT.search(text):
                messages.append(t("unmeasurable", text=text))
    return messages


# ------------------------------------------------------------------ the trainee's report


@dataclass
class ReportDraft:
    """The WCC-DAR report as the trainee writes it, section by section (what the stage-1
    form saves; :func:`with_draft` puts it into the report that is exported)."""

    what_happened: str = ""
    compared_with: str = ""
    cause: str = ""
    decision: str = ""
    action: list[ActionItem] = field(default_factory=list)
    result: list[str] = field(default_factory=list)

    def blank(self) -> bool:
        return not any(_text(getattr(self, n)) for n in ("what_happened", "compared_with",
                                                         "cause", "decision")) and not (
            self.action or any(_text(r) for r in self.result))


def kit_draft(report: WccDarReport) -> ReportDraft:
    """The kit's draft of the first three sections, as a starting point for the form."""
    return ReportDraft(report.what_happened, report.compared_with, report.cause)


def with_draft(report: WccDarReport, draft: ReportDraft) -> WccDarReport:
    """The report with the trainee's sections; a section the trainee left blank keeps the
    kit's draft (the first three) or its prompt (the last three)."""
    from dataclasses import replace

    written = {n: getattr(draft, n) for n in ("what_happened", "compared_with", "cause",
                                              "decision") if _text(getattr(draft, n))}
    actions = [a for a in draft.action if _text(a.what) or _text(a.owner) or a.due]
    results = [r for r in draft.result if _text(r)]
    return replace(report, **written, action=actions or list(report.action),
                   result=results or list(report.result))


_LINE_SEP = re.compile(r"\s*[|｜]\s*")


def parse_actions(text: str) -> list[ActionItem]:
    """Actions typed one a line as "what | owner | due date" (｜ works too; the date as
    2026-03-31, 2026/3/31 or 2026年3月31日). A date that cannot be read is kept as typed,
    so :func:`validate` can say which one."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [*_LINE_SEP.split(line.strip()), "", ""][:3]
        items.append(ActionItem(parts[0], parts[1], parse_day(parts[2])))
    return items


def actions_text(actions: list[ActionItem]) -> str:
    """The inverse of :func:`parse_actions`, for showing saved actions in the form."""
    return "\n".join(" | ".join([a.what, a.owner, fmt.day(a.due) if isinstance(a.due, date)
                                 else str(a.due or "")]).rstrip(" |") for a in actions)


_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_day(text: str) -> date | str | None:
    """A typed date as a date; "" as None; anything else as the text typed."""
    text = (text or "").strip()
    if not text:
        return None
    found = _DAY.fullmatch(text)
    if found:
        try:
            return date(*(int(g) for g in found.groups()))
        except ValueError:
            return text
    return text


def report_facts(report: WccDarReport) -> list[Fact]:
    """Every number the review behind ``report`` holds: the total and segment scorecards,
    the bridge, the funnel and each card's evidence, with each ratio pair's change in
    points (:func:`kit.figures.with_points`). What a figure quoted in the report is checked
    against."""
    facts: list[Fact] = []
    for name, table in (("total", report.total), ("scorecard", report.scorecard)):
        if table is None:
            continue
        for key, row in table.iterrows():
            for column, value in row.items():
                kind = ("money" if column in _MONEY_MEASURES else
                        "ratio" if column in _RATIO_MEASURES else None)
                if kind and isinstance(value, (int, float)):
                    facts.append(Fact(f"{name}.{key}.{column}", float(value), kind))
            if {"target", "actual"} <= set(row.index):  # the gap to target, as the text says it
                facts.append(Fact(f"{name}.{key}.gap", float(row["target"] - row["actual"]),
                                  "money"))
    if report.bridge is not None:
        steps = dict(zip(report.bridge["step"], report.bridge["value"], strict=True))
        facts += [Fact(f"bridge.{step}", float(v), "money") for step, v in steps.items()]
        if {"base", "current"} <= set(steps):
            facts.append(Fact("bridge.change", float(steps["current"] - steps["base"]), "money"))
    if report.funnel is not None:
        for factor, row in report.funnel.iterrows():
            kind = _KIND_OF.get(FACTOR_KINDS.get(str(factor), "ratio"), "number")
            facts += [Fact(f"funnel.{factor}.{c}", float(row[c]), kind) for c in ("base", "current")]
            facts += [Fact(f"funnel.{factor}.growth", float(row["growth"]), "ratio"),
                      Fact(f"funnel.{factor}.contribution", float(row["contribution"]), "money")]
        facts.append(Fact("funnel.change", float(report.funnel["contribution"].sum()), "money"))
    for n, card in enumerate(report.cards, start=1):
        facts += [Fact(f"card{n}.{k}", float(v), _KIND_OF.get(evidence_kind(k), "number"))
                  for k, v in card.evidence.items()]
    return with_points(facts)


_MONEY_MEASURES = ("actual", "target", "last_year", "previous", "change")
_RATIO_MEASURES = ("achievement", "yoy", "mom", "share", "contribution")
_KIND_OF = {"cents": "money", "money": "money", "percent": "ratio"}


def driver_terms() -> list[str]:
    """The drivers a cause can name: the funnel factors and the bridge steps, in the kit
    language."""
    return [labels.factor(f) for f in FACTORS] + [labels.step(s) for s in ("volume", "price",
                                                                          "mix")]


def report_terms(report: WccDarReport) -> list[str]:
    """The names a diagnosis can point at: the segments of the scorecard, the subjects of
    the cards and the drivers (:func:`driver_terms`), in the kit language."""
    names: list[str] = []
    if report.scorecard is not None:
        names += [str(k) for k in report.scorecard.index]
    names += [c.subject for c in report.cards]
    names += driver_terms()
    whole = {labels.word("total"), i18n.text("insights", "total")}
    seen = dict.fromkeys(n for n in names if n and n not in whole)
    return list(seen)


def _field(item: object, name: str) -> object:
    """An action's field, from an ActionItem or a dict a form produced."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


__all__ = ["SECTIONS", "TRAINEE_SECTIONS", "ActionItem", "ReportDraft", "WccDarReport",
           "actions_text", "draft_report", "driver_terms", "kit_draft", "parse_actions", "parse_day", "prompts",
           "report_facts", "report_terms", "section_title", "validate", "window_label",
           "with_draft"]
