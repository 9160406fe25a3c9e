"""The stage-1 WCC-DAR report as one self-contained HTML file and one Excel workbook.

Exports never overwrite silently: an existing file is kept and the export goes
to ``name (2).html`` and so on (:func:`kit.workspace.safe_export_path`) unless
``overwrite=True``. Each file is written to a temporary file in the same folder
and moved into place with ``os.replace``, so a crash never leaves half a file.
"""

from __future__ import annotations

import base64
import contextlib
import html
import importlib
import io
import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kit import i18n
from kit.insights import PROBLEM_KINDS, factor_name, pct
from kit.report import SECTIONS, WccDarReport, section_title
from kit.report import t as report_t
from kit.workspace import file_mode, safe_export_path

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MONEY_COLUMNS = ("actual", "target", "last_year", "previous", "change")
RATIO_COLUMNS = ("achievement", "yoy", "mom", "share", "contribution")
SCORECARD_COLUMNS = ("actual", "target", "achievement", "last_year", "yoy", "previous", "mom",
                     "change", "share", "contribution", "rag")
PERCENT_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
_FACTOR_FORMATS = {"universe": "#,##0", "numeric_distribution": PERCENT_FORMAT,
                   "skus_per_outlet": "#,##0.00", "units_per_sku": "#,##0.00",
                   "avg_price": MONEY_FORMAT}
_MONEY, _PERCENT = MONEY_FORMAT, PERCENT_FORMAT
_EVIDENCE_FORMATS = {  # by the last part of an evidence name (funnel factors: _FACTOR_FORMATS)
    **dict.fromkeys(("actual", "target", "last_year", "change", "gap", "base_sales",
                     "current_sales", "base", "current", "volume", "price", "mix", "new", "lost",
                     "other", "top_value", "total_value", "expected"), _MONEY),
    **dict.fromkeys(("achievement", "yoy", "contribution", "driver_share", "change_pct",
                     "units_pct", "price_offset", "top_share", "top1_share", "class_a_share",
                     "deviation"), _PERCENT),
    **dict.fromkeys(("rank", "segments", "class_a_count", "units_base", "units_current"), "#,##0"),
    "score": "0.0",
}

t = i18n.catalogue(
    "export",
    {
        "subject": {"zh": "主题", "en": "Subject"},
        "period": {"zh": "期间", "en": "Period"},
        "to_fill": {"zh": "待填写", "en": "To fill in"},
        "cards": {"zh": "洞察卡片", "en": "Insight cards"},
        "tables": {"zh": "数据表", "en": "Tables"},
        "figures": {"zh": "图表", "en": "Charts"},
        "scorecard": {"zh": "记分卡", "en": "Scorecard"},
        "bridge": {"zh": "价格/销量/结构桥", "en": "Price / volume / mix bridge"},
        "funnel": {"zh": "五维漏斗", "en": "Five-factor funnel"},
        "no_funnel": {"zh": "没有终端数据，没有五维漏斗。", "en": "No outlet data, so no funnel."},
        "money_note": {"zh": "金额单位：元；n/a 表示无法计算", "en": "Money in CNY; n/a: cannot be computed"},
        "sheet.report": {"zh": "报告", "en": "Report"},
        "sheet.scorecard": {"zh": "记分卡", "en": "Scorecard"},
        "sheet.bridge": {"zh": "价格销量结构桥", "en": "Bridge"},
        "sheet.funnel": {"zh": "五维漏斗", "en": "Funnel"},
        "sheet.cards": {"zh": "洞察卡片", "en": "Cards"},
        "sheet.evidence": {"zh": "依据", "en": "Evidence"},
        "sheet.actions": {"zh": "行动", "en": "Actions"},
        "col.section": {"zh": "部分", "en": "Section"},
        "col.content": {"zh": "内容", "en": "Content"},
        "col.no": {"zh": "序号", "en": "No."},
        "col.what": {"zh": "做什么", "en": "What"},
        "col.owner": {"zh": "负责人", "en": "Owner"},
        "col.due": {"zh": "完成日期", "en": "Due"},
        "col.kind": {"zh": "类型", "en": "Kind"},
        "col.subject": {"zh": "对象", "en": "Subject"},
        "col.headline": {"zh": "一句话", "en": "Headline"},
        "col.understanding": {"zh": "理解", "en": "Understanding"},
        "col.insight": {"zh": "洞察", "en": "Insight"},
        "col.action": {"zh": "行动提示", "en": "Action prompt"},
        "col.severity": {"zh": "重要度（占去年销售额）", "en": "Severity (share of last year's sales)"},
        "col.card": {"zh": "卡片", "en": "Card"},
        "col.name": {"zh": "指标", "en": "Measure"},
        "col.value": {"zh": "数值", "en": "Value"},
        "col.step": {"zh": "步骤", "en": "Step"},
        "col.amount": {"zh": "金额（元）", "en": "Amount (CNY)"},
        "col.factor": {"zh": "因素", "en": "Factor"},
        "col.base": {"zh": "去年同期", "en": "Last year"},
        "col.current": {"zh": "本期", "en": "Current"},
        "col.growth": {"zh": "变化率", "en": "Growth"},
        "col.contribution_cny": {"zh": "贡献（元）", "en": "Contribution (CNY)"},
        "kind.miss_target": {"zh": "未达目标", "en": "Missed target"},
        "kind.decline_driver": {"zh": "下滑", "en": "Decline"},
        "kind.price_masks_volume": {"zh": "涨价掩盖销量下滑", "en": "Price hides volume loss"},
        "kind.growth_driver": {"zh": "增长来源", "en": "Growth driver"},
        "kind.concentration": {"zh": "集中度", "en": "Concentration"},
        "kind.anomaly": {"zh": "异常月份", "en": "Unusual month"},
        "no_actions": {"zh": "（还没有行动）", "en": "(no actions yet)"},
    },
)
_KEYS = i18n.registry()["export"]

CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
       "Helvetica Neue", Arial, sans-serif; color: #212121; margin: 0; background: #f6f7f9; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
.meta { color: #555555; margin-top: 0; }
.prompt { color: #666666; font-style: italic; background: #fff8e1; border-left: 4px solid #f9a825;
          padding: 6px 10px; }
.prompt strong { font-style: normal; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
th, td { border: 1px solid #d0d4da; padding: 3px 8px; }
th { background: #eef2f7; }
.card { border: 1px solid #d0d4da; border-left: 5px solid #1f5fa8; padding: 8px 12px; margin: 10px 0; }
.card.problem { border-left-color: #c62828; }
.card .headline { font-weight: bold; margin: 0 0 4px; }
.card p { margin: 2px 0; }
.label { font-weight: bold; color: #1f5fa8; }
figure { margin: 12px 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #555555; font-size: 0.9em; }
.note { color: #666666; font-size: 0.85em; }
@media print { body { background: #ffffff; } main { padding: 0; } }
"""


# ------------------------------------------------------------------ writing safely


def _write_atomic(path: str | os.PathLike[str], overwrite: bool,
                  write: Callable[[Path], None]) -> Path:
    """Write through a temporary file beside the target, then move it into place."""
    target = safe_export_path(path, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, file_mode())  # mkstemp makes it owner-only
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target



# ------------------------------------------------------------------ labels and formats


def _label(prefix: str, key: object) -> str:
    """A label from this module's catalogue, else the charts' (scorecard columns,
    RAG status and bridge steps are named once, there)."""
    from kit import charts

    name = f"{prefix}.{key}"
    if name in _KEYS:
        return t(name)
    return charts.t(name) if name in charts._CATALOGUE else str(key)


def _yuan(value: object) -> str:
    return "n/a" if pd.isna(value) else f"{value:,.0f}".replace("-", "\u2212")


def _factor_value(factor: str, value: float) -> str:
    if pd.isna(value):
        return "n/a"
    if factor == "numeric_distribution":
        return pct(value)
    if factor == "universe":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _dimension_label(name: object) -> str:
    return "" if name is None else _label("dim", name)  # named once, in kit.charts


def scorecard_view(table: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as text for a plain HTML table: money in yuan, ratios in %."""
    out = pd.DataFrame(index=table.index.astype(str))
    for column in table.columns:
        values = table[column]
        if column in MONEY_COLUMNS:
            out[column] = [_yuan(v) for v in values]
        elif column in RATIO_COLUMNS:
            out[column] = [pct(v) for v in values]
        elif column == "rag":
            out[column] = [_label("rag", v) for v in values]
        else:
            out[column] = values.astype(str).to_numpy()
    if "mom" in out and table["mom"].isna().all():  # YTD has no 环比
        out = out.drop(columns=[c for c in ("previous", "mom") if c in out])
    out.columns = [_label("col", c) for c in out.columns]
    out.index.name = _dimension_label(table.index.name)
    return out


def bridge_view(steps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({t("col.step"): [_label("step", s) for s in steps["step"]],
                         t("col.amount"): [_yuan(v) for v in steps["value"]]})


def funnel_view(table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for factor, row in table.iterrows():
        rows.append({t("col.factor"): factor_name(str(factor)),
                     t("col.base"): _factor_value(str(factor), row["base"]),
                     t("col.current"): _factor_value(str(factor), row["current"]),
                     t("col.growth"): pct(row["growth"], sign=True),
                     t("col.contribution_cny"): _yuan(row["contribution"])})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ HTML


def _paragraphs(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _prompt(text: str) -> str:
    return f'<p class="prompt"><strong>{html.escape(t("to_fill"))}：</strong>{html.escape(text)}</p>'


def _table_html(frame: pd.DataFrame, index: bool = True) -> str:
    return frame.to_html(index=index, escape=True, na_rep="n/a", border=0)


def _scorecard_html(table: pd.DataFrame) -> str:
    """kit.charts.scorecard_table's Styler when the kit has it, a plain formatted table otherwise."""
    charts = importlib.import_module("kit.charts")
    styled = getattr(charts, "scorecard_table", None)
    if styled is not None:
        return styled(table).to_html()
    return _table_html(scorecard_view(table)) + f'<p class="note">{html.escape(t("money_note"))}</p>'


def _figure_html(title: str, figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    name = html.escape(str(title))
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{name}">'
            f"<figcaption>{name}</figcaption></figure>")


def _section_html(report: WccDarReport, name: str, number: int) -> str:
    heading = f"<h2>{number}. {html.escape(section_title(name))}</h2>"
    prompt = (report.prompts or {}).get(name, "")
    if name == "action":
        items = list(report.action or [])
        if not items:
            body = _prompt(prompt) if prompt else f"<p>{html.escape(t('no_actions'))}</p>"
        else:
            body = _table_html(_actions_frame(items), index=False)
    elif name == "result":
        results = [r for r in (report.result or []) if str(r).strip()]
        body = ("<ul>" + "".join(f"<li>{html.escape(str(r))}</li>" for r in results) + "</ul>"
                if results else _prompt(prompt))
    else:
        text = getattr(report, name) or ""
        body = _paragraphs(text) if text.strip() else _prompt(prompt)
    return f'<section id="{name}">{heading}\n{body}</section>'


def _actions_frame(items) -> pd.DataFrame:
    rows = []
    for n, item in enumerate(items, start=1):
        due = _get(item, "due")
        rows.append({t("col.no"): n, t("col.what"): _get(item, "what") or "",
                     t("col.owner"): _get(item, "owner") or "",
                     t("col.due"): due.isoformat() if isinstance(due, date) else (due or "")})
    return pd.DataFrame(rows)


def _get(item: object, name: str) -> object:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _card_html(card) -> str:
    problem = " problem" if card.kind in PROBLEM_KINDS else ""
    rows = [f'<p class="headline">{html.escape(card.headline)}</p>']
    for key, text in (("understanding", card.understanding), ("insight", card.insight),
                      ("action", card.action)):
        rows.append(f'<p><span class="label">{html.escape(t(f"col.{key}"))}：</span>'
                    f"{html.escape(text)}</p>")
    return f'<div class="card{problem}" data-kind="{html.escape(card.kind)}">' + "".join(rows) + "</div>"


def render_html(report: WccDarReport, figures: Mapping[str, Figure] | None = None) -> str:
    """The report as one self-contained HTML document (inline CSS, images as data URIs)."""
    lang = "zh-CN" if i18n.get_lang() == "zh" else "en"
    title = report_t("title")
    meta = " · ".join(html.escape(x) for x in (report.subject, report.window_label) if x)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(' — '.join(x for x in (title, report.subject) if x))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{meta}</p>' if meta else "",
    ]
    parts += [_section_html(report, name, i) for i, name in enumerate(SECTIONS, start=1)]
    if report.cards:
        parts.append(f'<section id="cards"><h2>{html.escape(t("cards"))}</h2>')
        parts += [_card_html(card) for card in report.cards]
        parts.append("</section>")
    parts.append(f'<section id="tables"><h2>{html.escape(t("tables"))}</h2>')
    if report.scorecard is not None:
        parts.append(f"<h3>{html.escape(t('scorecard'))}</h3>{_scorecard_html(report.scorecard)}")
    if report.bridge is not None:
        parts.append(f"<h3>{html.escape(t('bridge'))}</h3>"
                     f"{_table_html(bridge_view(report.bridge), index=False)}")
    parts.append(f"<h3>{html.escape(t('funnel'))}</h3>")
    parts.append(_table_html(funnel_view(report.funnel), index=False) if report.funnel is not None
                 else f"<p>{html.escape(t('no_funnel'))}</p>")
    parts.append("</section>")
    if figures:
        parts.append(f'<section id="figures"><h2>{html.escape(t("figures"))}</h2>')
        parts += [_figure_html(name, fig) for name, fig in figures.items()]
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def report_html(report: WccDarReport, path: str | os.PathLike[str], *, overwrite: bool = False,
                figures: Mapping[str, Figure] | None = None) -> Path:
    """Write the report as one self-contained HTML file; returns the path written.

    An existing file is never replaced unless `overwrite`: the export then goes
    to ``name (2).html``. `figures`: titled matplotlib figures, embedded as PNG.
    """
    document = render_html(report, figures)  # everything rendered before touching the disk
    return _write_atomic(path, overwrite, lambda tmp: tmp.write_text(document, encoding="utf-8"))


# ------------------------------------------------------------------ Excel


def _number(value: object) -> object:
    """A cell value: numbers as numbers (numpy scalars unwrapped), n/a as an empty cell."""
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, date) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _sheet(workbook, title: str, header: list[str], rows: list[list[object]],
           formats: Mapping[int, str] | None = None, widths: list[float] | None = None,
           freeze: str = "A2", wrap: tuple[int, ...] = ()):
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_number(v) for v in row])
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    for column in wrap:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = freeze
    return sheet


def evidence_format(name: str) -> str | None:
    """The number format of an evidence value, from its name ("funnel.avg_price.base" ...)."""
    source, _, rest = name.partition(".")
    if source == "funnel" and rest.count(".") == 1:
        factor, column = rest.split(".")
        if column in ("growth", "contribution"):
            return _PERCENT if column == "growth" else _MONEY
        return _FACTOR_FORMATS.get(factor, "#,##0.00")
    return _EVIDENCE_FORMATS.get(rest.rsplit(".", 1)[-1])


def build_workbook(report: WccDarReport):
    """The report as an openpyxl Workbook (not yet saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)

    # the report: six sections
    rows: list[list[object]] = [[t("subject"), report.subject], [t("period"), report.window_label]]
    for i, name in enumerate(SECTIONS, start=1):
        rows.append([f"{i}. {section_title(name)}", _section_text(report, name)])
    sheet = _sheet(workbook, t("sheet.report"), [t("col.section"), t("col.content")], rows,
                   widths=[24, 110], wrap=(2,))
    for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")

    # scorecard
    if report.scorecard is not None:
        table = report.scorecard
        columns = [c for c in SCORECARD_COLUMNS if c in table]
        header = [_dimension_label(table.index.name) or "", *(_label("col", c) for c in columns)]
        body = [[str(key), *(_label("rag", row[c]) if c == "rag" else row[c] for c in columns)]
                for key, row in table.iterrows()]
        formats = {i: (MONEY_FORMAT if c in MONEY_COLUMNS else PERCENT_FORMAT)
                   for i, c in enumerate(columns, start=2) if c in MONEY_COLUMNS + RATIO_COLUMNS}
        _sheet(workbook, t("sheet.scorecard"), header, body, formats,
               widths=[14] + [15] * len(columns), freeze="B2")

    # bridge
    if report.bridge is not None:
        body = [[_label("step", s), v] for s, v in zip(report.bridge["step"], report.bridge["value"],
                                                       strict=True)]
        _sheet(workbook, t("sheet.bridge"), [t("col.step"), t("col.amount")], body,
               {2: MONEY_FORMAT}, widths=[16, 20])

    # funnel
    header = [t("col.factor"), t("col.base"), t("col.current"), t("col.growth"),
              t("col.contribution_cny")]
    sheet = _sheet(workbook, t("sheet.funnel"), header,
                   [] if report.funnel is None else
                   [[factor_name(str(f)), r["base"], r["current"], r["growth"], r["contribution"]]
                    for f, r in report.funnel.iterrows()],
                   {4: PERCENT_FORMAT, 5: MONEY_FORMAT}, widths=[22, 16, 16, 12, 20])
    if report.funnel is None:
        sheet.append([t("no_funnel")])
    else:
        for row_number, factor in enumerate(report.funnel.index, start=2):
            for column in (2, 3):
                sheet.cell(row_number, column).number_format = _FACTOR_FORMATS.get(str(factor),
                                                                                   "#,##0.00")

    # cards and their evidence
    header = [t("col.no"), t("col.kind"), t("col.subject"), t("col.headline"),
              t("col.understanding"), t("col.insight"), t("col.action"), t("col.severity")]
    body = [[n, _label("kind", c.kind), c.subject, c.headline, c.understanding, c.insight, c.action,
             c.severity] for n, c in enumerate(report.cards, start=1)]
    _sheet(workbook, t("sheet.cards"), header, body, {8: "0.00%"},
           widths=[6, 16, 12, 40, 50, 50, 50, 14], wrap=(4, 5, 6, 7))
    body = [[n, c.subject, name, value] for n, c in enumerate(report.cards, start=1)
            for name, value in c.evidence.items()]
    sheet = _sheet(workbook, t("sheet.evidence"),
                   [t("col.card"), t("col.subject"), t("col.name"), t("col.value")], body,
                   widths=[8, 12, 42, 20])
    for row_number, row in enumerate(body, start=2):
        number_format = evidence_format(row[2])
        if number_format:
            sheet.cell(row_number, 4).number_format = number_format

    # actions
    body = [[n, _get(a, "what") or "", _get(a, "owner") or "", _get(a, "due")]
            for n, a in enumerate(report.action or [], start=1)]
    _sheet(workbook, t("sheet.actions"),
           [t("col.no"), t("col.what"), t("col.owner"), t("col.due")], body, {4: DATE_FORMAT},
           widths=[6, 60, 16, 14], wrap=(2,))
    return workbook


def _section_text(report: WccDarReport, name: str) -> str:
    prompt = (report.prompts or {}).get(name, "")
    pending = f"（{t('to_fill')}）{prompt}" if i18n.get_lang() == "zh" else f"({t('to_fill')}) {prompt}"
    if name == "action":
        items = list(report.action or [])
        lines = []
        for n, item in enumerate(items, start=1):
            due = _get(item, "due")
            due_text = due.isoformat() if isinstance(due, date) else str(due or "")
            lines.append(" — ".join(x for x in (f"{n}. {_get(item, 'what') or ''}",
                                                 str(_get(item, "owner") or ""), due_text) if x))
        return "\n".join(lines) if lines else pending
    if name == "result":
        results = [str(r) for r in (report.result or []) if str(r).strip()]
        return "\n".join(f"{n}. {r}" for n, r in enumerate(results, start=1)) if results else pending
    text = getattr(report, name) or ""
    return text if text.strip() else pending


def report_xlsx(report: WccDarReport, path: str | os.PathLike[str], *,
                overwrite: bool = False) -> Path:
    """Write the report as an Excel workbook; returns the path written.

    Sheets: the report (six sections), scorecard, bridge, funnel, cards, evidence,
    actions. Numbers stay numbers with a number format (0.0% for ratios,
    #,##0.00 for money); an existing file is never replaced unless `overwrite`.
    """
    workbook = build_workbook(report)
    return _write_atomic(path, overwrite, lambda tmp: workbook.save(tmp))


__all__ = ["bridge_view", "build_workbook", "funnel_view", "render_html", "report_html",
           "report_xlsx", "scorecard_view"]
