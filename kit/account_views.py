"""The people side of key accounts as tables a trainee reads: localised headers, fixed
words as words, a number kind per column (no arithmetic).

Each function returns a DataFrame under the reader's headers whose ``attrs["kinds"]``
gives each column's kind (:data:`kit.fmt.KINDS`) and ``attrs["internal"]`` the columns a
customer must never see (attitudes, influence, stages, pains, our notes); :func:`show`
formats one for the screen, and :mod:`kit.export.accounts` lays the same frames out in
the account plan, so the notebook, the app and the files say the same thing.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from kit import fmt, i18n, labels
from kit.accounts import development, health
from kit.accounts.labels import t as acc_t
from kit.accounts.people import ROLES, gap_text
from kit.accounts.portrait import Portrait

t = i18n.catalogue(
    "account_views",
    {
        "people": {"zh": "关键人物", "en": "Key persons"},
        "engaged": {"zh": "约会以上", "en": "Beyond a first meeting"},
        "roles_covered": {"zh": "覆盖的角色数", "en": "Roles covered"},
        "coverage": {"zh": "覆盖得分", "en": "Coverage score"},
        "single": {"zh": "单线联系", "en": "Single-threaded"},
        "gaps": {"zh": "缺口", "en": "Gaps"},
        "indicator": {"zh": "预警指标", "en": "Indicator"},
        "threshold": {"zh": "阈值", "en": "Threshold"},
        "actual": {"zh": "实际情况", "en": "Actual"},
        "since": {"zh": "触发日期", "en": "Fired on"},
        "severity": {"zh": "级别", "en": "Severity"},
        "response": {"zh": "应对措施", "en": "Response"},
        "about": {"zh": "涉及", "en": "About"},
        "score": {"zh": "健康度", "en": "Health"},
        "rag": {"zh": "状态", "en": "Status"},
        "missing": {"zh": "没有数据、未计分的部分", "en": "Parts left out (no data)"},
        "weights": {"zh": "权重：{parts}", "en": "Weights: {parts}"},
        "tier": {"zh": "分层", "en": "Tier"},
        "cadence": {"zh": "回访周期（天）", "en": "Cadence (days)"},
        "next_due": {"zh": "下次回访", "en": "Next visit due"},
        "overdue": {"zh": "逾期天数", "en": "Days overdue"},
        "status": {"zh": "状态", "en": "Status"},
        "latest": {"zh": "最近联系", "en": "Latest contact"},
        "open_steps": {"zh": "待办的下一步", "en": "Open next steps"},
        "completeness": {"zh": "档案完整度", "en": "File completeness"},
        "abc": {"zh": "二八分类", "en": "80/20 class"},
        "week": {"zh": "周（周一）", "en": "Week (Monday)"},
        "rows": {"zh": "日报行数", "en": "Log rows"},
        "visits": {"zh": "拜访", "en": "Visits"},
        "calls": {"zh": "电话", "en": "Calls"},
        "contacts": {"zh": "接触合计", "en": "Contacts"},
        "prospects": {"zh": "客户数", "en": "Prospects"},
        "new": {"zh": "新客户", "en": "New prospects"},
        "needs": {"zh": "发现需求", "en": "Needs found"},
        "sightings": {"zh": "竞品出现次数", "en": "Competitor sightings"},
        "no_next": {"zh": "无下一步", "en": "No next action"},
        "per_day": {"zh": "日均拜访", "en": "Visits a day"},
        "flags": {"zh": "提醒", "en": "Flags"},
        "reached": {"zh": "到达{stage}", "en": "Reached {stage}"},
        "conversion": {"zh": "{stage} → 下一阶段", "en": "{stage} → next"},
        "item": {"zh": "项目", "en": "Item"},
        "value": {"zh": "内容", "en": "Value"},
        "p.size": {"zh": "规模（近 12 个月销售额，{CUR}）", "en": "Size (last 12 months' sales, {CUR})"},
        "p.share": {"zh": "占全部客户的比重", "en": "Share of all accounts"},
        "p.growth": {"zh": "同比", "en": "YoY"},
        "p.mix": {"zh": "结构（前几大{by}的占比）", "en": "Mix (largest {by} shares)"},
        "p.pattern": {"zh": "采购规律：有进货的月份", "en": "Buying pattern: months with purchases"},
        "p.average": {"zh": "月均销售额（{CUR}）", "en": "Average month ({CUR})"},
        "p.peak": {"zh": "最高的月份", "en": "Peak month"},
        "p.regularity": {"zh": "规律性（1 − 月销售额的变异系数）",
                         "en": "Regularity (1 − coefficient of variation of monthly sales)"},
        "p.value": {"zh": "价值：分层 / 二八分类 / 当前价值", "en": "Value: tier / 80/20 class / current value"},
        "p.people": {"zh": "关键人物（在职）", "en": "Key persons (in post)"},
        "p.top": {"zh": "组织的最上层", "en": "Top of the organisation"},
        "p.decision": {"zh": "决策流程：谁在哪个角色", "en": "Decision process: who holds which role"},
        "p.months": {"zh": "{n} / {of} 个月", "en": "{n} of {of} months"},
        "p.title": {"zh": "客户画像：{name}", "en": "Customer portrait: {name}"},
        "p.no_sales": {"zh": "（没有销售数据：潜在客户）", "en": "(no sales: a prospect)"},
        "strategy": {"zh": "开发策略", "en": "Strategy"},
        "fits": {"zh": "适合什么情况", "en": "When it fits"},
        "suggested": {"zh": "按你的回答，适合的策略：{names}", "en": "From your answers, the strategies that fit: {names}"},
        "competitor.missing": {"zh": "最常见的竞品“{name}”：竞品清单上还不知道的——{items}",
                               "en": "The competitor seen most, “{name}”: what the checklist does "
                                     "not know yet — {items}"},
        "single.list": {"zh": "单线联系的客户：{names}", "en": "Single-threaded accounts: {names}"},
        "survey.score": {"zh": "得分（1–5）", "en": "Score (1–5)"},
        "survey.weight": {"zh": "权重", "en": "Weight"},
        "survey.points": {"zh": "计入指数", "en": "Points"},
        "survey.index": {"zh": "满意度指数：{index}（{band}）", "en": "Satisfaction index: {index} ({band})"},
    },
)


def _frame(columns: dict[str, list], kinds: dict[str, str] | None = None,
           internal: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    frame.attrs["kinds"] = {c: (kinds or {}).get(c, "text") for c in frame.columns}
    frame.attrs["internal"] = [c for c in internal if c in frame.columns]
    return frame


def show(frame: pd.DataFrame):
    """A view formatted for the screen (every cell through kit.fmt, by its kind)."""
    kinds = frame.attrs.get("kinds", {})
    return frame.style.format({c: (lambda v, k=k: fmt.value(v, k)) for c, k in kinds.items()}
                              ).hide(axis="index")


def _word(table: str, column: str, values: pd.Series) -> list[str]:
    return [labels.choice(table, column, v) for v in values]


def _text(values) -> list:
    return [None if fmt.is_missing(v) else str(v) for v in values]


def people_table(contacts: pd.DataFrame, customer: str | None = None) -> pd.DataFrame:
    """The key-person table (关键人物表) as the trainee keeps it, words for keys."""
    rows = contacts if customer is None else contacts[
        contacts["customer_id"].astype(str) == str(customer)]

    def col(name):
        return rows[name] if name in rows else pd.Series(pd.NA, index=rows.index)

    c = labels.column
    frame = _frame({
        c("customer_id"): _text(rows["customer_id"]), c("name"): _text(rows["name"]),
        c("title"): _text(col("title")), c("department"): _text(col("department")),
        c("role"): _word("contacts", "role", col("role")),
        c("attitude"): _word("contacts", "attitude", col("attitude")),
        c("influence"): list(col("influence")), c("stage"): _word("contacts", "stage", col("stage")),
        c("style"): _word("contacts", "style", col("style")),
        c("reports_to"): _text(col("reports_to")), c("owner"): _text(col("owner")),
        c("last_contact"): list(pd.to_datetime(col("last_contact"), errors="coerce")),
        c("left_on"): list(pd.to_datetime(col("left_on"), errors="coerce")),
        c("pain"): _text(col("pain")), c("value_proposition"): _text(col("value_proposition")),
        c("notes"): _text(col("notes")),
    }, {c("influence"): "count", c("last_contact"): "date", c("left_on"): "date"},
        internal=tuple(c(k) for k in ("role", "attitude", "influence", "stage", "style", "pain",
                                      "value_proposition", "notes")))
    return frame


def coverage_table(cover: pd.DataFrame) -> pd.DataFrame:
    stages = {labels.choice("contacts", "role", r): _word("contacts", "stage",
                                                          cover[f"stage_{r}"]) for r in ROLES}
    return _frame({
        labels.column("customer_id"): _text(cover.index), t("people"): list(cover["contacts"]),
        t("engaged"): list(cover["engaged"]), **stages,
        t("roles_covered"): list(cover["roles_covered"]), t("coverage"): list(cover["coverage"]),
        t("single"): [labels.word("yes") if v else "" for v in cover["single_threaded"]],
        t("gaps"): [gap_text(g) for g in cover["gaps"]],
    }, {t("people"): "count", t("engaged"): "count", t("roles_covered"): "count",
        t("coverage"): "number"})


def alerts_table(alerts: pd.DataFrame) -> pd.DataFrame:
    """The risk-alert table: what fired, when, who owns it and the response."""
    return _frame({
        labels.column("customer_id"): list(alerts["customer_id"]),
        t("indicator"): list(alerts["indicator"]), t("threshold"): list(alerts["threshold"]),
        t("actual"): list(alerts["detail"]), t("since"): list(alerts["since"]),
        t("severity"): list(alerts["severity"]), t("about"): _text(alerts["subject"].replace("", None)),
        labels.column("owner"): [o or acc_t("unassigned") for o in alerts["owner"]],
        t("response"): list(alerts["response"]),
    }, {t("since"): "date", t("severity"): "rag"})


def rules_table(book: pd.DataFrame) -> pd.DataFrame:
    return _frame({t("indicator"): list(book["indicator"]), t("threshold"): list(book["threshold"]),
                   t("severity"): list(book["severity"]), t("response"): list(book["response"])},
                  {t("severity"): "rag"})


def health_table(scored: pd.DataFrame) -> pd.DataFrame:
    parts = {acc_t(f"part.{p}"): list(scored[p]) for p in health.PARTS}
    names = labels.word("list_sep")
    return _frame({
        labels.column("customer_id"): _text(scored.index), **parts,
        t("score"): list(scored["score"]), t("rag"): list(scored["rag"]),
        t("missing"): [names.join(acc_t(f"part.{p}") for p in m) for m in scored["missing"]],
    }, {**{k: "number" for k in parts}, t("score"): "number", t("rag"): "rag"})


def weights_caption(weights=None) -> str:
    """权重：价值 25%、成长 20% … and the bands, as one line."""
    w = dict(health.WEIGHTS if weights is None else weights)
    total = sum(w.values())
    parts = labels.word("list_sep").join(f"{acc_t(f'part.{p}')} {fmt.percent(w[p] / total, 0)}"
                                         for p in health.PARTS)
    green, amber = health.BANDS
    sep = "；" if i18n.get_lang() == "zh" else "; "
    return t("weights", parts=parts) + sep + acc_t("health.bands", green=fmt.count(green),
                                                   amber=fmt.count(amber))


def part_rules() -> pd.DataFrame:
    """How each part is scored, in words."""
    return _frame({t("item"): [acc_t(f"part.{p}") for p in health.PARTS],
                   t("value"): [acc_t(f"part.{p}.how") for p in health.PARTS]})


def care_table(plan: pd.DataFrame) -> pd.DataFrame:
    return _frame({
        labels.column("customer_id"): list(plan["customer_id"]),
        labels.column("name"): list(plan["name"]),
        labels.column("role"): _word("contacts", "role", plan["role"]),
        labels.column("owner"): _text(plan["owner"]),
        t("tier"): [acc_t(f"tier.{k}") for k in plan["tier"]],
        t("cadence"): list(plan["cadence_days"]), t("latest"): list(plan["last_contact"]),
        t("next_due"): list(plan["next_due"]), t("overdue"): list(plan["overdue_days"]),
        t("status"): list(plan["status_label"]),
    }, {t("cadence"): "count", t("latest"): "date", t("next_due"): "date",
        t("overdue"): "count"}, internal=(labels.column("role"),))


def file_table(file: pd.DataFrame) -> pd.DataFrame:
    columns = {labels.column("customer_id"): _text(file.index), t("people"): list(file["people"]),
               t("latest"): list(file["latest_contact"])}
    kinds = {t("people"): "count", t("latest"): "date", t("open_steps"): "count",
             t("completeness"): "percent", labels.column("net_sales", unit=True): "money"}
    if "open_next_steps" in file:
        columns[t("open_steps")] = list(file["open_next_steps"])
    columns[t("completeness")] = list(file["completeness"])
    if "tier" in file:
        columns[t("tier")] = [acc_t(f"tier.{k}") if isinstance(k, str) else "" for k in file["tier"]]
        columns[t("abc")] = _text(file["abc"])
        columns[labels.column("net_sales", unit=True)] = list(file["sales"])
    return _frame(columns, kinds)


def weekly_table(weekly: pd.DataFrame) -> pd.DataFrame:
    """The weekly summary (周总结) per rep and week, derived from the daily log."""
    table = weekly.reset_index()
    columns = {}
    if "rep" in table:
        columns[labels.column("rep")] = list(table["rep"])
    columns[t("week")] = list(table["week"])
    names = {"rows": "rows", "visits": "visits", "calls": "calls", "contacts": "contacts",
             "prospects": "prospects", "new_prospects": "new"}
    for key, label in names.items():
        columns[t(label)] = list(table[key])
    for stage in development.DEV_STAGES:
        columns[t("reached", stage=labels.choice("development_log", "stage", stage))] = list(
            table[f"reached_{stage}"])
    columns[t("needs")] = list(table["needs"])
    columns[t("sightings")] = list(table["sightings"])
    columns[t("no_next")] = list(table["no_next_action"])
    return _frame(columns, {k: ("date" if k == t("week") else "count") for k in columns
                            if k != labels.column("rep")})


def manager_table(view: pd.DataFrame) -> pd.DataFrame:
    return _frame({
        labels.column("rep"): list(view.index), t("visits"): list(view["visits"]),
        t("per_day"): list(view["visits_per_day"]), t("new"): list(view["new_prospects"]),
        t("reached", stage=labels.choice("development_log", "stage", "intent")): list(
            view["reached_intent"]),
        t("sightings"): list(view["sightings"]), t("no_next"): list(view["no_next_action"]),
        t("flags"): list(view["flags"]),
    }, {t("visits"): "count", t("per_day"): "number", t("new"): "count",
        t("sightings"): "count", t("no_next"): "count",
        t("reached", stage=labels.choice("development_log", "stage", "intent")): "count"})


def conversion_table(conversion: pd.DataFrame) -> pd.DataFrame:
    reached, rate = conversion["reached"], conversion["conversion"]
    columns = {labels.column("rep"): _text(reached.index)}
    kinds = {}
    for stage in development.DEV_STAGES:
        word = labels.choice("development_log", "stage", stage)
        columns[t("reached", stage=word)] = list(reached[stage])
        kinds[t("reached", stage=word)] = "count"
        if stage in rate:
            columns[t("conversion", stage=word)] = list(rate[stage])
            kinds[t("conversion", stage=word)] = "percent"
    return _frame(columns, kinds)


def strategy_view(suggested: list[str] | None = None) -> pd.DataFrame:
    """The three development strategies and when each fits (suggested ones first)."""
    table = development.strategy_table()
    keys = list(table.index)
    if suggested:
        keys = [k for k in suggested if k in keys] + [k for k in keys if k not in suggested]
    return _frame({t("strategy"): [table.loc[k, "strategy"] for k in keys],
                   t("fits"): [table.loc[k, "fits"] for k in keys]})


def suggestion_text(suggested: list[str]) -> str:
    return t("suggested", names=labels.word("list_sep").join(acc_t(f"strategy.{k}")
                                                             for k in suggested))


def competitor_text(check: development.CompetitorCheck) -> str:
    return t("competitor.missing", name=check.competitor, items=labels.word("list_sep").join(
        acc_t(f"competitor.{k}") for k in check.missing))


def competitor_table(check: development.CompetitorCheck) -> pd.DataFrame:
    """The competitor checklist: each item and what is known of it."""
    table = check.table()
    return _frame({t("item"): list(table["item"]), t("value"): list(table["answer"])})


def single_text(names: list[str]) -> str:
    return t("single.list", names=labels.word("list_sep").join(names) or "—")


def survey_table(survey) -> pd.DataFrame:
    """The satisfaction survey item by item (points add up to the index)."""
    items = survey.table()
    return _frame({t("item"): list(items["item"]), t("survey.score"): list(items["score"]),
                   t("survey.weight"): list(items["weight"]),
                   t("survey.points"): list(items["points"])},
                  {t("survey.score"): "count", t("survey.weight"): "number",
                   t("survey.points"): "number"})


def survey_text(survey) -> str:
    band = acc_t(f"survey.{survey.band}") if survey.band != "n/a" else fmt.NA
    return t("survey.index", index=fmt.number(survey.index, 1), band=band)


def portrait_rows(p: Portrait) -> pd.DataFrame:
    """The portrait as item / value rows (one page), each value already in words."""
    rows: list[tuple[str, str]] = []
    if fmt.is_missing(p.sales):
        rows.append((t("p.size"), t("p.no_sales")))
    else:
        rows += [(t("p.size"), fmt.amount(p.sales)), (t("p.share"), fmt.percent(p.share)),
                 (t("p.growth"), fmt.percent(p.yoy, sign=True))]
        if len(p.mix):
            mix = labels.word("list_sep").join(f"{k} {fmt.percent(v)}" for k, v in p.mix.items())
            rows.append((t("p.mix", by=labels.column(p.mix_by, form="plural")), mix))
        rows += [(t("p.pattern"), t("p.months", n=p.buying_months, of=p.window_months)),
                 (t("p.average"), fmt.amount(p.average_month)), (t("p.peak"), p.peak_month),
                 (t("p.regularity"), fmt.percent(p.regularity))]
    if p.tier:
        rows.append((t("p.value"), " / ".join([acc_t(f"tier.{p.tier}"), p.abc or "-",
                                               fmt.number(p.value, 0)])))
    rows.append((t("p.people"), fmt.count(p.people)))
    if p.top:
        rows.append((t("p.top"), p.top))
    return _frame({t("item"): [r[0] for r in rows], t("value"): [r[1] for r in rows]})


def decision_table(p: Portrait) -> pd.DataFrame:
    """The decision process: each person's role, attitude, stage, style and pain."""
    d = p.decision
    if d.empty:
        return _frame({labels.column("name"): []})

    def col(name):
        return d[name] if name in d else pd.Series(pd.NA, index=d.index)

    c = labels.column
    return _frame({
        c("name"): list(d["name"]), c("title"): _text(col("title")),
        c("role"): _word("contacts", "role", col("role")),
        c("attitude"): _word("contacts", "attitude", col("attitude")),
        c("influence"): list(col("influence")), c("stage"): _word("contacts", "stage", col("stage")),
        c("style"): _word("contacts", "style", col("style")), c("pain"): _text(col("pain")),
    }, {c("influence"): "count"}, internal=tuple(c(k) for k in (
        "role", "attitude", "influence", "stage", "style", "pain")))


def portrait_html(p: Portrait) -> str:
    """The portrait on one page for a notebook or the app."""
    head = escape(t("p.title", name=f"{p.customer_id} {p.name}".strip()))
    items = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{escape(k)}</th>"
                    f"<td>{escape(str(v))}</td></tr>"
                    for k, v in portrait_rows(p).itertuples(index=False))
    decision = decision_table(p)
    body = show(decision).to_html() if len(decision) else ""
    return (f"<h4>{head}</h4><table>{items}</table>"
            f"<p><b>{escape(t('p.decision'))}</b></p>{body}")


__all__ = ["alerts_table", "care_table", "competitor_table", "competitor_text", "conversion_table", "coverage_table",
           "decision_table", "file_table", "health_table", "manager_table", "part_rules",
           "people_table", "portrait_html", "portrait_rows", "rules_table", "show", "single_text",
           "strategy_view", "suggestion_text", "survey_table", "survey_text", "weekly_table",
           "weights_caption"]
