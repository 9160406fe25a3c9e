"""Execute workshop notebooks with papermill (the trainer tooling builds on this)."""

from __future__ import annotations

from pathlib import Path

import papermill

from kit import cases

WORKSHOPS = Path(__file__).resolve().parents[1] / "workshops"


def execute(notebook: Path, output: Path, parameters: dict) -> Path:
    """Run one notebook into `output` (saved after each cell, so a failure keeps what ran)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook), str(output), parameters=parameters, cwd=str(notebook.parent),
        progress_bar=False, request_save_on_cell_execute=True,
    )
    return output


def to_html(ipynb: Path) -> Path:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(ipynb))
    html = ipynb.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def workshop_notebooks(folder: Path | None = None) -> list[Path]:
    return sorted(Path(folder or WORKSHOPS).glob("[0-9][0-9]_*.ipynb"))


def demo(out: str | Path = "out/demo") -> list[Path]:
    """Every workshop notebook on the ABC case; returns the HTML files written."""
    out = Path(out).resolve()
    params = {"data": str(cases.path("abc", "sales")), "trainee": "ABC 案例", "lang": "zh",
              "out_dir": str(out / "work")}
    written = []
    for nb in workshop_notebooks():
        written.append(to_html(execute(nb, out / nb.name, params)))
    return written
