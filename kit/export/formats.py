"""Any Document in any of the four formats, through the one writer of each."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError
from kit.export.document import Document
from kit.export.html import write_html
from kit.export.pdf import PdfUnavailable, write_pdf
from kit.export.pptx import write_pptx
from kit.export.xlsx import write_xlsx

FORMATS = ("xlsx", "html", "pdf", "pptx")


class FormatError(KitError, ValueError):
    """A format the kit does not write."""

FORMATS_VAR = "KIT_EXPORT_FORMATS"  # e.g. "xlsx,html,pptx": what a run exports (kit cohort)


def chosen_formats() -> tuple[str, ...]:
    """The formats exports write: $KIT_EXPORT_FORMATS when set (a cohort run), else all."""
    wanted = [f.strip().lower() for f in os.environ.get(FORMATS_VAR, "").split(",") if f.strip()]
    unknown = set(wanted) - set(FORMATS)
    if unknown:
        raise FormatError(f"--formats / ${FORMATS_VAR}: unknown formats {sorted(unknown)}; the kit writes "
                         f"{', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted) or FORMATS


@dataclass
class Written:
    """What :func:`write_all` wrote, by format, and why a format is missing (no browser
    for the PDF)."""

    paths: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def all(self) -> list[Path]:
        return list(self.paths.values())


def write(doc: Document, path: str | os.PathLike[str], *, overwrite: bool = False,
          template: str | os.PathLike[str] | None = None) -> Path:
    """Write ``doc`` in the format its file name says (.xlsx, .html, .pdf, .pptx)."""
    kind = Path(path).suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise FormatError(f"{path}: the kit writes {', '.join(FORMATS)}, not {kind or 'no suffix'}")
    if kind == "pptx":
        return write_pptx(doc, path, overwrite=overwrite, template=template)
    writer = {"xlsx": write_xlsx, "html": write_html, "pdf": write_pdf}[kind]
    return writer(doc, path, overwrite=overwrite)


def write_all(doc: Document, folder: str | os.PathLike[str], stem: str,
              formats: tuple[str, ...] | None = None, *, overwrite: bool = False,
              template: str | os.PathLike[str] | None = None) -> Written:
    """``doc`` as ``<folder>/<stem>.<format>`` for each format (default
    :func:`chosen_formats`); a PDF that cannot be printed (no Chromium) is left out with
    the reason in ``notes``."""
    formats = chosen_formats() if formats is None else formats
    written = Written()
    for kind in formats:
        try:
            written.paths[kind] = write(doc, Path(folder) / f"{stem}.{kind}", overwrite=overwrite,
                                        template=template)
        except PdfUnavailable as error:
            written.notes.append(str(error))
    return written


__all__ = ["FORMATS", "FORMATS_VAR", "Written", "chosen_formats", "write", "write_all"]
