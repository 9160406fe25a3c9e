"""The customer version holds nothing internal, in any byte of any format.

Unique markers are planted in every internal field of a JBP (VISIBILITY says which) and
in every internal part a Document can have (section, block, column, row, speaker
notes, chart); then every customer file — xlsx and pptx zip members (sheets, slides,
notes, comments, docProps, defined names), the HTML page (comments, hidden elements,
attributes) and the PDF's text — is searched, and none may be found."""

from __future__ import annotations

import html
import math
import re
import zipfile
from dataclasses import fields
from datetime import date

import pandas as pd
import pytest

from kit import fmt
from kit.export import export_jbp
from kit.export.document import Chart, Column, Document, Section, Table, Text, customer_version
from kit.export.formats import write_all
from kit.jbp import INTERNAL, VISIBILITY, CooperationPlan, PlanActivity, build_jbp
from kit.jbp.document import DOCUMENT_TYPES

SALES = pd.DataFrame({
    "period": pd.PeriodIndex(["2024-06", "2025-06", "2025-06"], freq="M"),
    "customer_id": ["D05", "D05", "D05"], "kind": ["sell_in", "sell_in", "sell_out"],
    "net_sales": [800.0, 1000.0, 900.0], "cost": [500.0, 600.0, 0.0]})
MARGIN = 0.6173  # the planted brand margin: shown as 61.7 %
BUDGET = 7_654_321.0


@pytest.fixture(autouse=True)
def workdir_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path / "work"))


def planted_jbp():
    """A JBP whose every internal field holds a marker (ZQX…) or a planted number."""
    plan = CooperationPlan([PlanActivity("春节订货会", "买赠", "王强", date(2026, 1, 2),
                                         date(2026, 1, 25), 4000.0, 18_000.0)], budget=5000.0)
    jbp = build_jbp("D05", "2026", sales=SALES, review_window="2025", next_target=1100.0,
                    plan=plan)
    markers: list[str] = []
    numbers: list[float] = []
    seen: set[int] = set()  # parts skipped for the same reason are one object

    def plant(obj):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        for f in fields(obj):
            value = getattr(obj, f.name)
            if VISIBILITY[type(obj).__name__][f.name] != INTERNAL:
                for item in value if isinstance(value, list) else [value]:
                    if type(item) in DOCUMENT_TYPES:
                        plant(item)
                continue
            marker = f"ZQX{len(markers):02d}"
            if isinstance(value, str):
                setattr(obj, f.name, marker)
                markers.append(marker)
            elif isinstance(value, list):
                value.append(marker)
                markers.append(marker)
            elif isinstance(value, dict):  # internal indicators: distinctive numbers
                for key in list(value) + ["brand_unit_cost"]:
                    value[key] = 8_765_432.1 + len(numbers)
                    numbers.append(value[key])
            elif f.name == "margin_rate":
                setattr(obj, f.name, MARGIN)
            elif f.name == "budget":
                setattr(obj, f.name, BUDGET)
                numbers.append(BUDGET)

    plant(jbp)
    return jbp, markers, numbers


def forms(number: float) -> set[str]:
    """The ways a planted number can be written in a file."""
    return {repr(number), f"{number:.2f}", fmt.amount(number), f"{number:,.0f}",
            fmt.money(number, unit=True)} - {""}


def zip_text(path) -> str:
    """Every member of an Office file, as text, character references resolved (openpyxl
    writes Chinese as &#…;)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(html.unescape(z.read(name).decode("utf-8", "replace"))
                         for name in z.namelist())


def file_text(path) -> str:
    if path.suffix in (".xlsx", ".pptx"):
        return zip_text(path)
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))
    return path.read_text(encoding="utf-8")


def assert_clean(path, markers, numbers, words=()):
    text = file_text(path)
    squash = (lambda s: re.sub(r"\s+", "", s)) if path.suffix == ".pdf" else (lambda s: s)
    for marker in markers:
        assert marker not in text, (path.name, marker)
    for number in numbers:
        for shown in forms(number):
            assert squash(shown) not in text, (path.name, shown)
    for word in words:
        assert squash(word) not in text, (path.name, word)


def test_no_customer_jbp_file_holds_an_internal_field(tmp_path):
    jbp, markers, numbers = planted_jbp()
    assert len(markers) >= 8  # the JBP's and each part's internal notes and points, the line's
    files = export_jbp(jbp, tmp_path)
    # The internal files do hold the markers (so the scan looks for the right forms).
    for path in (files.internal_xlsx, files.internal_html):
        text = file_text(path)
        assert all(m in text for m in markers), path.name
    assert fmt.percent(MARGIN) in file_text(files.internal_html)
    customer = files.customer()
    assert sorted(p.suffix for p in customer) == [".html", ".pdf", ".pptx", ".xlsx"]
    for path in customer:
        assert_clean(path, markers, numbers + [BUDGET],
                     words=(fmt.percent(MARGIN), str(MARGIN), "内部", "INTERNAL"))


def test_the_customer_deck_has_no_speaker_notes_and_the_internal_one_has_the_points(tmp_path):
    from pptx import Presentation

    jbp, markers, _ = planted_jbp()
    files = export_jbp(jbp, tmp_path, pdf=False)
    internal = Presentation(str(files.internal_pptx))
    notes = [s.notes_slide.notes_text_frame.text for s in internal.slides if s.has_notes_slide]
    assert any(m in n for n in notes for m in markers)  # internal points are talking points
    customer = Presentation(str(files.customer_pptx))
    assert not any(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip()
                   for s in customer.slides)
    with zipfile.ZipFile(files.customer_pptx) as z:
        assert not [n for n in z.namelist() if "notesSlide" in n or "comment" in n.lower()]


def every_internal_part() -> tuple[Document, list[str]]:
    """A Document using each way of marking something internal."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure()
    figure.add_subplot().plot([1, 2])
    markers = [f"ZQY{i}" for i in range(9)]
    table = Table([Column("项目"), Column("数值", "money"), Column(markers[0], internal=True)],
                  [["公开", 100.0, markers[1]], [markers[2], 9_191_919.0, "x"]],
                  internal_rows=[False, True])
    doc = Document("test", "计划", "客户甲", sections=[
        Section("open", "公开", [table, Text(markers[3], internal=True),
                                 Chart(markers[4], figure, alt=markers[5], internal=True),
                                 Text("可以分享")], notes=[markers[6]]),
        Section("secret", markers[7], [Text(markers[8])], internal=True),
    ])
    return doc, markers


def test_every_writer_drops_every_kind_of_internal_part(tmp_path):
    doc, markers = every_internal_part()
    internal = write_all(doc, tmp_path / "internal", "plan", overwrite=True)
    assert all(markers[1] in file_text(p) for p in internal.paths.values()
               if p.suffix in (".xlsx", ".html", ".pptx"))
    public = customer_version(doc)
    written = write_all(public, tmp_path / "customer", "plan")
    assert set(written.paths) == {"xlsx", "html", "pdf", "pptx"}, written.notes
    for path in written.all():
        assert "可以分享" in file_text(path)  # the shareable part is there ...
        assert_clean(path, markers, [9_191_919.0])  # ... and nothing else


def test_a_workbook_has_no_hidden_sheet_defined_name_or_comment(tmp_path):
    from openpyxl import load_workbook

    jbp, _, _ = planted_jbp()
    files = export_jbp(jbp, tmp_path, pdf=False)
    book = load_workbook(files.customer_xlsx)
    assert all(s.sheet_state == "visible" for s in book.worksheets)
    assert not list(book.defined_names)
    assert not any(c.comment for s in book.worksheets for row in s.iter_rows() for c in row)


def test_the_planted_margin_really_is_shown_internally():
    """Guard: the margin the scan looks for is the expected ROI's input (not a number that
    never reaches a file)."""
    jbp, _, _ = planted_jbp()
    line = jbp.plan.activities[0]
    assert line.margin_rate == MARGIN
    # 18,000 × 0.6173 / 4,000 = 2.778: the internal ROI of the line.
    assert math.isclose(line.expected_roi, 18_000 * MARGIN / 4000)
