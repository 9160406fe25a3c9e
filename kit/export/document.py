"""The one document model every plan is exported through.

A :class:`Document` is a title, a subject and :class:`Section` s; a section holds
blocks — :class:`Table` (typed columns, see :data:`kit.fmt.KINDS`), :class:`Text`
and :class:`Chart` — and speaker notes. Every part can be marked ``internal``:
:func:`customer_version` drops what is internal (sections, blocks, columns,
rows, notes), so a customer version can only hold what was never marked.

A block may be meant for some formats only (``media``): the WCC-DAR report, for
instance, reads as headed paragraphs in HTML and slides but as a two-column
sheet in Excel. The writers (:mod:`kit.export.xlsx`, :mod:`kit.export.html`,
:mod:`kit.export.pdf`, :mod:`kit.export.pptx`) know nothing about plans; the
builders (:mod:`kit.export.review`, ``goals``, ``jbp``, ``penetration`` ...) know
nothing about file formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from kit import fmt, i18n

MEDIA = ("xlsx", "html", "pdf", "pptx")
INTERNAL, CUSTOMER = "internal", "customer"
TEXT_STYLES = ("paragraph", "prompt", "note", "bullets", "card", "problem", "banner")


@dataclass
class Column:
    """A table column: its label, the kind of its values and whether it is internal."""

    label: str
    kind: str = "text"
    internal: bool = False

    def __post_init__(self) -> None:
        if self.kind not in fmt.KINDS:
            raise ValueError(f"column {self.label!r}: kind {self.kind!r} is not one of {fmt.KINDS}")


@dataclass
class Table:
    """Rows of values under typed columns.

    ``row_kinds`` gives, row by row, the kind of the values in the columns
    ``value_columns`` (a list of items whose values are of mixed kinds);
    ``internal_rows`` marks rows the customer never sees.
    """

    columns: list[Column]
    rows: list[list[Any]]
    title: str = ""
    row_kinds: list[str] | None = None
    value_columns: tuple[int, ...] = ()
    internal_rows: list[bool] | None = None
    internal: bool = False
    media: frozenset[str] | None = None
    freeze: int = 0  # columns frozen beside the header row (Excel)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table {self.title!r}: row {i} has {len(row)} values, "
                                 f"not {width}")
        for name, values in (("row_kinds", self.row_kinds), ("internal_rows", self.internal_rows)):
            if values is not None and len(values) != len(self.rows):
                raise ValueError(f"table {self.title!r}: {name} needs one entry per row")

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, kinds: Mapping[str, str] | None = None, *,
                   index: bool = False, internal_columns: Iterable[str] = (), **options) -> Table:
        """A DataFrame as a table; ``kinds`` by column label (text when not given)."""
        kinds = dict(kinds or {})
        hidden = set(internal_columns)
        data = frame.reset_index() if index else frame
        columns = [Column(str(c), kinds.get(c, "text"), c in hidden) for c in data.columns]
        rows = [[_plain(v) for v in row] for row in data.itertuples(index=False)]
        return cls(columns, rows, **options)

    def kind(self, row: int, column: int) -> str:
        if self.row_kinds is not None and column in self.value_columns:
            return self.row_kinds[row]
        return self.columns[column].kind

    def frame(self) -> pd.DataFrame:
        """The values under the column labels (for tests and views)."""
        return pd.DataFrame(self.rows, columns=[c.label for c in self.columns])


@dataclass
class Text:
    """Words: a paragraph, a prompt still to fill in, a note, bullets, an insight card
    (``card`` / ``problem``) or a banner. ``heading`` titles it (a card's headline)."""

    body: str | Sequence[str]
    style: str = "paragraph"
    heading: str = ""
    internal: bool = False
    media: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.style not in TEXT_STYLES:
            raise ValueError(f"text style {self.style!r} is not one of {TEXT_STYLES}")

    @property
    def lines(self) -> list[str]:
        body = [self.body] if isinstance(self.body, str) else list(self.body)
        return [line for item in body for line in str(item).splitlines() if line.strip()]


@dataclass
class Chart:
    """A figure (a matplotlib Figure) with its title and the words a screen reader
    says for it."""

    title: str
    figure: Any
    alt: str = ""
    internal: bool = False
    media: frozenset[str] | None = None

    @property
    def alt_text(self) -> str:
        return self.alt or self.title


Block = Table | Text | Chart


@dataclass
class Section:
    """One part of a document. ``sheet``: the workbook sheet it goes on (its title when
    empty); ``notes``: speaker notes (always internal)."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    internal: bool = False
    notes: list[str] = field(default_factory=list)
    sheet: str = ""


@dataclass
class Document:
    """A plan as its reader sees it. ``version`` is None for plans with one version."""

    kind: str
    title: str
    subject: str = ""
    meta: str = ""
    sections: list[Section] = field(default_factory=list)
    version: str | None = None
    banner: str = ""
    lang: str = field(default_factory=i18n.get_lang)

    def blocks(self, medium: str | None = None):
        """(section, block) in order, only those meant for ``medium`` when given."""
        for section in self.sections:
            for block in section.blocks:
                if medium is None or for_medium(block, medium):
                    yield section, block


def for_medium(block: Block, medium: str) -> bool:
    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {MEDIA}, got {medium!r}")
    return block.media is None or medium in block.media


def only(*media: str) -> frozenset[str]:
    """``media=only("xlsx")``: a block meant for those formats alone."""
    unknown = set(media) - set(MEDIA)
    if unknown:
        raise ValueError(f"unknown media {sorted(unknown)}; expected some of {MEDIA}")
    return frozenset(media)


def customer_version(doc: Document, *, banner: str | None = None,
                     title: str | None = None) -> Document:
    """The document without anything marked internal: sections, blocks, table columns
    and rows, and every speaker note."""
    sections = []
    for section in doc.sections:
        if section.internal:
            continue
        blocks = [_public(block) for block in section.blocks if not block.internal]
        sections.append(replace(section, blocks=blocks, notes=[]))
    return replace(doc, sections=sections, version=CUSTOMER,
                   banner=doc.banner if banner is None else banner,
                   title=doc.title if title is None else title)


def _public(block: Block) -> Block:
    if not isinstance(block, Table):
        return block
    keep = [i for i, c in enumerate(block.columns) if not c.internal]
    rows = [(row, i) for i, row in enumerate(block.rows)
            if not (block.internal_rows and block.internal_rows[i])]
    value_columns = tuple(keep.index(c) for c in block.value_columns if c in keep)
    return replace(block, columns=[block.columns[i] for i in keep],
                   rows=[[row[i] for i in keep] for row, _ in rows],
                   row_kinds=([block.row_kinds[i] for _, i in rows]
                              if block.row_kinds and value_columns else None),
                   value_columns=value_columns, internal_rows=None)


def _plain(value: object) -> object:
    """numpy scalars as Python values, periods as text, missing as None."""
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, str):
        return value
    if fmt.is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


__all__ = ["CUSTOMER", "INTERNAL", "MEDIA", "Block", "Chart", "Column", "Document", "Section",
           "Table", "Text", "customer_version", "for_medium", "only"]
