"""`kit app STAGE`: a stage as a web app (Voila), code hidden, on 127.0.0.1.

The app notebook is generated (two cells: language, then the stage's app from
kit.widgets.stage_apps) into ``out/app/``, so the apps never drift from the
widgets the workshop notebooks use. Work autosaves to ``./work/<trainee>/``
(or ``KIT_WORKDIR``), the same place the notebooks use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from kit import workspace

OUT = Path("out") / "app"
# Voila finds templates under <root>/voila/templates/<name>; kit's "kit" template lives here.
TEMPLATE_ROOT = Path(__file__).resolve().parent


def app_notebook(stage: int, *, data: str = "", trainee: str = "", lang: str = "zh",
                 currency: str = "CNY", extras: dict[str, str] | None = None
                 ) -> nbformat.NotebookNode:
    """The Voila notebook for a stage (paths made absolute: Voila runs in out/app/)."""
    data = str(Path(data).resolve()) if data else ""
    extras = {k: (v if k == "customer" else str(Path(v).resolve())) for k, v in (extras or {}).items() if v}
    code = (
        "import kit\n"
        "from kit.widgets.stage_apps import stage_app\n\n"
        f"kit.set_lang({lang!r})\n"
        f"kit.set_currency({currency!r})\n"
        f"stage_app({int(stage)}, data={data!r}, trainee={trainee!r}, extras={extras!r})"
    )
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def write_app(stage: int, folder: Path = OUT, **kwargs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"stage_{int(stage)}.ipynb"
    nbformat.write(app_notebook(stage, **kwargs), path)
    return path


def voila_command(notebook: Path, port: int) -> list[str]:
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--strip_sources=True", "--template=kit"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # a classroom VM or container often runs as root
        command.append("--ServerApp.allow_root=True")
    return command


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with kit's Voila template on JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATE_ROOT), env.get("JUPYTER_PATH", "")) if p)
    return env


def serve(stage: int, *, port: int = 8866, **kwargs) -> int:
    """Write the app and run Voila in the foreground until Ctrl-C."""
    notebook = write_app(stage, **kwargs)
    env = voila_env()
    env[workspace.ENV_VAR] = str(Path(env.get(workspace.ENV_VAR, workspace.DEFAULT_BASE)).resolve())
    print(f"http://127.0.0.1:{port}/  (Ctrl-C to stop)")
    try:
        return subprocess.run(voila_command(notebook, port), env=env, check=False).returncode
    except KeyboardInterrupt:
        return 0
