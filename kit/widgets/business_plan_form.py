"""Steps 3 and 4 of the customer business plan as a form: the customer's vision, the KBDs
(both sides), the options screened and the action plan. Autosaves per customer
(``business_plan_<customer>``); Check asks :func:`kit.questions.goals.business_plan_question`.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from kit import i18n, workspace
from kit.exercises import parse_number
from kit.goals.business_plan import (
    FEASIBILITY,
    ActionStep,
    BusinessPlan,
    KeyDriver,
    Option,
    feasibility_label,
)
from kit.questions import goals as goal_questions
from kit.widgets.forms import CheckPanel, ListForm, add_button, note, remove_button, text_input

t = i18n.catalogue(
    "business_plan_form",
    {
        "vision": {"zh": "第三步：客户的愿景和目标", "en": "Step 3: the customer's vision and goals"},
        "vision.hint": {"zh": "这个客户想把自己的生意做成什么样？明年想做到什么？",
                        "en": "What does the customer want its business to become? What next year?"},
        "drivers": {"zh": "关键生意驱动因素（KBD）：同时影响双方生意的因素",
                    "en": "Key business drivers (KBD): what drives both sides' business"},
        "driver.name": {"zh": "KBD", "en": "KBD"},
        "driver.ours": {"zh": "对我们：带一个数字", "en": "For us: with a figure"},
        "driver.theirs": {"zh": "对客户：利润、周转、客流……", "en": "For the customer: profit, turnover, traffic …"},
        "driver.trend": {"zh": "符合什么市场趋势", "en": "Market trend it fits"},
        "driver.resources": {"zh": "需要的资源，够不够", "en": "Resources needed, and there?"},
        "driver.add": {"zh": "添加 KBD", "en": "Add a KBD"},
        "options": {"zh": "第四步（上）：筛选方案——先多想几个，再用同一把尺子比较",
                    "en": "Step 4 (a): screening — several options first, one yardstick"},
        "option.text": {"zh": "方案", "en": "Option"},
        "option.driver": {"zh": "对应的 KBD", "en": "Its KBD"},
        "option.impact": {"zh": "预期影响（增量）", "en": "Expected impact"},
        "option.cost": {"zh": "投入（费用）", "en": "Cost"},
        "option.feasibility": {"zh": "可行性", "en": "Feasibility"},
        "option.reason": {"zh": "理由", "en": "Reason"},
        "option.chosen": {"zh": "入选", "en": "Chosen"},
        "option.add": {"zh": "添加方案", "en": "Add an option"},
        "actions": {"zh": "第四步（下）：行动计划——做什么、谁、从哪天到哪天、怎么衡量",
                    "en": "Step 4 (b): the action plan — what, who, from when to when, measured how"},
        "action.what": {"zh": "行动", "en": "Action"},
        "action.owner": {"zh": "负责人", "en": "Owner"},
        "action.measure": {"zh": "衡量指标（带目标值）", "en": "Measure (with a target)"},
        "action.option": {"zh": "属于哪个方案", "en": "Which option"},
        "action.add": {"zh": "添加行动", "en": "Add an action"},
        "none": {"zh": "（未选）", "en": "(none)"},
    },
)

SAVE = "business_plan"


def save_name(customer: str) -> str:
    return f"{SAVE}_{customer}" if customer else SAVE


class BusinessPlanForm(ListForm):
    """Vision, KBD rows, option rows and action rows; every edit saves the plan."""

    def __init__(self, customer: str = "", *, starter: BusinessPlan | None = None,
                 trainee: str | None = None):
        self.customer, self.trainee = customer, trainee
        self.plan, message = workspace.load(save_name(customer), BusinessPlan, trainee=trainee)
        if self.plan == BusinessPlan() and starter is not None:
            self.plan = starter
        self.plan.customer = customer
        self.body = widgets.VBox()
        self.check = CheckPanel(goal_questions.business_plan_question, lambda: self.plan, trainee)
        self.widget = widgets.VBox([note(message), self.body, self.check.widget])
        self._render()

    def _save(self) -> None:
        workspace.save(save_name(self.customer), self.plan, trainee=self.trainee)

    def _render(self) -> None:
        p = self.plan
        vision = text_input(p.vision, t("vision.hint"), lambda v: self._set(p, "vision", v),
                            width="48em", area=True)
        self.body.children = [
            widgets.HTML(f"<b>{t('vision')}</b>"), vision,
            widgets.HTML(f"<b>{t('drivers')}</b>"), *[self._driver(d) for d in p.drivers],
            add_button(t("driver.add"), lambda: self._add(p.drivers, KeyDriver())),
            widgets.HTML(f"<b>{t('options')}</b>"), *[self._option(o) for o in p.options],
            add_button(t("option.add"), lambda: self._add(p.options, Option())),
            widgets.HTML(f"<b>{t('actions')}</b>"), *[self._action(a) for a in p.actions],
            add_button(t("action.add"), lambda: self._add(p.actions, ActionStep())),
        ]
        self._save()

    def _driver(self, d: KeyDriver) -> widgets.HBox:
        fields = [text_input(getattr(d, k), t(f"driver.{k}"),
                             lambda v, k=k: self._set(d, k, v), width="11em")
                  for k in ("name", "ours", "theirs", "trend", "resources")]
        return widgets.HBox([*fields, remove_button(lambda: self._remove(self.plan.drivers, d))])

    def _option(self, o: Option) -> widgets.VBox:
        text = text_input(o.text, t("option.text"), lambda v: self._set(o, "text", v), width="20em")
        driver = text_input(o.driver, t("option.driver"), lambda v: self._set(o, "driver", v),
                            width="10em")
        impact = text_input("" if o.impact is None else f"{o.impact:g}", t("option.impact"),
                            lambda v: self._set(o, "impact", parse_number(v)), width="9em")
        cost = text_input("" if o.cost is None else f"{o.cost:g}", t("option.cost"),
                          lambda v: self._set(o, "cost", parse_number(v)), width="9em")
        feasibility = widgets.Dropdown(
            options=[(t("none"), "")] + [(feasibility_label(k), k) for k in FEASIBILITY],
            value=o.feasibility if o.feasibility in FEASIBILITY else "",
            description=t("option.feasibility"), layout=widgets.Layout(width="12em"))
        feasibility.observe(lambda c: self._set(o, "feasibility", c["new"]), names="value")
        chosen = widgets.Checkbox(value=o.chosen, description=t("option.chosen"), indent=False,
                                  layout=widgets.Layout(width="6em"))
        chosen.observe(lambda c: self._set(o, "chosen", bool(c["new"])), names="value")
        reason = text_input(o.reason, t("option.reason"), lambda v: self._set(o, "reason", v),
                            width="30em")
        return widgets.VBox([
            widgets.HBox([text, driver, impact, cost, feasibility, chosen,
                          remove_button(lambda: self._remove(self.plan.options, o))]), reason],
            layout=widgets.Layout(border="1px solid #eee", padding="2px", margin="2px 0"))

    def _action(self, a: ActionStep) -> widgets.HBox:
        fields = [text_input(getattr(a, k), t(f"action.{k}"), lambda v, k=k: self._set(a, k, v),
                             width=w) for k, w in (("what", "16em"), ("owner", "7em"))]
        dates = []
        for name in ("start", "end"):
            picker = widgets.DatePicker(value=getattr(a, name), layout=widgets.Layout(width="11em"))
            picker.observe(lambda c, n=name: self._set(a, n, c["new"] if isinstance(c["new"], date)
                                                       else None), names="value")
            dates.append(picker)
        measure = text_input(a.measure, t("action.measure"), lambda v: self._set(a, "measure", v),
                             width="12em")
        option = text_input(a.option, t("action.option"), lambda v: self._set(a, "option", v),
                            width="12em")
        return widgets.HBox([*fields, *dates, measure, option,
                             remove_button(lambda: self._remove(self.plan.actions, a))])


__all__ = ["SAVE", "BusinessPlanForm", "save_name"]
