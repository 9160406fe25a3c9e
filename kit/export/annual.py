"""我的年度生意计划 (my annual business plan) as one Document, and its files.

:func:`annual_document` lays a :class:`kit.annual.AnnualPlan` out part by part, each
stage's part as that stage's own document lays it out (the WCC-DAR report, the goal
plan, the JBP's internal version, the target list), then the five steps' strategy and
screening, the sell-in meeting, and the reconciliation table that shows where the
stages disagree. A part a stage has not produced yet is a note saying so. The plan is
the trainee's own: it is an internal document (it holds the JBP's internal version).
"""

from __future__ import annotations

import os
from dataclasses import replace

from kit import i18n, labels, workspace
from kit.annual import AnnualPlan, Line, missing_parts, reconcile, stage_label, title
from kit.export.document import Column, Document, Section, Table, Text
from kit.export.formats import Written, write_all
from kit.export.goals import goal_plan_document
from kit.export.jbp import jbp_document
from kit.export.penetration import target_list_document
from kit.export.review import report_document
from kit.goals.business_plan import feasibility_label
from kit.jbp.sell_in import side_label

t = i18n.catalogue(
    "export_annual",
    {
        "part.overview": {"zh": "概览", "en": "Overview"},
        "part.review": {"zh": "一、复盘与洞察（模块一）", "en": "1. Review and insight (stage 1)"},
        "part.goals": {"zh": "二、目标与分解（模块二）", "en": "2. Targets and split (stage 2)"},
        "part.jbp": {"zh": "三、联合生意计划（模块三）", "en": "3. Joint business plan (stage 3)"},
        "part.penetration": {"zh": "四、客户渗透目标", "en": "4. Penetration targets"},
        "part.strategy": {"zh": "五、策略、筛选与行动计划", "en": "5. Strategy, screening, action plan"},
        "part.reconciliation": {"zh": "六、对账：各部分的数字是否一致",
                                "en": "6. Reconciliation: do the parts agree?"},
        "banner": {"zh": "内部文件：含 JBP 内部版的成本与毛利，不得发给客户。",
                   "en": "Internal: holds the JBP's internal version (costs and margins). Never "
                         "send it to the customer."},
        "none": {"zh": "（这一部分还没有完成）", "en": "(this part is not done yet)"},
        "complete": {"zh": "各部分都已完成。", "en": "Every part is done."},
        "cards": {"zh": "洞察卡片（保留的和自己写的）", "en": "Insight cards (kept and own)"},
        "card.own": {"zh": "自己写的", "en": "own"},
        "card.kept": {"zh": "工具包生成、保留", "en": "generated, kept"},
        "col.origin": {"zh": "来源", "en": "Origin"},
        "col.subject": {"zh": "对象", "en": "Subject"},
        "col.item": {"zh": "对账项目", "en": "Item"},
        "col.stage": {"zh": "来自", "en": "From"},
        "col.figure": {"zh": "数字", "en": "Figure"},
        "col.difference": {"zh": "差额（后 − 前）", "en": "Difference (second − first)"},
        "col.status": {"zh": "结论", "en": "Verdict"},
        "kbd": {"zh": "关键生意驱动因素（KBD）", "en": "Key business drivers (KBD)"},
        "kbd.name": {"zh": "KBD", "en": "KBD"},
        "kbd.ours": {"zh": "对我们的生意", "en": "For our business"},
        "kbd.theirs": {"zh": "对客户的生意", "en": "For the customer's business"},
        "kbd.trend": {"zh": "市场趋势", "en": "Market trend"},
        "kbd.resources": {"zh": "资源", "en": "Resources"},
        "vision": {"zh": "客户的愿景和目标", "en": "The customer's vision and goals"},
        "options": {"zh": "方案筛选", "en": "Screening the options"},
        "opt.text": {"zh": "方案", "en": "Option"},
        "opt.impact": {"zh": "预期影响", "en": "Expected impact"},
        "opt.cost": {"zh": "投入", "en": "Cost"},
        "opt.return": {"zh": "每元投入的回报", "en": "Return per unit of cost"},
        "opt.feasibility": {"zh": "可行性", "en": "Feasibility"},
        "opt.reason": {"zh": "理由", "en": "Reason"},
        "opt.chosen": {"zh": "入选", "en": "Chosen"},
        "actions": {"zh": "行动计划", "en": "Action plan"},
        "act.what": {"zh": "行动", "en": "Action"},
        "act.measure": {"zh": "衡量指标", "en": "Measure"},
        "act.option": {"zh": "属于方案", "en": "Option"},
        "meeting": {"zh": "卖入会准备", "en": "Sell-in meeting"},
        "meeting.agenda": {"zh": "议程", "en": "Agenda"},
        "meeting.ask": {"zh": "我们的请求", "en": "Our ask"},
        "meeting.proposal": {"zh": "提议", "en": "Proposal"},
        "meeting.benefit": {"zh": "对客户的好处", "en": "What the customer gains"},
        "meeting.objection": {"zh": "预想异议", "en": "Expected objection"},
        "meeting.answer": {"zh": "回答", "en": "Answer"},
        "meeting.attendees": {"zh": "参会人", "en": "Attendees"},
        "meeting.side": {"zh": "方", "en": "Side"},
        "meeting.role": {"zh": "角色", "en": "Role"},
        "file": {"zh": "我的年度生意计划", "en": "my annual business plan"},
    },
)

PARTS = ("overview", "review", "goals", "jbp", "penetration", "strategy", "reconciliation")
GOAL_SECTIONS = ("targets", "swot", "ogsm", "split")
REVIEW_SECTIONS = ("report", "what_happened", "compared_with", "cause", "decision", "action",
                   "result")


def annual_document(plan: AnnualPlan) -> Document:
    """The annual plan laid out for every format: the overview, one part per stage, the
    strategy and screening, and the reconciliation."""
    sections = [_overview(plan)]
    sections += _review(plan)
    sections += _goals(plan)
    sections += _jbp(plan)
    sections += _penetration(plan)
    sections += _strategy(plan)
    sections.append(_reconciliation(reconcile(plan)))
    return Document("annual_plan", title(), plan.subject, sections=sections, banner=t("banner"))


def _part(key: str, blocks: list, sheet: str = "") -> Section:
    return Section(key, t(f"part.{key}"), blocks, sheet=sheet)


def _pending(key: str) -> list[Section]:
    return [_part(key, [Text(t("none"), "note")])]


def _within(part: str, sections: list[Section], keep: tuple[str, ...] | None = None
            ) -> list[Section]:
    """Another document's sections as sub-sections of one part: keys and titles prefixed
    (the part's number), each on its own sheet."""
    number = t(f"part.{part}").split("、")[0].split(".")[0]
    out = []
    for s in sections:
        if keep is not None and s.key not in keep:
            continue
        name = f"{number}·{s.title}"
        out.append(replace(s, key=f"{part}.{s.key}", title=name, sheet=name))
    return out


def _overview(plan: AnnualPlan) -> Section:
    rows = [[t("col.subject"), plan.subject]]
    if plan.customer_id:
        rows.append([labels.column("customer_id"), plan.customer_id])
    if plan.plan_year is not None:
        rows.append([labels.word("period"), str(plan.plan_year)])
    rows.append([labels.word("note"), "\n".join(missing_parts(plan)) or t("complete")])
    return _part("overview", [Table([Column(labels.word("item")), Column(labels.word("content"))],
                                    rows)])


def _review(plan: AnnualPlan) -> list[Section]:
    sections = [_part("review", [_cards_table(plan)] if plan.cards else [Text(t("none"), "note")])]
    if plan.report is not None:
        sections += _within("review", report_document(plan.report).sections, REVIEW_SECTIONS)
    return sections


def _cards_table(plan: AnnualPlan) -> Table:
    columns = [Column(labels.word("number"), "count"), Column(t("col.origin")),
               Column(t("col.subject")), Column(labels.word("understanding")),
               Column(labels.word("insight")), Column(labels.word("action"))]
    rows = [[n, t("card.own" if c.own else "card.kept"), c.subject, c.understanding, c.insight,
             c.action] for n, c in enumerate(plan.cards, start=1)]
    return Table(columns, rows, title=t("cards"))


def _goals(plan: AnnualPlan) -> list[Section]:
    if plan.goals is None:
        return _pending("goals")
    return [_part("goals", [Text(stage_label(2), "note")]),
            *_within("goals", goal_plan_document(plan.goals).sections, GOAL_SECTIONS)]


def _jbp(plan: AnnualPlan) -> list[Section]:
    if plan.jbp is None:
        return _pending("jbp")
    # The sell-in deck's agenda and shared objectives open a meeting, not a part of a plan.
    parts = [s for s in jbp_document(plan.jbp, "internal").sections
             if s.key not in ("agenda", "objectives")]
    sections = [_part("jbp", [Text(stage_label(3), "note")]), *_within("jbp", parts)]
    if plan.meeting is not None:
        sections.append(_meeting(plan))
    return sections


def _meeting(plan: AnnualPlan) -> Section:
    m = plan.meeting
    rows = []
    for p in m.proposals:
        rows += [[p.text, p.benefit, o.objection, o.answer] for o in p.objections] or [
            [p.text, p.benefit, "", ""]]
    proposals = Table([Column(t("meeting.proposal")), Column(t("meeting.benefit")),
                       Column(t("meeting.objection")), Column(t("meeting.answer"))], rows,
                      title=t("meeting.proposal"))
    attendees = Table([Column(labels.column("owner")), Column(t("meeting.side")),
                       Column(t("meeting.role"))],
                      [[a.name, side_label(a.side), a.role] for a in m.attendees],
                      title=t("meeting.attendees"))
    blocks = [Text(m.agenda, "bullets", heading=t("meeting.agenda")),
              Text(m.ask or t("none"), heading=t("meeting.ask")), proposals, attendees]
    number = t("part.jbp").split("、")[0].split(".")[0]
    name = f"{number}·{t('meeting')}"
    return Section("jbp.meeting", name, blocks, sheet=name)


def _penetration(plan: AnnualPlan) -> list[Section]:
    pen = plan.penetration
    if pen is None:
        return _pending("penetration")
    doc = target_list_document(pen.targets, scenario=pen.scenario)
    return [_part("penetration", [Text(pen.window or stage_label(4), "note")]),
            *_within("penetration", doc.sections)]


def _strategy(plan: AnnualPlan) -> list[Section]:
    bp = plan.business_plan
    if bp is None:
        return _pending("strategy")
    drivers = Table([Column(t(f"kbd.{k}")) for k in ("name", "ours", "theirs", "trend",
                                                       "resources")],
                    [[d.name, d.ours, d.theirs, d.trend, d.resources] for d in bp.drivers],
                    title=t("kbd"))
    options = Table([Column(t("opt.text")), Column(t("kbd.name")),
                     Column(labels.with_unit(t("opt.impact")), "money"),
                     Column(labels.with_unit(t("opt.cost")), "money"),
                     Column(t("opt.return"), "ratio"), Column(t("opt.feasibility")),
                     Column(t("opt.chosen")), Column(t("opt.reason"))],
                    [[o.text, o.driver, o.impact, o.cost, o.return_per_cost,
                      feasibility_label(o.feasibility),
                      labels.word("yes") if o.chosen else labels.word("no"), o.reason]
                     for o in bp.options], title=t("options"))
    actions = Table([Column(t("act.what")), Column(labels.column("owner")),
                     Column(labels.column("start"), "date"), Column(labels.column("end"), "date"),
                     Column(t("act.measure")), Column(t("act.option"))],
                    [[a.what, a.owner, a.start, a.end, a.measure, a.option] for a in bp.actions],
                    title=t("actions"))
    return [_part("strategy", [Text(bp.vision or t("none"), heading=t("vision")), drivers,
                               options, actions])]


def _reconciliation(lines: list[Line]) -> Section:
    columns = [Column(t("col.item")), Column(t("col.stage")), Column(t("col.figure"), "number"),
               Column(t("col.stage")), Column(t("col.figure"), "number"),
               Column(t("col.difference"), "number"), Column(t("col.status")),
               Column(labels.word("note"))]
    rows, kinds = [], []
    for line in lines:
        rows.append([line.label, stage_label(line.left_stage), line.left,
                     stage_label(line.right_stage), line.right, line.difference,
                     line.status_label, line.note])
        kinds.append("cents" if line.kind == "money" else "count")
    note = Text(labels.word("money_note"), "note")
    return _part("reconciliation", [Table(columns, rows, row_kinds=kinds, value_columns=(2, 4, 5)),
                                    note])


# ------------------------------------------------------------------ files


def file_stem() -> str:
    return workspace.safe_name(t("file").replace(" ", "_"))


def export_annual(plan: AnnualPlan, folder: str | os.PathLike[str], *, overwrite: bool = False,
                  formats: tuple[str, ...] | None = None,
                  template: str | os.PathLike[str] | None = None) -> Written:
    """The plan in every format (default :func:`kit.export.formats.chosen_formats`: xlsx,
    HTML, PDF where a Chromium is installed, the deck in ``template`` if given) into
    ``folder``; an existing file is kept (``name (2).xlsx`` …) unless ``overwrite``."""
    return write_all(annual_document(plan), folder, file_stem(), formats, overwrite=overwrite,
                     template=template)


__all__ = ["GOAL_SECTIONS", "PARTS", "annual_document", "export_annual",
           "file_stem"]
