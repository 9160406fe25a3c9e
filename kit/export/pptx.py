"""A Document as a 16:9 PowerPoint deck (python-pptx), for the meeting a plan is made for.

A title slide, then for each section its blocks: words as a text slide, each table
as native PowerPoint tables (long ones continue on further slides), each chart as a
picture with its alt text. A section's speaker notes (its talking points) go into the
notes of its first slide; a customer version has none (:func:`customer_version`
drops them).

Chinese text is set in :data:`FONT` (Microsoft YaHei, 微软雅黑: on every Windows PC
and used by WPS; PowerPoint for Mac and LibreOffice substitute their own CJK sans)
as the East Asian font of every run, since PowerPoint draws Chinese with the
``a:ea`` font, not the Latin one. No font is embedded. A company template
(``template=``) lends its slide size, theme and layouts ("Title Slide", "Title Only"
or the first and sixth layouts); its own slides are not kept.
"""

from __future__ import annotations

import copy
import io
import os
from pathlib import Path

from kit import fmt, i18n
from kit.export.document import Chart, Document, Table, Text, for_medium
from kit.export.files import write_atomic
from kit.export.html import png
from kit.style import PALETTE, rag_colours

FONT = "Microsoft YaHei"
LATIN_FONT = "Arial"
WIDTH_IN, HEIGHT_IN = 13.333, 7.5  # 16:9
ROWS_PER_SLIDE = 12
MAX_TABLE_COLUMNS = 8  # a wider table goes on on further slides, its first column repeated
MAX_CELL_CHARS = 120
# A deck is for a meeting: a long table shows its first rows (lists come ranked) and says
# where the rest is, rather than run to hundreds of slides.
MAX_ROW_SLIDES = 5

t = i18n.catalogue("export_pptx", {
    "more_rows": {"zh": "另有 {rows} 行没有放进幻灯片；完整的表在 Excel 和 HTML 版本里。",
                  "en": "{rows} more rows are not on the slides; the full table is in the Excel "
                        "and HTML versions."},
})


def presentation(doc: Document, template: str | os.PathLike[str] | None = None):
    """The deck as a python-pptx Presentation (not yet saved)."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation(str(template)) if template else Presentation()
    if template:
        _drop_slides(deck)
    else:
        deck.slide_width, deck.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    core = deck.core_properties
    core.title, core.subject, core.author, core.comments = doc.title, doc.subject, "kit", ""
    core.keywords, core.category, core.last_modified_by = "", "", "kit"
    _title_slide(deck, doc)
    for section in doc.sections:
        blocks = [b for b in section.blocks if for_medium(b, "pptx")]
        slides = _section_slides(deck, section.title, blocks)
        if slides and section.notes:
            slides[0].notes_slide.notes_text_frame.text = "\n".join(section.notes)
    return deck


def write_pptx(doc: Document, path: str | os.PathLike[str], *, overwrite: bool = False,
               template: str | os.PathLike[str] | None = None) -> Path:
    """Write the deck; returns the path written (``name (2).pptx`` when the file exists and
    ``overwrite`` is False)."""
    deck = presentation(doc, template)
    return write_atomic(path, overwrite, lambda tmp: deck.save(str(tmp)))


# ------------------------------------------------------------------ slides


def _layout(deck, name: str, index: int):
    for layout in deck.slide_layouts:
        if layout.name == name:
            return layout
    layouts = list(deck.slide_layouts)
    return layouts[min(index, len(layouts) - 1)]


def _drop_slides(deck) -> None:
    """A template's example slides go; its layouts and theme stay."""
    ids = deck.slides._sldIdLst
    for slide_id in list(ids):
        deck.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)


def _title_slide(deck, doc: Document) -> None:
    slide = deck.slides.add_slide(_layout(deck, "Title Slide", 0))
    _set_text(slide.shapes.title, [doc.title], size=36, bold=True)
    subtitle = [x for x in (doc.subject, doc.meta, doc.banner) if x]
    placeholders = [p for p in slide.placeholders if p.placeholder_format.idx != 0]
    if placeholders:
        _set_text(placeholders[0], subtitle, size=18)
    elif subtitle:
        _text_box(slide, subtitle, top=4.6, size=18)


def _section_slides(deck, title: str, blocks: list) -> list:
    slides, words = [], []
    for block in blocks + [None]:
        if isinstance(block, Text):
            words.append(block)
            continue
        if words:  # the texts gathered so far go on one slide
            slides.append(_words_slide(deck, title, words))
            words = []
        if isinstance(block, Table):
            slides += _table_slides(deck, block.title or title, block)
        elif isinstance(block, Chart):
            slides.append(_chart_slide(deck, block.title or title, block))
    return slides


def _new_slide(deck, title: str):
    slide = deck.slides.add_slide(_layout(deck, "Title Only", 5))
    if slide.shapes.title is not None:
        _set_text(slide.shapes.title, [title], size=26, bold=True)
    else:
        _text_box(slide, [title], top=0.3, size=26, bold=True)
    return slide


def _words_slide(deck, title: str, texts: list[Text]):
    slide = _new_slide(deck, title)
    lines: list[tuple[str, bool]] = []
    for text in texts:
        if text.heading:
            lines.append((text.heading, True))
        lines += [(line, False) for line in text.lines]
    _text_box(slide, lines, top=1.4, size=16 if len(lines) < 12 else 12)
    return slide


def _table_slides(deck, title: str, table: Table) -> list:
    """As many slides as the table needs: ROWS_PER_SLIDE rows a slide and, for a wide
    table, its further columns on further slides, each led by the first column (what the
    row is), so no cell is left out."""
    shown = min(len(table.rows), ROWS_PER_SLIDE * MAX_ROW_SLIDES)
    pages = [(columns, range(i, min(i + ROWS_PER_SLIDE, shown)))
             for columns in _column_groups(len(table.columns))
             for i in range(0, max(shown, 1), ROWS_PER_SLIDE)]
    slides = []
    for n, (columns, rows) in enumerate(pages):
        heading = title if n == 0 else f"{title}（{n + 1}/{len(pages)}）"
        slide = _new_slide(deck, heading)
        _add_table(slide, table, columns, list(rows))
        if rows and rows[-1] == shown - 1 and shown < len(table.rows):
            _text_box(slide, [t("more_rows", rows=f"{len(table.rows) - shown:,}")],
                      top=HEIGHT_IN - 0.7, size=12)
        slides.append(slide)
    return slides


def _column_groups(count: int) -> list[list[int]]:
    if count <= MAX_TABLE_COLUMNS:
        return [list(range(count))]
    step = MAX_TABLE_COLUMNS - 1
    return [[0, *range(i, min(i + step, count))] for i in range(1, count, step)]


def _add_table(slide, table: Table, columns: list[int], rows: list[int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Inches(0.5), Inches(1.35),
                                   Inches(WIDTH_IN - 1.0), Inches(0.4 * (len(rows) + 1)))
    grid = shape.table
    size = 12 if len(columns) <= 5 else 10
    for j, c in enumerate(columns):
        _set_text(grid.cell(0, j), [table.columns[c].label], size=size, bold=True,
                  colour="FFFFFF")
        grid.cell(0, j).fill.solid()
        grid.cell(0, j).fill.fore_color.rgb = RGBColor.from_string(PALETTE[0][1:])
    for i, r in enumerate(rows, start=1):
        for j, c in enumerate(columns):
            kind, value = table.kind(r, c), table.rows[r][c]
            text = fmt.value(value, kind)
            if len(text) > MAX_CELL_CHARS:
                text = text[: MAX_CELL_CHARS - 1] + "…"
            cell = grid.cell(i, j)
            numeric = kind in fmt.NUMERIC_KINDS and not isinstance(value, str)
            _set_text(cell, [text], size=size,
                      align=PP_ALIGN.RIGHT if numeric else None)
            if kind == "rag":
                background, colour = rag_colours(value)
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(background[1:])
                _set_text(cell, [text], size=size, colour=colour[1:], align=PP_ALIGN.CENTER)
    for j in range(len(columns)):
        grid.columns[j].width = int(Inches(WIDTH_IN - 1.0) / len(columns))
    for row in grid.rows:
        row.height = Pt(size * 2.2)


def _chart_slide(deck, title: str, chart: Chart):
    from pptx.util import Inches

    slide = _new_slide(deck, title)
    picture = slide.shapes.add_picture(io.BytesIO(png(chart.figure)), Inches(0.8),
                                       Inches(1.3), height=Inches(HEIGHT_IN - 1.8))
    if picture.width > Inches(WIDTH_IN - 1.6):  # a wide chart: fit the width instead
        ratio = Inches(WIDTH_IN - 1.6) / picture.width
        picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt_text)  # alt text for screen readers
    return slide


# ------------------------------------------------------------------ text


def _text_box(slide, lines, *, top: float, size: int, bold: bool = False):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(0.6), Inches(top), Inches(WIDTH_IN - 1.2),
                                   Inches(HEIGHT_IN - top - 0.4))
    box.text_frame.word_wrap = True
    _set_text(box, lines, size=size, bold=bold)
    return box


def _set_text(shape, lines, *, size: int, bold: bool = False, colour: str | None = None,
              align=None) -> None:
    """Replace a shape's (or a table cell's) text with ``lines``: strings, or
    (text, bold) pairs; every run in the kit's fonts."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame = shape.text_frame
    frame.clear()
    for i, line in enumerate(lines or [""]):
        text, strong = line if isinstance(line, tuple) else (line, bold)
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = str(text)
        font = run.font
        font.size, font.bold, font.name = Pt(size), strong, LATIN_FONT
        if colour:
            font.color.rgb = RGBColor.from_string(colour)
        _east_asian(run, FONT)


def _east_asian(run, typeface: str) -> None:
    """Set the run's East Asian font (``a:ea``), which PowerPoint uses for Chinese."""
    from pptx.oxml.ns import qn

    properties = run._r.get_or_add_rPr()
    ea = properties.find(qn("a:ea"))
    if ea is None:
        latin = properties.find(qn("a:latin"))
        ea = copy.deepcopy(latin) if latin is not None else properties.makeelement(qn("a:ea"), {})
        ea.tag = qn("a:ea")
        (latin.addnext(ea) if latin is not None else properties.append(ea))
    ea.set("typeface", typeface)


__all__ = ["FONT", "presentation", "write_pptx"]
