"""Stage-5 apps: the editable key-person table, the account board (relationship map,
portrait, health score, alerts, care plan), the stage gate and the development board.

Thin views over kit.accounts: every number shown is what its functions return. The
key-person table is an ipydatagrid grid whose every edit is checked (a fixed word must
be one of its words, influence 1–5, dates as dates), autosaved through
:mod:`kit.workspace` and handed to the board, which redraws the map, the health score
and the alerts for the edited people. Nothing typed is lost: a kernel restart brings
the table back as it was left.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from html import escape

import ipywidgets as widgets
import pandas as pd
from ipydatagrid import DataGrid

from kit import account_charts, fmt, i18n, labels, schema, workspace
from kit import account_views as av
from kit.accounts import workshop
from kit.accounts.labels import t as acc_t
from kit.accounts.pipeline import (
    GATE_STAGES,
    DealProgress,
    StageGateError,
    advance,
    gate_names,
    gate_nodes,
    progress_of,
)
from kit.accounts.portrait import portrait as customer_portrait
from kit.data import DataError, LoadReport, load
from kit.widgets.review_app import png

t = i18n.catalogue(
    "accounts_app",
    {
        "help": {"zh": "直接在表格里改：双击一个格子输入，回车确认。角色、态度、关系阶段、行为类型要写规定的词"
                       "（如 决策者、支持、信赖），影响力写 1–5，日期写成 2025-12-31。每次修改都会自动保存。",
                 "en": "Edit in the grid: double-click a cell, type, press Enter. Role, attitude, "
                       "stage and behaviour type take their fixed words (decision maker, "
                       "supporter, trust …), influence 1–5, dates as 2025-12-31. Every edit "
                       "saves itself."},
        "add": {"zh": "加一行", "en": "Add a row"},
        "delete": {"zh": "删除第几行", "en": "Delete row"},
        "delete.button": {"zh": "删除", "en": "Delete"},
        "restored": {"zh": "已恢复你上次编辑的关键人物表（{n} 人）。",
                     "en": "Your last edit of the key-person table is back ({n} people)."},
        "bad_word": {"zh": "“{value}”不是{column}可用的词：{words}。没有修改。",
                     "en": "“{value}” is not a {column} word: {words}. Nothing changed."},
        "bad_influence": {"zh": "影响力写 1 到 5 的整数，“{value}”没有修改。",
                          "en": "Influence is a whole number from 1 to 5; “{value}” was not taken."},
        "bad_date": {"zh": "“{value}”不是日期（如 2025-12-31），没有修改。",
                     "en": "“{value}” is not a date (e.g. 2025-12-31); nothing changed."},
        "saved": {"zh": "已保存。", "en": "Saved."},
        "account": {"zh": "客户", "en": "Account"},
        "no_alerts": {"zh": "这个客户没有触发的预警。", "en": "No alert fired for this account."},
        "none": {"zh": "（还没有关键人物：在“关键人物表”里加人）",
                 "en": "(no key persons yet: add people in the key-person table)"},
        "deal": {"zh": "商机", "en": "Deal"},
        "node": {"zh": "本阶段的关键节点已完成：{node}", "en": "This stage's key node is met: {node}"},
        "advance": {"zh": "推进到下一阶段", "en": "Move to the next stage"},
        "back": {"zh": "退回上一阶段", "en": "Back one stage"},
        "at": {"zh": "{deal} 现在在“{stage}”", "en": "{deal} is at “{stage}”"},
        "rep": {"zh": "业务员", "en": "Rep"},
        "everyone": {"zh": "整个团队", "en": "The whole team"},
        "weekly": {"zh": "周总结（由日报汇总，不需要另填）", "en": "Weekly summary (from the daily log)"},
        "manager": {"zh": "经理视图：最后一周", "en": "Manager view: the latest week"},
        "conversion": {"zh": "开发阶段转化", "en": "Stage conversion"},
        "note.no_contacts": {"zh": "没有关键人物表：关系覆盖、关系图、人员预警和关系维护计划要等你填好关键人物表"
                                   "（下载页的“大客户关系模板”，或在应用里直接填写）；下面先用销售数据算健康度的价值、成长和风险。",
                             "en": "No key-person table: coverage, the relationship map, the "
                                   "people alerts and the care plan wait for it (the download "
                                   "page's key-account template, or type it into the app); the "
                                   "health score below uses the sales for value, growth and risk."},
        "note.no_interactions": {"zh": "没有拜访记录：最近联系日期只来自关键人物表。",
                                 "en": "No visit record: last contacts come from the key-person "
                                       "table only."},
        "note.no_log": {"zh": "没有扫街日报：客户开发的周总结和经理视图需要一周以上的日报。",
                        "en": "No daily log: the weekly summary and the manager view need at "
                              "least a week of it."},
        "note.no_opportunities": {"zh": "没有商机清单：健康度不计“管道”一项，也没有商机逾期预警。",
                                  "en": "No opportunities: the health score has no pipeline "
                                        "part and no deal alerts."},
        "note.found": {"zh": "在 {file} 的工作表“{sheet}”中找到{table}（{rows} 行）。",
                       "en": "Found the {table} in {file}, sheet “{sheet}” ({rows} rows)."},
        "table.contacts": {"zh": "关键人物表", "en": "key-person table"},
        "table.interactions": {"zh": "拜访记录", "en": "visit record"},
        "table.development_log": {"zh": "扫街日报", "en": "daily log"},
    },
)

PEOPLE_TABLES = ("contacts", "interactions", "development_log")
SAVE = "key_persons"
GATE_SAVE = "deal_progress"
VOCAB = ("role", "attitude", "stage", "style")
DATES = ("last_contact", "left_on")


# ------------------------------------------------------------------ finding the people tables

@dataclass
class PeopleFiles:
    """The people tables found for a trainee, their load reports and what was found where."""

    tables: dict[str, pd.DataFrame | None]
    reports: dict[str, LoadReport | None]
    notes: list[str]

    def get(self, table: str) -> pd.DataFrame | None:
        return self.tables.get(table)


def load_people(data: str | None, files: Mapping[str, str] | None = None) -> PeopleFiles:
    """Each people table from its own file when one is given, else from a sheet of the
    trainee's data workbook that looks like it, else None. Bad rows are reported, never
    raised (``errors="report"``)."""
    tables, reports, notes = {}, {}, []
    for table in PEOPLE_TABLES:
        path = (files or {}).get(table) or data
        result = None
        if path:
            try:
                result = load(path, table, errors="report")
            except DataError:
                if (files or {}).get(table):
                    raise  # a file given for this table that cannot be read: say so
        tables[table] = result.data if result is not None else None
        reports[table] = result.report if result is not None else None
        if result is not None and not (files or {}).get(table):
            notes.append(t("note.found", file=result.report.file, sheet=result.report.sheet or "-",
                           table=t(f"table.{table}"), rows=result.report.rows_accepted))
    return PeopleFiles(tables, reports, notes)


def note(key: str) -> str:
    """One of the notes by key (no_contacts, no_interactions, no_log, no_opportunities),
    for the notebook's skipped steps."""
    return t(f"note.{key}")


def data_notes(people: PeopleFiles, *, has_opportunities: bool) -> list[str]:
    """What is missing and what the workshop does instead."""
    out = list(people.notes)
    if people.get("contacts") is None:
        out.append(t("note.no_contacts"))
    if people.get("interactions") is None:
        out.append(t("note.no_interactions"))
    if people.get("development_log") is None:
        out.append(t("note.no_log"))
    if not has_opportunities:
        out.append(t("note.no_opportunities"))
    return out


# ------------------------------------------------------------------ the editable table

@dataclass
class KeyPerson:
    """One row of the key-person table as the editor keeps it (fixed words as keys)."""

    customer_id: str = ""
    name: str = ""
    title: str = ""
    department: str = ""
    role: str = ""
    attitude: str = ""
    influence: int | None = None
    stage: str = ""
    style: str = ""
    reports_to: str = ""
    owner: str = ""
    last_contact: str = ""
    left_on: str = ""
    pain: str = ""
    value_proposition: str = ""
    notes: str = ""


COLUMNS = tuple(f.name for f in fields(KeyPerson))


@dataclass
class KeyPersons:
    """The whole table; ``source`` names the file it started from."""

    source: str = ""
    people: list[KeyPerson] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The canonical ``contacts`` table (blanks as missing, dates as dates)."""
        rows = [asdict(p) for p in self.people]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        for column in COLUMNS:
            if column == "influence":
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            elif column in DATES:
                frame[column] = pd.to_datetime(frame[column].replace("", None), errors="coerce")
            else:
                frame[column] = frame[column].replace("", None).astype("string")
        return frame


def _text(value) -> str:
    if fmt.is_missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def from_frame(contacts: pd.DataFrame | None, source: str = "") -> KeyPersons:
    people = []
    for _, row in (contacts if contacts is not None else pd.DataFrame()).iterrows():
        values = {c: _text(row.get(c)) for c in COLUMNS if c != "influence"}
        influence = row.get("influence")
        people.append(KeyPerson(**values, influence=None if fmt.is_missing(influence)
                                else int(influence)))
    return KeyPersons(source, people)


class KeyPersonEditor:
    """The key-person table as an editable grid, each edit checked and autosaved;
    ``on_change(contacts)`` gets the canonical table after every accepted edit."""

    def __init__(self, contacts: pd.DataFrame | None = None, *, source: str = "",
                 trainee: str | None = None, default_customer: str = "",
                 on_change: Callable[[pd.DataFrame], None] | None = None):
        self.trainee, self.on_change, self.default_customer = trainee, on_change, default_customer
        start = from_frame(contacts, source)
        saved = workspace.load(SAVE, KeyPersons, default=start, trainee=trainee).value
        restored = saved is not start and saved.source == source and saved.people
        self.state = saved if restored else start
        self.message = widgets.HTML(t("restored", n=len(self.state.people)) if restored else "")
        self.grid = DataGrid(self._display(), editable=True, selection_mode="cell",
                             base_column_size=110, layout=widgets.Layout(height="360px"))
        self.grid.on_cell_change(self._on_cell)
        add = widgets.Button(description=t("add"), icon="plus")
        add.on_click(lambda _: self.add_row())
        self.row_number = widgets.BoundedIntText(value=1, min=1, max=10_000,
                                                 description=t("delete"))
        delete = widgets.Button(description=t("delete.button"), icon="trash")
        delete.on_click(lambda _: self.delete_row(self.row_number.value - 1))
        self.widget = widgets.VBox([widgets.HTML(f"<i>{escape(t('help'))}</i>"), self.message,
                                    self.grid, widgets.HBox([add, self.row_number, delete])])

    @property
    def contacts(self) -> pd.DataFrame:
        return self.state.frame()

    def labels_of(self) -> dict[str, str]:
        return {c: labels.column(c) for c in COLUMNS}

    def _display(self) -> pd.DataFrame:
        heads = self.labels_of()
        rows = []
        for p in self.state.people:
            row = {}
            for c in COLUMNS:
                value = getattr(p, c)
                if c in VOCAB:
                    value = labels.choice("contacts", c, value) if value else ""
                row[heads[c]] = "" if value is None else str(value)
            rows.append(row)
        frame = pd.DataFrame(rows, columns=list(heads.values()))
        frame.index = pd.RangeIndex(1, len(frame) + 1)  # rows numbered as the trainee counts
        return frame

    def _refresh(self) -> None:
        self.grid.data = self._display()

    def _save(self) -> None:
        workspace.save(SAVE, self.state, trainee=self.trainee)
        if self.on_change is not None:
            self.on_change(self.contacts)

    def edit(self, row: int, column: str, text: object) -> bool:
        """Set one cell (``column`` canonical, ``row`` from 0); False, with the reason in
        :attr:`message`, when the value is refused."""
        value = "" if text is None else str(text).strip()
        person = self.state.people[row]
        if column in VOCAB and value:
            key = schema.vocabulary_key("contacts", column, value)
            if key is None:
                words = labels.word("list_sep").join(labels.choices("contacts", column).values())
                self.message.value = escape(t("bad_word", value=value,
                                              column=labels.column(column), words=words))
                self._refresh()
                return False
            value = key
        if column == "influence":
            number = pd.to_numeric(value, errors="coerce") if value else None
            if value and (pd.isna(number) or number % 1 or not 1 <= number <= 5):
                self.message.value = escape(t("bad_influence", value=value))
                self._refresh()
                return False
            setattr(person, column, None if not value else int(number))
        elif column in DATES:
            day = pd.to_datetime(value, errors="coerce") if value else None
            if value and pd.isna(day):
                self.message.value = escape(t("bad_date", value=value))
                self._refresh()
                return False
            setattr(person, column, "" if not value else day.date().isoformat())
        else:
            setattr(person, column, value)
        self.message.value = t("saved")
        self._refresh()
        self._save()
        return True

    def _on_cell(self, change: dict) -> None:
        heads = {v: k for k, v in self.labels_of().items()}
        column = heads.get(change["column"])
        if column is None:
            self._refresh()
            return
        self.edit(int(change["row"]), column, change["value"])

    def add_row(self) -> None:
        customer = self.state.people[-1].customer_id if self.state.people else self.default_customer
        self.state.people.append(KeyPerson(customer_id=customer))
        self._refresh()
        self._save()

    def delete_row(self, row: int) -> None:
        if 0 <= row < len(self.state.people):
            del self.state.people[row]
            self._refresh()
            self._save()


# ------------------------------------------------------------------ the account board

def _html(frame: pd.DataFrame) -> str:
    return av.show(frame).to_html() if len(frame) else ""


class AccountBoard:
    """One account at a time: its relationship map and portrait, the health score of
    every account (the chosen one first), the alerts and the care plan, all redrawn
    when the key-person table changes (:meth:`set_contacts`)."""

    def __init__(self, result: workshop.AccountsReview, *, sales: pd.DataFrame,
                 contacts: pd.DataFrame | None = None,
                 interactions: pd.DataFrame | None = None, customer: str | None = None):
        self.base, self.sales, self.interactions = result, sales, interactions
        self.people = contacts if contacts is not None and len(contacts) else None
        self.result = workshop.with_people(result, self.people, interactions)
        self.account = widgets.Dropdown(description=t("account"))
        self.account.observe(lambda _: self.draw(), names="value")
        self.map = widgets.Box()
        self.portrait = widgets.HTML()
        self.health = widgets.HTML()
        self.alerts = widgets.HTML()
        self.care = widgets.HTML()
        self._options(customer)
        self.draw()

    def _accounts(self) -> list[str]:
        names = [str(c) for c in self.result.assessed.index]
        if self.result.coverage is not None:
            names += [str(c) for c in self.result.coverage.index if str(c) not in names]
        return names

    def _options(self, wanted: str | None = None) -> None:
        names = self._accounts()
        keep = wanted or self.account.value or self.result.focus()
        self.account.options = names
        self.account.value = keep if keep in names else (names[0] if names else None)

    def set_contacts(self, contacts: pd.DataFrame | None) -> None:
        """Recompute the people parts for an edited key-person table and redraw."""
        self.people = contacts if contacts is not None and len(contacts) else None
        self.result = workshop.with_people(self.base, self.people, self.interactions)
        self._options()
        self.draw()

    def draw(self) -> None:
        customer = self.account.value
        if customer is None:
            return
        r, contacts = self.result, self.people
        if contacts is not None and (contacts["customer_id"].astype(str) == customer).any():
            self.map.children = [png(account_charts.relationship_map(contacts, customer,
                                                                     as_of=r.as_of))]
        else:
            self.map.children = [widgets.HTML(f"<i>{escape(t('none'))}</i>")]
        self.portrait.value = av.portrait_html(customer_portrait(
            customer, sales=self.sales, window=r.window, assessed=r.assessed,
            contacts=contacts, as_of=r.as_of))
        scored = r.scored
        order = [customer] + [c for c in scored.index if c != customer]
        self.health.value = (f"<p>{escape(av.weights_caption(r.weights))}</p>"
                             + _html(av.health_table(scored.loc[[c for c in order
                                                                 if c in scored.index]])))
        mine = r.alerts[r.alerts["customer_id"] == customer]
        self.alerts.value = _html(av.alerts_table(mine)) or escape(t("no_alerts"))
        self.care.value = (_html(av.care_table(r.care[r.care["customer_id"] == customer]))
                           if r.care is not None else "")


# ------------------------------------------------------------------ the stage gate

class StageGateApp:
    """A deal's stage with its key node as the exit criterion: tick the node, then move
    on; a move without it is refused with the node named. Autosaved per deal."""

    def __init__(self, opportunities: pd.DataFrame, *, trainee: str | None = None):
        self.trainee = trainee
        start = progress_of(opportunities)
        saved = workspace.load(GATE_SAVE, default={}, trainee=trainee).value
        self.deals: dict[str, DealProgress] = {}
        for deal, progress in start.items():
            got = saved.get(deal) if isinstance(saved, dict) else None
            try:
                self.deals[deal] = (DealProgress(deal, got["stage"], list(got["nodes"]))
                                    if isinstance(got, dict) else progress)
            except (KeyError, TypeError, ValueError):
                self.deals[deal] = progress
        names = {str(i): str(n) for i, n in zip(
            opportunities["opportunity_id"],
            opportunities.get("opportunity_name", opportunities["opportunity_id"]), strict=True)}
        self.deal = widgets.Dropdown(options=[(f"{k} {names[k]}", k) for k in self.deals],
                                     description=t("deal"), layout=widgets.Layout(width="32em"))
        self.node = widgets.Checkbox(layout=widgets.Layout(width="48em"))
        self.forward = widgets.Button(description=t("advance"), icon="arrow-right",
                                      button_style="primary")
        self.backward = widgets.Button(description=t("back"), icon="arrow-left")
        self.message = widgets.HTML()
        self.status = widgets.HTML()
        self.deal.observe(lambda _: self.show(), names="value")
        self.node.observe(self._on_node, names="value")
        self.forward.on_click(lambda _: self.move())
        self.backward.on_click(lambda _: self.move(back=True))
        self.widget = widgets.VBox([self.deal, self.status, self.node,
                                    widgets.HBox([self.forward, self.backward]), self.message])
        self.show()

    @property
    def current(self) -> DealProgress:
        return self.deals[self.deal.value]

    def show(self) -> None:
        p = self.current
        self.status.value = escape(t("at", deal=p.opportunity_id, stage=gate_names()[p.stage]))
        self._showing = True
        self.node.description = t("node", node=gate_nodes()[p.stage])
        self.node.value = p.stage in p.nodes
        self._showing = False

    def _on_node(self, change) -> None:
        if getattr(self, "_showing", False):
            return
        self.deals[self.deal.value] = self.current.with_node(self.current.stage, change["new"])
        self._save()

    def move(self, back: bool = False) -> bool:
        p = self.current
        try:
            if back:
                here = GATE_STAGES.index(p.stage)
                moved = advance(p, GATE_STAGES[max(here - 1, 0)])
            else:
                moved = advance(p)
        except StageGateError as error:
            self.message.value = f"<span style='color:#c62828'>{escape(str(error))}</span>"
            return False
        self.deals[p.opportunity_id] = moved
        self.message.value = escape(acc_t("gate.moved", deal=p.opportunity_id,
                                          to=gate_names()[moved.stage]))
        self._save()
        self.show()
        return True

    def _save(self) -> None:
        workspace.save(GATE_SAVE, {k: {"stage": v.stage, "nodes": v.nodes}
                                   for k, v in self.deals.items()}, trainee=self.trainee)


# ------------------------------------------------------------------ development

class DevelopmentBoard:
    """The daily log rolled up: the weekly summary for a rep or the team, the manager
    view of the latest week and the stage conversion."""

    def __init__(self, result: workshop.AccountsReview):
        self.result = result
        reps = sorted(result.weekly.index.get_level_values("rep").unique())
        self.rep = widgets.Dropdown(options=[(t("everyone"), "")] + [(r, r) for r in reps],
                                    description=t("rep"))
        self.rep.observe(lambda _: self.draw(), names="value")
        self.table = widgets.HTML()
        self.chart = widgets.Box()
        manager = av.manager_table(result.manager)
        self.widget = widgets.VBox([
            widgets.HTML(f"<b>{escape(t('weekly'))}</b>"), self.rep, self.table, self.chart,
            widgets.HTML(f"<b>{escape(t('manager'))}</b>" + _html(manager)),
            widgets.HTML(f"<b>{escape(t('conversion'))}</b>"
                         + _html(av.conversion_table(result.conversion)))])
        self.draw()

    def draw(self) -> None:
        weekly = self.result.weekly
        if self.rep.value:
            weekly = weekly.loc[[self.rep.value]]
            self.table.value = _html(av.weekly_table(weekly))
        else:
            self.table.value = _html(av.weekly_table(self.result.team_weekly))
        self.chart.children = [png(account_charts.development_chart(weekly))]


__all__ = ["AccountBoard", "DevelopmentBoard", "KeyPerson", "KeyPersonEditor", "KeyPersons",
           "PeopleFiles", "StageGateApp", "data_notes", "from_frame", "load_people", "note"]
