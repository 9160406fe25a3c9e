"""PDF from the kit's self-contained HTML exports, printed by a headless
Chromium (Debian's ``chromium``) with the machine's CJK font, fully offline.

No Python-only route prints Chinese here: weasyprint is not installable and
LaTeX would need a CJK TeX setup. When no Chromium is found, :func:`html_to_pdf`
raises :class:`PdfUnavailable` saying so, and the HTML stays the document.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kit import i18n
from kit.errors import KitError
from kit.workspace import file_mode, safe_export_path

t = i18n.catalogue(
    "pdf",
    {
        "unavailable": {
            "zh": "这台电脑上没有 Chromium 浏览器，无法生成 PDF；HTML 版本可以直接在浏览器里打印成 PDF。",
            "en": "No Chromium browser on this machine, so no PDF; print the HTML version "
                  "to PDF from a browser instead.",
        },
        "failed": {"zh": "生成 PDF 失败：{detail}", "en": "The PDF could not be made: {detail}"},
    },
)

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--no-pdf-header-footer",
         # Let scripts finish before printing (the book's MathJax typesets after load).
         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=20000")


class PdfUnavailable(KitError, RuntimeError):
    """No browser to print with, or the print failed; the message says which."""


def browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str | os.PathLike[str], pdf: str | os.PathLike[str], *,
                overwrite: bool = False, timeout: float = 120) -> Path:
    """Print an HTML file to PDF; an existing PDF is kept (``name (2).pdf``) unless `overwrite`."""
    exe = browser()
    if exe is None:
        raise PdfUnavailable(t("unavailable"))
    target = safe_export_path(pdf, overwrite=overwrite)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # Chromium refuses to run as root inside its sandbox (classroom VMs and containers).
    sandbox = ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()
    with tempfile.TemporaryDirectory() as profile:
        command = [exe, *FLAGS, *sandbox, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                   Path(html).resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.unlink(tmp)
            raise PdfUnavailable(t("failed", detail=error)) from None
    if done.returncode != 0 or os.path.getsize(tmp) == 0:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise PdfUnavailable(t("failed", detail=done.stderr.strip()[-300:]))
    os.chmod(tmp, file_mode())  # mkstemp makes it owner-only
    os.replace(tmp, target)
    return target



def write_pdf(doc, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """A :class:`kit.export.document.Document` printed to PDF (through its HTML page)."""
    from kit.export.html import render

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "document.html"
        page.write_text(render(doc, "pdf"), encoding="utf-8")
        return html_to_pdf(page, path, overwrite=overwrite)
