"""A Document as one self-contained HTML page: inline CSS, charts as PNG data URIs,
everything typed escaped, nothing loaded from elsewhere (it opens offline and prints
to PDF as it is)."""

from __future__ import annotations

import base64
import html
import io
import os
import weakref
from pathlib import Path

from kit import fmt
from kit.export.document import CUSTOMER, INTERNAL, Chart, Document, Table, Text, for_medium
from kit.export.files import write_text
from kit.style import rag_colours

CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
       "Helvetica Neue", Arial, sans-serif; color: #212121; margin: 0; background: #f6f7f9; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
.meta { color: #555555; margin-top: 0; }
.banner { font-weight: bold; }
.banner.internal { color: #c62828; }
.banner.customer { color: #2e7d32; }
.prompt { color: #666666; font-style: italic; background: #fff8e1; border-left: 4px solid #f9a825;
          padding: 6px 10px; }
.prompt strong { font-style: normal; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
th, td { border: 1px solid #d0d4da; padding: 3px 8px; vertical-align: top; }
th { background: #eef2f7; }
td.num { text-align: right; white-space: nowrap; }
.card { border: 1px solid #d0d4da; border-left: 5px solid #1f5fa8; padding: 8px 12px; margin: 10px 0; }
.card.problem { border-left-color: #c62828; }
.card .headline { font-weight: bold; margin: 0 0 4px; }
.card p { margin: 2px 0; }
figure { margin: 12px 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #555555; font-size: 0.9em; }
.note { color: #666666; font-size: 0.85em; }
@media print { body { background: #ffffff; } main { padding: 0; } section { break-inside: avoid-page; } }
"""


def render(doc: Document, medium: str = "html") -> str:
    """The document as one HTML page (``medium="pdf"`` for the page that is printed)."""
    lang = "zh-CN" if doc.lang == "zh" else "en"
    title = " — ".join(x for x in (doc.title, doc.subject) if x)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_esc(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body><main>",
           f"<h1>{_esc(doc.title)}</h1>"]
    if doc.subject or doc.meta:
        out.append(f'<p class="meta">{" · ".join(_esc(x) for x in (doc.subject, doc.meta) if x)}</p>')
    if doc.banner:
        version = doc.version if doc.version in (INTERNAL, CUSTOMER) else ""
        out.append(f'<p class="banner {version}">{_esc(doc.banner)}</p>')
    for section in doc.sections:
        blocks = [b for b in section.blocks if for_medium(b, medium)]
        if not blocks:
            continue
        heading = f"<h2>{_esc(section.title)}</h2>" if section.title else ""
        body = "\n".join(_block(b) for b in blocks)
        out.append(f'<section id="{_esc(section.key)}">{heading}\n{body}</section>')
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def write_html(doc: Document, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the document as one HTML file; returns the path written (``name (2).html``
    when the file exists and ``overwrite`` is False)."""
    return write_text(path, render(doc), overwrite=overwrite)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _block(block) -> str:
    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Text):
        return _text(block)
    if isinstance(block, Chart):
        return figure_html(block)
    raise TypeError(f"not a block: {type(block).__name__}")


def table_html(table: Table) -> str:
    """A table with its values written as the workbook's number formats show them."""
    head = "".join(f"<th>{_esc(c.label)}</th>" for c in table.columns)
    body = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, value in enumerate(row):
            kind = table.kind(r, c)
            numeric = kind in fmt.NUMERIC_KINDS and not isinstance(value, str)
            text = _esc(fmt.value(value, kind)).replace("\n", "<br>")
            if kind == "rag":
                background, colour = rag_colours(value)
                cells.append(f'<td style="background-color: {background}; color: {colour}; '
                             f'text-align: center">{text}</td>')
            else:
                cells.append(f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    caption = f"<h3>{_esc(table.title)}</h3>" if table.title else ""
    return (f'{caption}<table class="dataframe"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _text(block: Text) -> str:
    lines = block.lines
    heading = f"<h3>{_esc(block.heading)}</h3>" if block.heading and block.style in (
        "paragraph", "bullets", "note") else ""
    if block.style == "bullets":
        return heading + "<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in lines) + "</ul>"
    if block.style == "prompt":
        label = f"<strong>{_esc(block.heading)}：</strong>" if block.heading else ""
        return f'<p class="prompt">{label}{_esc(" ".join(lines))}</p>'
    if block.style in ("card", "problem"):
        extra = " problem" if block.style == "problem" else ""
        inner = "".join(f"<p>{_esc(x)}</p>" for x in lines)
        return (f'<div class="card{extra}"><p class="headline">{_esc(block.heading)}</p>'
                f"{inner}</div>")
    css = {"note": ' class="note"', "banner": ' class="banner"'}.get(block.style, "")
    return heading + "\n".join(f"<p{css}>{_esc(x)}</p>" for x in lines)


_PNGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def png(figure, dpi: int = 130) -> bytes:
    """A matplotlib figure as PNG bytes; drawn once per figure and resolution, since the
    same chart goes into the page, the PDF and the slides."""
    drawn = _PNGS.setdefault(figure, {})
    if dpi not in drawn:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        drawn[dpi] = buffer.getvalue()
    return drawn[dpi]


def figure_html(chart: Chart) -> str:
    data = base64.b64encode(png(chart.figure)).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{_esc(chart.alt_text)}">'
            f"<figcaption>{_esc(chart.title)}</figcaption></figure>")


__all__ = ["CSS", "figure_html", "png", "render", "table_html", "write_html"]
