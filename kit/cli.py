"""The `kit` command (also `python -m kit`). Later work adds subcommands here."""

from __future__ import annotations

import argparse
import sys

from kit import i18n


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise SystemExit(f"--map expects 原列名=canonical, got {pair!r}")
        out[source.strip()] = target.strip()
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    from kit.data import DataError, load, sheet_names

    if args.list_sheets:
        names = sheet_names(args.file)
        print("\n".join(names) if names else "(csv: no sheets)")
        return 0
    try:
        result = load(
            args.file, None if args.table == "auto" else args.table, sheet=args.sheet, mapping=_mapping(args.map),
            header_row=args.header_row, units=args.units, encoding=args.encoding,
            rollup=args.rollup, errors="report",
        )
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(result.report.summary())
    return 1 if result.report.problems else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kit import runner

    for path in runner.demo(args.out):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="Key-account planning workshop kit")
    parser.add_argument("--lang", choices=i18n.LANGS, default=None, help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="load a data file and report what was mapped and rejected")
    v.add_argument("file")
    v.add_argument("--table", default="sales",
                   help="canonical table (default sales; 'auto' judges it from the headers)")
    v.add_argument("--sheet", default=None, help="sheet name of a workbook")
    v.add_argument("--list-sheets", action="store_true", help="list the sheets and stop")
    v.add_argument("--map", action="append", default=[], metavar="原列名=canonical")
    v.add_argument("--header-row", type=int, default=None, help="Excel row number of the header")
    v.add_argument("--units", default=None, help="money unit of the file: 元, 千元, 万元")
    v.add_argument("--encoding", default=None, help="text encoding of a CSV, e.g. gb18030")
    v.add_argument("--rollup", action="store_true", help="sum daily rows into months")
    v.set_defaults(func=cmd_validate)

    d = sub.add_parser("demo", help="run the workshop notebooks on the ABC case")
    d.add_argument("--out", default="out/demo", help="output folder")
    d.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        i18n.set_lang(args.lang)
    return args.func(args)
