"""Stage-1 forms for the written deliverables: the trainee's UIA cards beside the kit's, and
the WCC-DAR report written section by section.

Both autosave (``uia_cards``, ``wccdar_report``) and have a Check button whose check is
in :mod:`kit.questions.review`: specific feedback (a section missing, a figure that the
data do not hold, a diagnosis with no action), never the answer.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kit import i18n, views, workspace
from kit.insights import Card, UiaBoard, UiaCard, card_key, keep
from kit.questions import review as review_questions
from kit.report import (
    SECTIONS,
    ReportDraft,
    WccDarReport,
    actions_text,
    kit_draft,
    parse_actions,
    section_title,
    with_draft,
)
from kit.widgets.forms import CheckPanel, add_button, note, pop, remove_button, text_input

t = i18n.catalogue(
    "review_forms",
    {
        "uia.kit": {"zh": "工具包生成的卡片：勾选要保留的", "en": "The kit's cards: tick the ones you keep"},
        "uia.keep": {"zh": "保留", "en": "Keep"},
        "uia.own": {"zh": "你自己的卡片", "en": "Your own cards"},
        "uia.add": {"zh": "添加一张卡片", "en": "Add a card"},
        "uia.subject": {"zh": "对象（区域、客户、产品……）", "en": "Subject (region, customer, product …)"},
        "uia.understanding": {"zh": "理解：发生了什么，和什么比（带数字）",
                              "en": "Understanding: what happened, compared with what (a figure)"},
        "uia.insight": {"zh": "洞察：为什么，是哪个驱动因素", "en": "Insight: why, which driver"},
        "uia.action": {"zh": "行动：因此该做什么", "en": "Action: what to do about it"},
        "report.help": {
            "zh": "按六个部分写你的报告。前三部分可以从工具包的草稿开始改；数字要和上面的分析一致。"
                  "行动每行一项：做什么 | 负责人 | 完成日期（如 2026-03-31）；结果每行一个指标和目标值。",
            "en": "Write your report in its six sections. The first three can start from the kit's "
                  "draft; figures must agree with the analysis above. Actions one a line: what | "
                  "owner | due date (e.g. 2026-03-31); results one measure with its target a line.",
        },
        "report.start": {"zh": "用工具包的草稿开始（只填空着的部分）",
                         "en": "Start from the kit's draft (blank sections only)"},
        "report.draft": {"zh": "工具包的草稿（参考）", "en": "The kit's draft (for reference)"},
        "report.action_hint": {"zh": "做什么 | 负责人 | 完成日期", "en": "what | owner | due date"},
        "report.result_hint": {"zh": "每行一个：指标 + 目标值 + 时间", "en": "One a line: measure, target, when"},
    },
)

UIA_SAVE = "uia_cards"
REPORT_SAVE = "wccdar_report"
_WIDE = "48em"


def kept_findings(trainee: str | None = None) -> list[UiaCard]:
    """The generated cards the trainee kept in stage 1 (empty when the form was never
    opened)."""
    return workspace.load(UIA_SAVE, UiaBoard, trainee=trainee).value.kept


class UiaForm:
    """The kit's cards with a Keep box each, and the trainee's own cards (add, edit,
    remove). ``board`` is what is saved and what the annual plan carries."""

    def __init__(self, cards: list[Card], report: WccDarReport, trainee: str | None = None):
        self.cards, self.report, self.trainee = cards, report, trainee
        saved, message = workspace.load(UIA_SAVE, UiaBoard, trainee=trainee)
        fresh = saved == UiaBoard()
        kept_keys = {c.source for c in saved.kept}
        self._gone = [c for c in saved.kept if c.source not in {card_key(x) for x in cards}]
        self.keep = {card_key(c): widgets.Checkbox(value=fresh or card_key(c) in kept_keys,
                                                   description=t("uia.keep"), indent=False)
                     for c in cards}
        for box in self.keep.values():
            box.observe(lambda _: self._changed(), names="value")
        self.own: list[UiaCard] = list(saved.own)
        self.own_box = widgets.VBox()
        self.check = CheckPanel(lambda: review_questions.uia_question(self.report),
                                lambda: self.board, trainee)
        kit_rows = [widgets.HBox([self.keep[card_key(c)], widgets.HTML(views.card_html(c))])
                    for c in cards]
        self.widget = widgets.VBox([
            note(message), widgets.HTML(f"<b>{t('uia.kit')}</b>"), *kit_rows,
            widgets.HTML(f"<b>{t('uia.own')}</b>"), self.own_box,
            add_button(t("uia.add"), self._add), self.check.widget])
        self._render()

    @property
    def board(self) -> UiaBoard:
        kept = [keep(c) for c in self.cards if self.keep[card_key(c)].value]
        return UiaBoard(kept=kept + self._gone, own=list(self.own))

    def _changed(self) -> None:
        workspace.save(UIA_SAVE, self.board, trainee=self.trainee)

    def _add(self) -> None:
        self.own.append(UiaCard())
        self._render()

    def _remove(self, card: UiaCard) -> None:
        pop(self.own, card)
        self._render()

    def _set(self, card: UiaCard, name: str, value: str) -> None:
        setattr(card, name, value)
        self._changed()

    def _render(self) -> None:
        rows = []
        for n, card in enumerate(self.own, start=1):
            fields = [text_input(getattr(card, k), t(f"uia.{k}"),
                                 lambda v, c=card, k=k: self._set(c, k, v), width=_WIDE,
                                 area=k != "subject")
                      for k in ("subject", "understanding", "insight", "action")]
            rows.append(widgets.VBox([
                widgets.HBox([widgets.HTML(f"<b>{n}.</b>"), remove_button(
                    lambda c=card: self._remove(c))]), *fields],
                layout=widgets.Layout(border="1px solid #ddd", padding="4px", margin="4px 0")))
        self.own_box.children = rows
        self._changed()


class ReportForm:
    """The WCC-DAR report, one box per section; ``report`` is the kit's report with the
    trainee's sections (what is exported)."""

    def __init__(self, report: WccDarReport, trainee: str | None = None):
        self.kit_report, self.trainee = report, trainee
        self.draft, message = workspace.load(REPORT_SAVE, ReportDraft, trainee=trainee)
        self.boxes = {}
        for name in SECTIONS:
            value = (actions_text(self.draft.action) if name == "action" else
                     "\n".join(self.draft.result) if name == "result" else
                     getattr(self.draft, name))
            hint = (t("report.action_hint") if name == "action" else
                    t("report.result_hint") if name == "result" else
                    report.prompts.get(name, ""))
            self.boxes[name] = text_input(value, hint, lambda _v: self._changed(), width=_WIDE,
                                          area=True, height="6em")
        start = widgets.Button(description=t("report.start"), icon="magic",
                               layout=widgets.Layout(width="auto"))
        start.on_click(lambda _: self.start_from_draft())
        reference = widgets.Accordion(children=[widgets.HTML(self._draft_html())])
        reference.set_title(0, t("report.draft"))
        reference.selected_index = None
        self.check = CheckPanel(lambda: review_questions.report_question(self.kit_report),
                                lambda: self.draft, trainee)
        rows = [widgets.VBox([widgets.HTML(f"<b>{i}. {html.escape(section_title(n))}</b>"),
                              self.boxes[n]]) for i, n in enumerate(SECTIONS, start=1)]
        self.widget = widgets.VBox([note(message), widgets.HTML(f"<i>{t('report.help')}</i>"),
                                    start, reference, *rows, self.check.widget])

    def _draft_html(self) -> str:
        draft = kit_draft(self.kit_report)
        return "".join(f"<p><b>{html.escape(section_title(n))}</b><br>"
                       + "<br>".join(html.escape(x) for x in getattr(draft, n).splitlines())
                       + "</p>" for n in SECTIONS[:3])

    def start_from_draft(self) -> None:
        """Copy the kit's draft into the first three sections the trainee left blank."""
        draft = kit_draft(self.kit_report)
        for name in SECTIONS[:3]:
            if not self.boxes[name].value.strip():
                self.boxes[name].value = getattr(draft, name)

    def _changed(self) -> None:
        b = self.boxes
        self.draft = ReportDraft(
            what_happened=b["what_happened"].value, compared_with=b["compared_with"].value,
            cause=b["cause"].value, decision=b["decision"].value,
            action=parse_actions(b["action"].value),
            result=[line.strip() for line in b["result"].value.splitlines() if line.strip()])
        workspace.save(REPORT_SAVE, self.draft, trainee=self.trainee)

    @property
    def report(self) -> WccDarReport:
        return with_draft(self.kit_report, self.draft)


__all__ = ["REPORT_SAVE", "UIA_SAVE", "ReportForm", "UiaForm", "kept_findings"]
