"""The cohort dashboard: one self-contained HTML page (plus CSV and xlsx) with
a row per trainee — each stage's status and key results, the data problems
in their file, links to their outputs — and charts side by side.

Results are read from what the notebooks recorded (kit.record): each stage's headline
numbers (:data:`METRICS`, labelled in the kit language with their units) and the score
of every exercise question (:mod:`kit.questions`), one column per question.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import PercentFormatter

from kit import charts, fmt, i18n, labels, questions
from kit.cohort import TraineeResult, records
from kit.data import DataError, load
from kit.exercises import RECORD_PREFIX
from kit.export.document import Document, Section, Table
from kit.export.files import csv_text
from kit.export.xlsx import write_xlsx
from kit.style import DOWN, UP

t = i18n.catalogue(
    "dashboard",
    {
        "title": {"zh": "学员数据总览 (Cohort dashboard)", "en": "Cohort dashboard"},
        "summary": {
            "zh": "{n} 位学员 · {ok} 位全部完成 · {failed} 位有阶段失败",
            "en": "{n} trainees · {ok} complete · {failed} with a failed stage",
        },
        "trainee": {"zh": "学员", "en": "Trainee"},
        "file": {"zh": "数据文件", "en": "Data file"},
        "stage": {"zh": "阶段 {n}", "en": "Stage {n}"},
        "rows": {"zh": "接受行数", "en": "Rows accepted"},
        "rejected": {"zh": "拒绝行数", "en": "Rows rejected"},
        "problems": {"zh": "数据问题", "en": "Data problems"},
        "done": {"zh": "✓ 完成", "en": "✓ done"},
        "skipped": {"zh": "✓ 已完成（沿用）", "en": "✓ done (earlier run)"},
        "failed": {"zh": "✗ 失败", "en": "✗ failed"},
        "missing": {"zh": "—", "en": "—"},
        "failures": {"zh": "失败的阶段", "en": "Failed stages"},
        "failure": {
            "zh": "{trainee}：阶段 {stage}，第 {cell} 个代码格出错 {name}：{message}",
            "en": "{trainee}: stage {stage}, code cell {cell} raised {name}: {message}",
        },
        "failure.stage": {
            "zh": "{trainee}：阶段 {stage} 出错 {name}：{message}",
            "en": "{trainee}: stage {stage} failed with {name}: {message}",
        },
        "failure.timeout": {
            "zh": "{trainee}：阶段 {stage}，第 {cell} 个代码格运行超时（{message}），已停止",
            "en": "{trainee}: stage {stage}, code cell {cell} timed out ({message}) and was stopped",
        },
        "failure.dead_kernel": {
            "zh": "{trainee}：阶段 {stage}，第 {cell} 个代码格运行时内核意外退出（{name}）",
            "en": "{trainee}: stage {stage}, the kernel died while running code cell {cell} ({name})",
        },
        "partial": {"zh": "打开未完成的笔记本", "en": "open the partial notebook"},
        "outputs": {"zh": "输出", "en": "Outputs"},
        "charts": {"zh": "学员对比", "en": "Side by side"},
        "unreadable": {"zh": "文件无法读取：{message}", "en": "The file cannot be read: {message}"},
        "more": {"zh": "……另有 {n} 个问题", "en": "… and {n} more"},
        "exercise": {"zh": "练习：{title}", "en": "Exercise: {title}"},
        "metric.review.actual": {"zh": "复盘：本期销售额", "en": "Review: net sales"},
        "metric.review.achievement": {"zh": "复盘：达成率", "en": "Review: achievement"},
        "metric.review.yoy": {"zh": "复盘：同比", "en": "Review: YoY"},
        "metric.review.largest_step": {"zh": "复盘：变化最大的桥因素", "en": "Review: largest bridge step"},
        "metric.review.largest_value": {"zh": "复盘：该因素的金额", "en": "Review: that step's amount"},
        "metric.goals.last_12": {"zh": "目标：近12个月实际", "en": "Goals: last 12 months"},
        "metric.goals.top_down": {"zh": "目标：自上而下", "en": "Goals: top-down"},
        "metric.goals.bottom_up": {"zh": "目标：自下而上", "en": "Goals: bottom-up"},
        "metric.goals.gap": {"zh": "目标：缺口", "en": "Goals: gap"},
        "metric.goals.gap_share": {"zh": "目标：缺口占自上而下目标", "en": "Goals: gap share of top-down"},
        "metric.jbp.customer": {"zh": "JBP：客户", "en": "JBP: customer"},
        "metric.jbp.next_target": {"zh": "JBP：下期目标", "en": "JBP: next target"},
        "metric.jbp.net_margin": {"zh": "JBP：经销商净利率", "en": "JBP: distributor net margin"},
        "metric.jbp.roi": {"zh": "JBP：经销商 ROI", "en": "JBP: distributor ROI"},
        "metric.pen.base_sales": {"zh": "渗透：今天的销售额", "en": "Penetration: sales today"},
        "metric.pen.scenario_sales": {"zh": "渗透：情景销售额", "en": "Penetration: scenario sales"},
        "metric.pen.targets": {"zh": "渗透：目标名单条数", "en": "Penetration: target list lines"},
        "metric.pen.forecast": {"zh": "渗透：管道加权预测", "en": "Penetration: weighted pipeline"},
        "metric.acc.account": {"zh": "大客户：重点看的客户", "en": "Key accounts: account in focus"},
        "metric.acc.health": {"zh": "大客户：健康度", "en": "Key accounts: health score"},
        "metric.acc.coverage": {"zh": "大客户：关系覆盖", "en": "Key accounts: relationship coverage"},
        "metric.acc.alerts": {"zh": "大客户：风险预警条数", "en": "Key accounts: alerts"},
    },
)


@dataclass(frozen=True)
class Metric:
    """A dashboard column: where its value is recorded (``name.field`` of kit.record) and
    the kind of value (:data:`kit.fmt.KINDS`)."""

    key: str
    source: str
    kind: str

    @property
    def label(self) -> str:
        text = t(f"metric.{self.key}")
        return labels.with_unit(text) if self.kind == "money" else text


#: The headline of every stage, in this order; shown and charted when recorded.
METRICS = (
    Metric("review.actual", "review/total.actual", "money"),
    Metric("review.achievement", "review/total.achievement", "percent"),
    Metric("review.yoy", "review/total.yoy", "percent"),
    Metric("review.largest_step", "review/bridge:largest_step", "text"),
    Metric("review.largest_value", "review/bridge:largest_value", "money"),
    Metric("goals.last_12", "goals/start.last_12", "money"),
    Metric("goals.top_down", "goals/setting.top_down", "money"),
    Metric("goals.bottom_up", "goals/setting.bottom_up", "money"),
    Metric("goals.gap", "goals/setting.gap", "money"),
    Metric("goals.gap_share", "goals/setting.gap_share", "percent"),
    Metric("jbp.customer", "jbp/customer.customer", "text"),
    Metric("jbp.next_target", "jbp/next_target.value", "money"),
    Metric("jbp.net_margin", "jbp/economics.net_margin_pct", "percent"),
    Metric("jbp.roi", "jbp/economics.roi", "percent"),
    Metric("pen.base_sales", "pen/scenario.base_sales", "money"),
    Metric("pen.scenario_sales", "pen/scenario.sales", "money"),
    Metric("pen.targets", "pen/targets", "count"),
    Metric("pen.forecast", "pen/pipeline.forecast", "money"),
    Metric("acc.account", "acc/summary.account", "text"),
    Metric("acc.health", "acc/summary.health", "number"),
    Metric("acc.coverage", "acc/summary.coverage", "number"),
    Metric("acc.alerts", "acc/summary.alerts", "count"),
)
CHARTED = ("review.actual", "review.yoy", "goals.last_12", "goals.top_down", "goals.gap", "acc.health",
           "acc.coverage")
MAX_PROBLEMS = 3


def largest_step(parts: dict[str, float]) -> tuple[str | None, float | None]:
    """The bridge step that moved sales most (by size, either way) and its amount:
    ``{"volume": 60, "price": -90}`` -> ``("price", -90)``."""
    steps = {k: float(v) for k, v in parts.items() if isinstance(v, (int, float))}
    if not steps:
        return None, None
    name = max(steps, key=lambda k: abs(steps[k]))
    return name, steps[name]


def _recorded(found: dict[str, object], source: str) -> object:
    name, _, field = source.partition(".")
    if ":" in source:  # a value worked out from a record (the largest bridge step)
        name, derived = source.split(":")
        parts = found.get(name)
        if not isinstance(parts, dict):
            return None
        step, value = largest_step(parts)
        return (labels.step(step) if step else None) if derived == "largest_step" else value
    value = found.get(name)
    if isinstance(value, dict) and "records" in value and len(value["records"]) == 1:
        value = value["records"][0]
    if field:
        value = value.get(field) if isinstance(value, dict) else None
    return value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None


def flatten(stage_records: dict[int, dict]) -> dict[str, object]:
    """The declared metrics and each question's score, by column label (in the kit
    language), from every stage's records."""
    found = {name: value for recorded in stage_records.values() for name, value in recorded.items()}
    out: dict[str, object] = {}
    for metric in METRICS:
        value = _recorded(found, metric.source)
        if value is not None:
            out[metric.label] = value
    for question_id in questions.TITLES:
        score = found.get(f"{RECORD_PREFIX}{question_id}")
        if isinstance(score, dict) and "score" in score:
            out[t("exercise", title=questions.title(question_id))] = score["score"]
    return out


def data_quality(path: str | os.PathLike[str]) -> dict[str, object]:
    """Rows accepted and rejected, and the first problems, as the loader reports them."""
    try:
        report = load(path, errors="report").report
    except DataError as error:
        return {"rows": 0, "rejected": None, "problems": t("unreadable", message=error)}
    problems = [str(p) for p in report.problems[:MAX_PROBLEMS]]
    if len(report.problems) > MAX_PROBLEMS:
        problems.append(t("more", n=len(report.problems) - MAX_PROBLEMS))
    return {"rows": report.rows_accepted, "rejected": len(report.rejected_rows),
            "problems": "\n".join(problems)}


def summary_table(results: list[TraineeResult], out: Path) -> pd.DataFrame:
    """One row per trainee: stage statuses, data quality and the recorded results."""
    numbers = sorted({s.stage for r in results for s in r.stages})
    rows = []
    for r in results:
        quality = data_quality(r.data)
        status = {s.stage: t(s.status) for s in r.stages}
        row = {t("trainee"): r.trainee, t("file"): Path(r.data).name}
        row |= {t("stage", n=n): status.get(n, t("missing")) for n in numbers}
        row |= {t("rows"): quality["rows"], t("rejected"): quality["rejected"],
                t("problems"): quality["problems"]}
        row |= flatten(records(Path(out) / r.folder))
        rows.append(row)
    frame = pd.DataFrame(rows)
    kinds = column_kinds()
    fixed = [c for c in frame.columns if c not in kinds]
    return frame[fixed + [c for c in kinds if c in frame]]


def column_kinds() -> dict[str, str]:
    """Every result column the dashboard can show, in order, with the kind of its values."""
    kinds = {m.label: m.kind for m in METRICS}
    kinds |= {t("exercise", title=questions.title(q)): "number" for q in questions.TITLES}
    return kinds


def _chart(frame: pd.DataFrame) -> str:
    charted = [m for m in METRICS if m.key in CHARTED]
    metrics = [m for m in charted if m.label in frame and frame[m.label].notna().any()]
    if not metrics:
        return ""
    names = frame[t("trainee")].astype(str)
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 0.45 * len(frame) + 1.5),
                             sharey=True, layout="constrained")
    for ax, metric in zip(axes if len(metrics) > 1 else [axes], metrics, strict=True):
        values = pd.to_numeric(frame[metric.label], errors="coerce")
        ax.barh(names, values.fillna(0), color=[UP if v >= 0 else DOWN for v in values.fillna(0)])
        ax.set_title(metric.label, fontsize=9)
        if metric.kind == "percent":
            ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        elif metric.kind == "money":
            charts.money_axis(ax, axis="x", label="")
        ax.tick_params(labelsize=8)
        ax.invert_yaxis()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(t("charts"))}" src="data:image/png;base64,{data}">'


def _cell(kind: str | None, value: object) -> str:
    text = "" if fmt.is_missing(value) else fmt.value(value, kind if kind else "text")
    return html.escape(text).replace("\n", "<br>")


def href(*parts: str) -> str:
    """A relative link to a trainee's file: each part URL-encoded (李娜#2 must
    not end at the #), then escaped for the attribute."""
    return html.escape("/".join(quote(part, safe="") for part in parts))


def failure_text(trainee: str, stage) -> str:
    """One failed stage as a sentence: where it stopped and why."""
    error = {"cell": None, "name": "", "message": "", **(stage.error or {})}
    kind = error.get("kind", "error")
    key = "failure.stage" if error["cell"] is None else {
        "timeout": "failure.timeout", "dead_kernel": "failure.dead_kernel"}.get(kind, "failure")
    fields = {k: error[k] for k in ("cell", "name", "message")}
    return t(key, trainee=trainee, stage=stage.stage, **fields)


def render(results: list[TraineeResult], out: Path, frame: pd.DataFrame | None = None) -> str:
    """The dashboard page (inline CSS and images: opens offline, from anywhere).
    `frame`: the :func:`summary_table`, when the caller has it already."""
    frame = summary_table(results, out) if frame is None else frame
    failed = [r for r in results if not r.ok]
    kinds = column_kinds()
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    head += f"<th>{html.escape(t('outputs'))}</th>"
    body = []
    for r, (_, row) in zip(results, frame.iterrows(), strict=True):
        links = " ".join(f'<a href="{href(r.folder, s.notebook[:-6] + ".html")}">'
                         f"{s.stage}</a>" for s in r.stages if s.status != "failed")
        cells = "".join(f"<td>{_cell(kinds.get(c), v)}</td>" for c, v in row.items())
        body.append(f'<tr class="{"bad" if not r.ok else ""}">{cells}<td>{links}</td></tr>')
    failures = "".join(
        f"<li>{html.escape(failure_text(r.trainee, s))} "
        f'<a href="{href(r.folder, s.notebook)}">{html.escape(t("partial"))}</a></li>'
        for r in failed for s in r.stages if s.status == "failed")
    lang = "zh-CN" if i18n.get_lang() == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(t("title"))}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; }}
th {{ background: #f3f4f6; }} tr.bad td {{ background: #fdecea; }}
</style></head><body>
<h1>{html.escape(t("title"))}</h1>
<p>{html.escape(t("summary", n=len(results), ok=len(results) - len(failed), failed=len(failed)))}</p>
{f"<h2>{html.escape(t('failures'))}</h2><ul>{failures}</ul>" if failures else ""}
<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>
<h2>{html.escape(t("charts"))}</h2>{_chart(frame)}
</body></html>
"""


def write(results: list[TraineeResult], out: Path) -> dict[str, Path]:
    """dashboard.html, summary.csv and summary.xlsx in `out` (regenerated each run)."""
    out = Path(out)
    table = summary_table(results, out)  # reads every trainee's file and notebooks: once
    paths = {"html": out / "dashboard.html", "csv": out / "summary.csv", "xlsx": out / "summary.xlsx"}
    paths["html"].write_text(render(results, out, table), encoding="utf-8")
    # A trainee's name or a file's text could start with "=": written as text, never a formula.
    rows = [list(table.columns)] + [[None if fmt.is_missing(v) else v for v in row]
                                    for row in table.itertuples(index=False)]
    paths["csv"].write_text(csv_text(rows), encoding="utf-8")
    kinds = column_kinds()
    sheet = Table.from_frame(table, {c: kinds.get(c, "text") for c in table.columns})
    doc = Document("dashboard", t("title"), sections=[Section("summary", t("title"), [sheet])])
    write_xlsx(doc, paths["xlsx"], overwrite=True)
    return paths
