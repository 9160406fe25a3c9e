"""Build the student or the trainer edition of the book from the one source.

    python book/editions.py student [--out DIR]   # default book/_build/student
    python book/editions.py trainer [--out DIR]   # default book/_build/trainer
    python book/editions.py student --pdf         # book/_build/student/book-student.pdf

Both editions use book/_config.yml; the trainer edition's config is derived
from it by :func:`edition_config` (the edition value and the title change,
nothing else), written next to the output, and passed with ``--config``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
CONFIG = BOOK / "_config.yml"
EDITIONS = ("student", "trainer")
TITLE_SUFFIX = {"student": "", "trainer": "（讲师版 Trainer edition）"}
FLAGS = ("-W", "-n", "--keep-going")


def edition_config(base: str, edition: str, book: Path = BOOK, cache: Path | None = None) -> str:
    """`base` (the text of _config.yml) for `edition`; comments and order kept.

    The config is written beside the output, so the local extension's folder
    (relative to the config file) becomes the absolute path into `book`.
    `cache`: the execution cache both editions share (their code cells are
    the same; only ``{only} trainer`` text differs), so the second is quick.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    text, n = re.subn(r"(?m)^(\s*kit_edition:\s*)\S+\s*$", rf"\g<1>{edition}", base)
    if n != 1:
        raise ValueError("_config.yml must set sphinx.config.kit_edition exactly once")
    text = re.sub(r"(?m)^(\s*edition:\s*)(\S+)\s*$",
                  lambda m: f"{m.group(1)}{(book / m.group(2)).as_posix()}", text, count=1)
    if cache is not None:
        text, n = re.subn(r"(?m)^(execute:\s*)$", rf"\g<1>\n  cache: {Path(cache).as_posix()}", text)
        if n != 1:
            raise ValueError("_config.yml must have an execute: section")
    return re.sub(r"(?m)^title:\s*(.+?)\s*$", lambda m: f"title: {m.group(1)}{TITLE_SUFFIX[edition]}",
                  text, count=1)


CACHE = BOOK / "_build" / ".jupyter_cache"


def output_folder(edition: str) -> Path:
    return BOOK / "_build" / edition


def build(edition: str, out: Path | None = None, *, cache: Path | None = CACHE,
          extra: tuple[str, ...] = ()) -> int:
    """Run jupyter-book for one edition; returns its exit code. The HTML lands in
    ``<out>/_build/html``."""
    out = Path(out or output_folder(edition))
    out.mkdir(parents=True, exist_ok=True)
    config = out / f"_config.{edition}.yml"
    config.write_text(edition_config(CONFIG.read_text(encoding="utf-8"), edition, cache=cache),
                      encoding="utf-8")
    jb = Path(sys.executable).with_name("jupyter-book")
    command = [str(jb), "build", str(BOOK), "--config", str(config), "--path-output", str(out),
               *FLAGS, *extra]
    return subprocess.run(command, check=False).returncode


def pdf(edition: str, out: Path | None = None, *, cache: Path | None = CACHE) -> Path:
    """The edition as one PDF: a single-page HTML build (sharing the execution cache),
    printed by headless Chromium with the machine's CJK font (kit.export.pdf)."""
    from kit.export.pdf import html_to_pdf

    out = Path(out or output_folder(edition))
    code = build(edition, out, cache=cache, extra=("--builder", "singlehtml"))
    if code != 0:
        raise SystemExit(code)
    page = out / "_build" / "singlehtml" / "index.html"
    return html_to_pdf(page, out / f"book-{edition}.pdf", overwrite=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--pdf", action="store_true", help="one PDF instead of the HTML site")
    args = parser.parse_args(argv)
    if args.pdf:
        print(pdf(args.edition, args.out))
        return 0
    code = build(args.edition, args.out)
    if code == 0:
        print(Path(args.out or output_folder(args.edition)) / "_build" / "html" / "index.html")
    return code


if __name__ == "__main__":
    sys.exit(main())
