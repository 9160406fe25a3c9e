"""The cohort dashboard: one self-contained HTML page (plus CSV and xlsx) with
a row per trainee — each stage's status and key results, the data problems
in their file, links to their outputs — and charts side by side.

Results are read from what the notebooks recorded (kit.record); a new stage's
records show up as new columns without any change here.
"""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import PercentFormatter

from kit import charts, i18n
from kit.cohort import TraineeResult, records
from kit.data import DataError, load

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
        "partial": {"zh": "打开未完成的笔记本", "en": "open the partial notebook"},
        "outputs": {"zh": "输出", "en": "Outputs"},
        "charts": {"zh": "学员对比", "en": "Side by side"},
        "unreadable": {"zh": "文件无法读取：{message}", "en": "The file cannot be read: {message}"},
        "more": {"zh": "……另有 {n} 个问题", "en": "… and {n} more"},
        "metric.review/total.actual": {"zh": "复盘：本期销售额", "en": "Review: net sales"},
        "metric.review/total.achievement": {"zh": "复盘：达成率", "en": "Review: achievement"},
        "metric.review/total.yoy": {"zh": "复盘：同比", "en": "Review: YoY"},
        "metric.goals/setting.top_down": {"zh": "目标：自上而下", "en": "Goals: top-down"},
        "metric.goals/setting.bottom_up": {"zh": "目标：自下而上", "en": "Goals: bottom-up"},
        "metric.goals/setting.gap": {"zh": "目标：缺口", "en": "Goals: gap"},
        "metric.goals/start.last_12": {"zh": "目标：近12个月实际", "en": "Goals: last 12 months"},
    },
)
_CATALOGUE = i18n.registry()["dashboard"]
#: Shown first and charted when present; every other recorded number follows.
KEY_METRICS = ("review/total.actual", "review/total.achievement", "review/total.yoy",
               "goals/start.last_12", "goals/setting.top_down", "goals/setting.gap")
RATIO_HINTS = ("achievement", "yoy", "share", "ratio", "rate", "penetration", "nd", "wd")
MAX_PROBLEMS = 3
MAX_FIELDS = 8  # a longer record (a monthly series, a table) is detail, not a headline


def metric_label(name: str) -> str:
    return t(f"metric.{name}") if f"metric.{name}" in _CATALOGUE else name


def flatten(stage_records: dict[int, dict]) -> dict[str, object]:
    """Scalar results from every stage's records: numbers and texts as they are,
    a dict's fields as ``name.field``, a one-row table's columns likewise."""
    out: dict[str, object] = {}
    for recorded in stage_records.values():
        for name, value in recorded.items():
            if name.startswith("exercise/"):
                continue
            if isinstance(value, dict) and "records" in value and len(value["records"]) == 1:
                value = value["records"][0]
            if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                out[name] = value
            elif isinstance(value, dict) and len(value) <= MAX_FIELDS:
                out |= {f"{name}.{k}": v for k, v in value.items()
                        if isinstance(v, (int, float)) and not isinstance(v, bool)}
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
    fixed = [c for c in frame.columns if c not in _metric_columns(frame)]
    metrics = [m for m in KEY_METRICS if m in frame] + sorted(
        c for c in _metric_columns(frame) if c not in KEY_METRICS)
    return frame[fixed + metrics]


def _metric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if "/" in c]


def _is_ratio(column: str) -> bool:
    return any(h in column.rsplit(".", 1)[-1] for h in RATIO_HINTS)


def _chart(frame: pd.DataFrame) -> str:
    metrics = [m for m in KEY_METRICS if m in frame and frame[m].notna().any()]
    if not metrics:
        return ""
    names = frame[t("trainee")].astype(str)
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 0.45 * len(frame) + 1.5),
                             sharey=True, layout="constrained")
    for ax, metric in zip(axes if len(metrics) > 1 else [axes], metrics, strict=True):
        values = pd.to_numeric(frame[metric], errors="coerce")
        ax.barh(names, values.fillna(0), color=[charts.UP if v >= 0 else charts.DOWN
                                                for v in values.fillna(0)])
        ax.set_title(metric_label(metric), fontsize=9)
        if _is_ratio(metric):
            ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        else:
            charts.money_axis(ax, axis="x", label="")
        ax.tick_params(labelsize=8)
        ax.invert_yaxis()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(t("charts"))}" src="data:image/png;base64,{data}">'


def _cell(column: str, value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.1%}" if _is_ratio(column) and abs(value) < 10 else f"{value:,.0f}"
    return html.escape(str(value)).replace("\n", "<br>")


def render(results: list[TraineeResult], out: Path, frame: pd.DataFrame | None = None) -> str:
    """The dashboard page (inline CSS and images: opens offline, from anywhere).
    `frame`: the :func:`summary_table`, when the caller has it already."""
    frame = summary_table(results, out) if frame is None else frame
    failed = [r for r in results if not r.ok]
    head = "".join(f"<th>{html.escape(metric_label(c))}</th>" for c in frame.columns)
    head += f"<th>{html.escape(t('outputs'))}</th>"
    body = []
    for r, (_, row) in zip(results, frame.iterrows(), strict=True):
        links = " ".join(f'<a href="{html.escape(r.folder)}/{html.escape(s.notebook[:-6])}.html">'
                         f"{s.stage}</a>" for s in r.stages if s.status != "failed")
        cells = "".join(f"<td>{_cell(c, v)}</td>" for c, v in row.items())
        body.append(f'<tr class="{"bad" if not r.ok else ""}">{cells}<td>{links}</td></tr>')
    failures = "".join(
        f"<li>{html.escape(t('failure', trainee=r.trainee, stage=s.stage, **s.error))} "
        f'<a href="{html.escape(r.folder)}/{html.escape(s.notebook)}">{html.escape(t("partial"))}</a></li>'
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
    frame = table.rename(columns=metric_label)
    paths = {"html": out / "dashboard.html", "csv": out / "summary.csv", "xlsx": out / "summary.xlsx"}
    paths["html"].write_text(render(results, out, table), encoding="utf-8")
    frame.to_csv(paths["csv"], index=False, encoding="utf-8-sig")  # BOM: Excel opens it as UTF-8
    frame.to_excel(paths["xlsx"], index=False)
    return paths
