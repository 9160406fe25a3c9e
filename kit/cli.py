"""The `kit` command (also `python -m kit`). Later work adds subcommands here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit import i18n
from kit.errors import KitError, message


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise SystemExit(f"--map expects 原列名=canonical, got {pair!r}")
        out[source.strip()] = target.strip()
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    from kit.data import load, sheet_names

    if args.list_sheets:
        names = sheet_names(args.file)
        print("\n".join(names) if names else "(csv: no sheets)")
        return 0
    result = load(
        args.file, None if args.table == "auto" else args.table, sheet=args.sheet, mapping=_mapping(args.map),
        header_row=args.header_row, units=args.units, decimal=args.decimal, encoding=args.encoding,
        rollup=args.rollup, errors="report",
    )
    print(result.report.summary())
    return 1 if result.report.problems else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kit import runner

    for path in runner.demo(args.out):
        print(path)
    return 0


def _stages(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise SystemExit(f"--stages expects numbers like 1,2,3 — got {text!r}") from None


def _report(results, out, shown=None) -> int:
    """Summary and dashboard over `results`; failures of `shown` (default: all) on screen."""
    from kit import cohort, dashboard

    cohort.save_summary(results, out)
    paths = dashboard.write(results, out)
    shown = results if shown is None else shown
    for r in shown:
        for s in r.stages:
            if s.status == "failed":
                e = s.error
                cell = f" · cell {e['cell']}" if e.get("cell") is not None else ""
                print(f"✗ {r.trainee} · stage {s.stage}{cell} · {e['name']}: {e['message']}"
                      f"\n  partial notebook: {Path(out) / r.folder / s.notebook}", file=sys.stderr)
    print(f"dashboard: {paths['html']}")
    return 0 if all(r.ok for r in shown) else 1


def _data_file(path: Path) -> None:
    from kit.data.report import file_error

    if not path.exists():
        raise file_error(path.name, "file.missing")
    if path.is_dir():
        raise file_error(path.name, "file.directory")


def _options(args: argparse.Namespace) -> dict:
    """The settings every stage notebook takes from the command line."""
    template = getattr(args, "template", None)
    if template and not Path(template).is_file():
        from kit.data.report import file_error

        raise file_error(Path(template).name, "file.missing")
    return {"currency": i18n.get_currency(),
            "deck_template": str(Path(template).resolve()) if template else None}


def cmd_run(args: argparse.Namespace) -> int:
    from kit import cohort

    out = Path(args.out)
    options = _options(args)
    _data_file(Path(args.data))
    result = cohort.run_trainee(Path(args.data), args.trainee, out, selected=_stages(args.stages),
                                lang=args.lang or "zh", force=args.force, timeout=args.timeout,
                                options=options)
    for s in result.stages:
        print(f"{s.status:8} stage {s.stage}  {out / result.folder / s.notebook}")
    if getattr(args, "list_exports", False):
        for path in cohort.exported(out / result.folder):
            print(f"  {path}")
    # Into a cohort's folder: the class's dashboard gains (or updates) this trainee.
    return _report(cohort.merge_results([result], out), out, shown=[result])


def cmd_cohort(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kit import cohort

    out = Path(args.out)
    if not Path(args.folder).is_dir():
        print(f"not a folder: {args.folder}", file=sys.stderr)
        return 2
    files = cohort.trainee_files(Path(args.folder))
    if not files:
        print(f"no trainee data files (.xlsx / .csv) in {args.folder}", file=sys.stderr)
        return 2
    with tqdm(total=len(files), unit="trainee", file=sys.stderr) as bar:
        def advance(result):
            bar.set_postfix_str(result.trainee)
            bar.update()

        results = cohort.cohort(Path(args.folder), out, jobs=args.jobs, selected=_stages(args.stages),
                                lang=args.lang or "zh", force=args.force, timeout=args.timeout,
                                options=_options(args), progress=advance,
                                formats=args.formats or cohort.CLASS_FORMATS)
    return _report(results, out)


def cmd_app(args: argparse.Namespace) -> int:
    from kit import app

    extras = {"outlets": args.outlets, "targets": args.targets, "distributor_ledger": args.ledger,
              "activities": args.activities, "opportunities": args.opportunities,
              "customer": args.customer, "template": args.template,
              "contacts_file": args.contacts, "interactions_file": args.interactions,
              "development_log_file": args.log}
    return app.serve(args.stage, port=args.port, data=args.data or "", trainee=args.trainee or "",
                     lang=getattr(args, "lang", None) or "zh", currency=i18n.get_currency(),
                     extras=extras)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="Key-account planning workshop kit")
    parser.add_argument("--lang", choices=i18n.LANGS, default=None, help="language of messages")
    parser.add_argument("--currency", default=None,
                        help="currency of the money in the data, e.g. CNY (default) or USD")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="load a data file and report what was mapped and rejected")
    v.add_argument("file")
    v.add_argument("--table", default="sales",
                   help="canonical table (default sales; 'auto' judges it from the headers)")
    v.add_argument("--sheet", default=None, help="sheet name of a workbook")
    v.add_argument("--list-sheets", action="store_true", help="list the sheets and stop")
    v.add_argument("--map", action="append", default=[], metavar="原列名=canonical")
    v.add_argument("--header-row", type=int, default=None, help="Excel row number of the header")
    v.add_argument("--units", default=None, help="money unit of the file: 元, 千元, 万元, 百万元")
    v.add_argument("--decimal", choices=(".", ","), default=None,
                   help="decimal mark of the numbers (decided per column when not given)")
    v.add_argument("--encoding", default=None, help="text encoding of a CSV, e.g. gb18030")
    v.add_argument("--rollup", action="store_true", help="sum daily rows into months")
    v.set_defaults(func=cmd_validate)

    d = sub.add_parser("demo", help="run the workshop notebooks on the ABC case")
    d.add_argument("--out", default="out/demo", help="output folder")
    d.set_defaults(func=cmd_demo)

    r = sub.add_parser("run", help="run the stage notebooks on one trainee's data")
    r.add_argument("--data", required=True, help="the trainee's data file")
    r.add_argument("--trainee", required=True, help="the trainee's name")
    r.add_argument("--stages", default=None, help="e.g. 1,2 (default: every stage notebook)")
    r.add_argument("--out", default="out", help="output folder (default out/)")
    r.add_argument("--force", action="store_true", help="redo stages that are already complete")
    r.add_argument("--timeout", type=float, default=None,
                   help="seconds one notebook cell may run (default $KIT_CELL_TIMEOUT or 600)")
    r.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS,
                   help="language of the notebooks and the dashboard (default zh)")
    r.add_argument("--template", default=None,
                   help="the company's PowerPoint template (.pptx) for the plans' slides")
    r.set_defaults(func=cmd_run)

    e = sub.add_parser("export", help="write one trainee's plans (xlsx, HTML, PDF, slides), "
                                      "with the company's slide template")
    e.add_argument("--data", required=True, help="the trainee's data file")
    e.add_argument("--trainee", required=True, help="the trainee's name (their saved work is used)")
    e.add_argument("--stages", default=None, help="e.g. 3 (default: every stage notebook)")
    e.add_argument("--out", default="out", help="output folder (default out/)")
    e.add_argument("--timeout", type=float, default=None, help=argparse.SUPPRESS)
    e.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS)
    e.add_argument("--template", default=None,
                   help="the company's PowerPoint template (.pptx) for the plans' slides")
    e.set_defaults(func=cmd_run, force=True, list_exports=True)

    c = sub.add_parser("cohort", help="run every trainee file in a folder, in parallel")
    c.add_argument("folder")
    c.add_argument("--jobs", type=int, default=None, help="trainees at once (default: cores)")
    c.add_argument("--stages", default=None, help="e.g. 1,2 (default: every stage notebook)")
    c.add_argument("--out", default="out/cohort", help="output folder (default out/cohort/)")
    c.add_argument("--force", action="store_true", help="redo stages that are already complete")
    c.add_argument("--timeout", type=float, default=None,
                   help="seconds one notebook cell may run (default $KIT_CELL_TIMEOUT or 600)")
    c.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS,
                   help="language of the notebooks and the dashboard (default zh)")
    c.add_argument("--template", default=None,
                   help="the company's PowerPoint template (.pptx) for the plans' slides")
    c.add_argument("--formats", default=None,
                   help="what each trainee's plans are exported as (default xlsx,html,pptx; add "
                        "pdf to print each one too, which takes a browser run per file)")
    c.set_defaults(func=cmd_cohort)

    a = sub.add_parser("app", help="serve a stage as a no-code web app (Voila) on 127.0.0.1")
    a.add_argument("stage", type=int, help="stage number, e.g. 2")
    a.add_argument("--data", default=None, help="preselect a data file (trainees can upload instead)")
    a.add_argument("--trainee", default=None, help="preselect the trainee's name")
    a.add_argument("--outlets", default=None, help="an outlet list (funnel, potential)")
    a.add_argument("--targets", default=None, help="a targets file (achievement)")
    a.add_argument("--ledger", default=None, help="a distributor ledger (stage 3)")
    a.add_argument("--activities", default=None, help="past activities (stage 3)")
    a.add_argument("--opportunities", default=None, help="pipeline deals (stages 4 and 5)")
    a.add_argument("--contacts", default=None, help="a key-person table (stage 5)")
    a.add_argument("--interactions", default=None, help="visits and calls (stage 5)")
    a.add_argument("--log", default=None, help="the daily development log (stage 5)")
    a.add_argument("--customer", default=None, help="the distributor / key account of the JBP")
    a.add_argument("--port", type=int, default=8866)
    a.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS)
    a.add_argument("--template", default=None,
                   help="the company's PowerPoint template (.pptx) for the plans' slides")
    a.set_defaults(func=cmd_app)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        i18n.set_lang(args.lang)
    i18n.set_currency(args.currency)
    try:
        return args.func(args)
    except KitError as error:  # explained: the message, never a traceback
        print(message(error), file=sys.stderr)
        return 2
