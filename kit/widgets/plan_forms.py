"""Stage-2 forms: the 5 core questions, the SWOT board and the OGSM editor.

Each form edits one kit.goals dataclass, saves it with kit.workspace.save on
every change (nothing typed is lost) and reads it back with kit.workspace.load when it
is opened again, so a kernel restart brings the trainee's work back.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from kit import i18n, workspace
from kit.exercises import parse_number
from kit.export.review import evidence_text
from kit.goals import plan as goals_plan
from kit.goals.plan import (
    CORE_QUESTIONS,
    GOAL_TYPES,
    MEASURE_LEVELS,
    PILLARS,
    QUADRANTS,
    TOWS,
    Checklist,
    Goal,
    Measure,
    Ogsm,
    Strategy,
    Swot,
    SwotEntry,
    entry_line,
    split_entry,
    tows_prompts,
    unanswered,
    validate,
)
from kit.questions import goals as goal_questions
from kit.widgets.forms import CheckPanel

t = i18n.catalogue(
    "plan_forms",
    {
        "all_answered": {"zh": "✓ 5 个核心问题都已回答。", "en": "✓ All 5 core questions are answered."},
        "saved": {"zh": "已自动保存到 {path}", "en": "Saved automatically to {path}"},
        "swot.help": {
            "zh": "每行写一条，在“｜”后面写它的依据（哪个数字、哪份资料、哪次走访），例如：竞品在华东降价 ｜ 2025-11 经销商反馈。"
                  "来自复盘洞察卡片的条目自带数据依据（📊）；可以修改或删除。",
            "en": "One entry per line, its evidence after a “|” (which figure, source or visit), "
                  "e.g.: competitor cut prices in the east | distributor feedback 2025-11. Entries "
                  "from the review's insight cards carry their data (📊); edit or delete freely.",
        },
        "tows": {"zh": "TOWS 策略提示", "en": "TOWS strategy prompts"},
        "tows.strategies": {"zh": "你的 TOWS 策略：每一对写一条，写明用的是哪几条（如 S1 + O2）",
                            "en": "Your TOWS strategies: one per pair, citing its entries (e.g. S1 + O2)"},
        "evidence": {"zh": "📊 数据依据", "en": "📊 Evidence"},
        "objective": {"zh": "目的 (Objective)：用一句话写出明年要达成什么", "en": "Objective: one sentence on what next year achieves"},
        "goals": {"zh": "目标 (Goals)：数字 + 单位 + 日期", "en": "Goals: a number, a unit and a date"},
        "strategies": {"zh": "策略 (Strategies) 与衡量指标 (Measures)", "en": "Strategies and measures"},
        "name": {"zh": "名称", "en": "Name"},
        "value": {"zh": "数值", "en": "Value"},
        "unit": {"zh": "单位", "en": "Unit"},
        "due": {"zh": "日期", "en": "Date"},
        "type": {"zh": "类型", "en": "Type"},
        "none": {"zh": "（不指定）", "en": "(none)"},
        "strategy": {"zh": "策略 {n}", "en": "Strategy {n}"},
        "pillar": {"zh": "4P", "en": "4P"},
        "level": {"zh": "层级", "en": "Level"},
        "add_goal": {"zh": "添加目标", "en": "Add a goal"},
        "add_strategy": {"zh": "添加策略", "en": "Add a strategy"},
        "add_measure": {"zh": "添加衡量指标", "en": "Add a measure"},
        "remove": {"zh": "删除", "en": "Remove"},
        "complete": {"zh": "✓ OGSM 完整：每个策略都有衡量指标，每个目标都有数字、单位和日期。",
                     "en": "✓ The OGSM is complete: every strategy has a measure, every goal a number, "
                           "a unit and a date."},
        "todo": {"zh": "还需要完善（{n} 处）：", "en": "Still to do ({n}):"},
    },
)

CHECKLIST_SAVE = "goals_checklist"
SWOT_SAVE = "goals_swot"
OGSM_SAVE = "goals_ogsm"
_WIDE = widgets.Layout(width="48em")


def _note(message: str | None) -> widgets.HTML:
    return widgets.HTML(f"<span style='color:#c62828'>{message}</span>" if message else "")


# ================================================================== 5 core questions


class ChecklistForm:
    """One answer box per core question; what is still unanswered shows below."""

    def __init__(self, trainee: str | None = None):
        self.trainee = trainee
        self.checklist, message = workspace.load(CHECKLIST_SAVE, Checklist, trainee=trainee)
        self.boxes = {}
        rows = [_note(message)]
        for q in CORE_QUESTIONS.values():
            box = widgets.Textarea(value=getattr(self.checklist, q.key), placeholder=q.hint,
                                   layout=widgets.Layout(width="48em", height="4em"))
            box.observe(self._on_change, names="value")
            self.boxes[q.key] = box
            rows += [widgets.HTML(f"<b>{q.number}. {q.text}</b>"), box]
        self.status = widgets.HTML()
        self.widget = widgets.VBox([*rows, self.status])
        self._show_status()

    def _on_change(self, _change) -> None:
        self.checklist = Checklist(**{k: b.value for k, b in self.boxes.items()})
        workspace.save(CHECKLIST_SAVE, self.checklist, trainee=self.trainee)
        self._show_status()

    def _show_status(self) -> None:
        missing = unanswered(self.checklist)
        self.status.value = ("<br>".join(f"• {html.escape(m)}" for m in missing) if missing
                             else t("all_answered"))


# ================================================================== SWOT


class SwotBoard:
    """Four quadrants, one entry per line. Suggestions from the review's insight
    cards fill an empty board; their evidence stays with them while their text does."""

    def __init__(self, suggested: Swot | None = None, trainee: str | None = None):
        self.trainee = trainee
        self.swot, message = workspace.load(SWOT_SAVE, Swot, trainee=trainee)
        if not self.swot.entries and suggested is not None:
            self.swot = Swot(list(suggested.entries))
        self._evidence = {(e.quadrant, e.text): e for e in self.swot.entries if e.evidence or e.source}
        self.boxes = {}
        cells = []
        for q in QUADRANTS:
            box = widgets.Textarea(value="\n".join(entry_line(e) for e in self.swot.quadrant(q)),
                                   layout=widgets.Layout(width="24em", height="9em"))
            box.observe(self._on_change, names="value")
            self.boxes[q] = box
            cells.append(widgets.VBox([widgets.HTML(f"<b>{goals_plan.quadrant_label(q)}</b>"), box]))
        self.tows = {pair: widgets.Textarea(value=(self.swot.tows or {}).get(pair, ""),
                                            placeholder=pair, layout=widgets.Layout(width="24em",
                                                                                    height="4em"))
                     for pair in TOWS}
        for box in self.tows.values():
            box.observe(self._on_change, names="value")
        self.evidence = widgets.HTML()
        self.prompts = widgets.HTML()
        self.check = CheckPanel(goal_questions.swot_question, lambda: self.swot, trainee)
        strategies = [widgets.VBox([widgets.HTML(f"<b>{pair}</b>"), box])
                      for pair, box in self.tows.items()]
        self.widget = widgets.VBox([
            _note(message), widgets.HTML(f"<i>{t('swot.help')}</i>"),
            widgets.HBox(cells[:2]), widgets.HBox(cells[2:]), self.evidence,
            widgets.HTML(f"<b>{t('tows')}</b>"), self.prompts,
            widgets.HTML(f"<b>{t('tows.strategies')}</b>"), widgets.HBox(strategies[:2]),
            widgets.HBox(strategies[2:]), self.check.widget,
        ])
        # Saved at once: stage 3 and the annual plan read the SWOT as it stands here.
        workspace.save(SWOT_SAVE, self.swot, trainee=trainee)
        self._show()

    def _on_change(self, _change) -> None:
        entries = []
        for q, box in self.boxes.items():
            for line in box.value.splitlines():
                text, basis = split_entry(line)
                if text:
                    known = self._evidence.get((q, text))
                    entries.append(SwotEntry(text, q, dict(known.evidence) if known else {},
                                             known.source if known else "", basis))
        self.swot = Swot(entries, {pair: box.value for pair, box in self.tows.items()
                                   if box.value.strip()})
        workspace.save(SWOT_SAVE, self.swot, trainee=self.trainee)
        self._show()

    def _show(self) -> None:
        with_evidence = [e for e in self.swot.entries if e.evidence]
        self.evidence.value = "" if not with_evidence else (
            f"<b>{t('evidence')}</b><ul>" + "".join(
                f"<li>[{e.quadrant}] {html.escape(e.text)}：{html.escape(evidence_text(e.evidence))}</li>"
                for e in with_evidence) + "</ul>")
        self.prompts.value = "".join(
            f"<b>{pair}</b><ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in prompts) + "</ul>"
            for pair, prompts in tows_prompts(self.swot).items())


# ================================================================== OGSM


class OgsmEditor:
    """Objective, goals and strategies with their measures; what is still
    missing is listed live (kit.goals.validate)."""

    def __init__(self, trainee: str | None = None, *, starter: Ogsm | None = None):
        self.trainee = trainee
        self.ogsm, message = workspace.load(OGSM_SAVE, Ogsm, trainee=trainee)
        if starter is not None and self.ogsm == Ogsm():
            self.ogsm = starter
        self.message = _note(message)
        self.body = widgets.VBox()
        self.status = widgets.HTML()
        self.check = CheckPanel(goal_questions.ogsm_question, lambda: self.ogsm, trainee)
        self.widget = widgets.VBox([self.message, self.body, self.status, self.check.widget])
        self._render()

    # Every change goes to the dataclass first; the widgets are redrawn from it
    # only when rows are added or removed, so typing never loses focus.
    def _changed(self) -> None:
        workspace.save(OGSM_SAVE, self.ogsm, trainee=self.trainee)
        problems = validate(self.ogsm)
        self.status.value = (t("complete") if not problems else
                             f"<b>{t('todo', n=len(problems))}</b><br>"
                             + "<br>".join(f"• {html.escape(str(p))}" for p in problems))

    def _render(self) -> None:
        objective = widgets.Textarea(value=self.ogsm.objective, layout=widgets.Layout(width="48em"))
        objective.observe(lambda c: self._set(self.ogsm, "objective", c["new"]), names="value")
        add_goal = widgets.Button(description=t("add_goal"), icon="plus")
        add_goal.on_click(lambda _: self._add(self.ogsm.goals, Goal()))
        add_strategy = widgets.Button(description=t("add_strategy"), icon="plus")
        add_strategy.on_click(lambda _: self._add(self.ogsm.strategies, Strategy(measures=[Measure()])))
        self.body.children = [
            widgets.HTML(f"<b>{t('objective')}</b>"), objective,
            widgets.HTML(f"<b>{t('goals')}</b>"),
            *[self._goal_row(g) for g in self.ogsm.goals], add_goal,
            widgets.HTML(f"<b>{t('strategies')}</b>"),
            *[self._strategy_box(i, s) for i, s in enumerate(self.ogsm.strategies)], add_strategy,
        ]
        self._changed()

    def _set(self, obj: object, name: str, value: object) -> None:
        setattr(obj, name, value)
        self._changed()

    def _add(self, items: list, item: object) -> None:
        items.append(item)
        self._render()

    def _remove(self, items: list, item: object) -> None:
        # By identity: two blank goals are equal, and the one clicked must go.
        items.pop(next(i for i, x in enumerate(items) if x is item))
        self._render()

    def _fields(self, obj: Goal | Measure, number: str) -> list[widgets.Widget]:
        name = widgets.Text(value=obj.name, placeholder=t("name"), layout=widgets.Layout(width="14em"))
        name.observe(lambda c: self._set(obj, "name", c["new"]), names="value")
        value = getattr(obj, number)
        amount = widgets.Text(value="" if value is None else f"{value:g}", placeholder=t("value"),
                              layout=widgets.Layout(width="9em"))
        amount.observe(lambda c: self._set(obj, number, parse_number(c["new"])), names="value")
        unit = widgets.Text(value=obj.unit, placeholder=t("unit"), layout=widgets.Layout(width="6em"))
        unit.observe(lambda c: self._set(obj, "unit", c["new"]), names="value")
        due = widgets.DatePicker(value=obj.due, layout=widgets.Layout(width="11em"))
        due.observe(lambda c: self._set(obj, "due", c["new"] if isinstance(c["new"], date) else None),
                    names="value")
        return [name, amount, unit, due]

    def _goal_row(self, goal: Goal) -> widgets.HBox:
        kind = widgets.Dropdown(options=[(t("none"), None)] + [(g.label, k) for k, g in GOAL_TYPES.items()],
                                value=goal.goal_type if goal.goal_type in GOAL_TYPES else None,
                                layout=widgets.Layout(width="9em"))
        kind.observe(lambda c: self._set(goal, "goal_type", c["new"]), names="value")
        remove = widgets.Button(description=t("remove"), icon="trash", layout=widgets.Layout(width="6em"))
        remove.on_click(lambda _: self._remove(self.ogsm.goals, goal))
        return widgets.HBox([*self._fields(goal, "value"), kind, remove])

    def _strategy_box(self, i: int, strategy: Strategy) -> widgets.VBox:
        text = widgets.Textarea(value=strategy.text, placeholder=t("strategy", n=i + 1),
                                layout=widgets.Layout(width="36em", height="3em"))
        text.observe(lambda c: self._set(strategy, "text", c["new"]), names="value")
        pillar = widgets.Dropdown(options=[(t("none"), None)]
                                  + [(goals_plan.pillar_label(p), p) for p in PILLARS],
                                  value=strategy.pillar if strategy.pillar in PILLARS else None,
                                  description=t("pillar"), layout=widgets.Layout(width="12em"))
        pillar.observe(lambda c: self._set(strategy, "pillar", c["new"]), names="value")
        remove = widgets.Button(description=t("remove"), icon="trash", layout=widgets.Layout(width="6em"))
        remove.on_click(lambda _: self._remove(self.ogsm.strategies, strategy))
        add = widgets.Button(description=t("add_measure"), icon="plus")
        add.on_click(lambda _: self._add(strategy.measures, Measure()))
        return widgets.VBox([
            widgets.HTML(f"<b>{t('strategy', n=i + 1)}</b>"), widgets.HBox([text, pillar, remove]),
            *[self._measure_row(strategy, m) for m in strategy.measures], add,
        ], layout=widgets.Layout(border="1px solid #ddd", padding="4px", margin="4px 0"))

    def _measure_row(self, strategy: Strategy, measure: Measure) -> widgets.HBox:
        level = widgets.Dropdown(options=[(goals_plan.level_label(v), v) for v in MEASURE_LEVELS],
                                 value=measure.level if measure.level in MEASURE_LEVELS else "execution",
                                 layout=widgets.Layout(width="10em"))
        level.observe(lambda c: self._set(measure, "level", c["new"]), names="value")
        remove = widgets.Button(description=t("remove"), icon="trash", layout=widgets.Layout(width="6em"))
        remove.on_click(lambda _: self._remove(strategy.measures, measure))
        return widgets.HBox([widgets.HTML("↳", layout=widgets.Layout(width="1.5em")),
                             *self._fields(measure, "target"), level, remove])
