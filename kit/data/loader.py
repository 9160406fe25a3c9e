"""load → map columns → validate → canonical table.

A trainee's export comes in as it is (title rows, Chinese headers, 万元,
text numbers, GBK, a notes sheet). One canonical table comes out, plus a
report of everything that was mapped, ignored, converted or rejected.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kit import schema
from kit.data import parse, readers
from kit.data.report import DataError, LoadReport, Problem, column_letter, file_error, t

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = {"合计", "总计", "小计", "总合计", "total", "grandtotal", "subtotal", "sum"}
# Columns summed when daily rows are rolled up to months.
ADDITIVE = (schema.NUMBER, schema.MONEY)


@dataclass
class LoadResult:
    """The canonical table (index = the row number in the file) and its report."""

    data: pd.DataFrame
    report: LoadReport


def load(
    source: str | Path | bytes,
    table: str | None = "sales",
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    header_row: int | None = None,
    units: str | dict[str, str] | None = None,
    encoding: str | None = None,
    rollup: bool = False,
    errors: str = "raise",
    name: str | None = None,
) -> LoadResult:
    """Load one trainee file into a canonical table.

    table: a canonical table name, or None to judge it from the headers.
    sheet: the sheet of a workbook; by default the one that looks like `table`.
    mapping: your header → canonical column, e.g. ``{"销售额": "net_sales"}``.
    header_row: the Excel row number of the header (found automatically).
    units: the money unit of the file (``"万元"``) or per column
        (``{"net_sales": "千元"}``); a unit in a header, 销售额(万元), is read too.
    encoding: the text encoding of a CSV (detected automatically).
    rollup: sum daily rows into months.
    errors: "raise" raises DataError listing every bad row; "report" keeps the
        good rows and lists the bad ones in ``result.report.problems``.
    name: the file name to show in messages (defaults to the path's name).
    """
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    if table is not None and table not in schema.TABLES:
        raise file_error(file, "table.unknown", table=table, tables=", ".join(schema.TABLES))
    mapping = _check_mapping(mapping or {}, table, file)

    grid, report = _read_grid(source, file, table, sheet, mapping, encoding)
    if report.table is None:
        report.table = _guess_table(grid, mapping)
        report.notes.append(t("note.guessed", table=report.table))
    spec = schema.TABLES[report.table]
    _check_mapping(mapping, report.table, file)

    hdr = _header_row(grid, spec, mapping, header_row, file, report.sheet)
    report.header_row = int(hdr)
    columns = _map_columns(grid.loc[hdr], spec, mapping, file, report)
    body = grid.loc[grid.index > hdr]
    data, problems = _parse_body(body, columns, spec, file, report)
    data = _apply_units(data, columns, units, file, report)
    if rollup and data.attrs.get("daily"):
        before = len(data)
        data = _roll_up(data)
        report.notes.append(t("note.rolled", before=before, after=len(data)))
    data.attrs.pop("daily", None)

    report.problems = problems
    report.rows_accepted = int(data["_rows"].sum()) if "_rows" in data else len(data)
    data = data.drop(columns="_rows", errors="ignore")
    if problems and errors == "raise":
        raise DataError(problems, report)
    return LoadResult(data, report)


# ------------------------------------------------------------------ reading


def _read_grid(source, file, table, sheet, mapping, encoding) -> tuple[pd.DataFrame, LoadReport]:
    data = readers.read_bytes(source, file)
    if not data.strip():
        raise file_error(file, "file.empty")
    fmt = readers.sniff(data)
    label = fmt
    if fmt == readers.GZIP:
        data = readers.gunzip(data, file)
        fmt = readers.sniff(data)
        label = f"{fmt} (gzip)"
    if fmt == readers.XLS:
        raise file_error(file, "file.xls")
    if fmt == readers.ZIP:
        raise file_error(file, "file.zip")
    if fmt == readers.BINARY:
        raise file_error(file, "file.binary")

    report = LoadReport(file=file, table=table, format=label)
    suffix = Path(file).suffix.lower()
    is_excel = fmt == readers.XLSX
    if suffix in (".csv", ".txt", ".xlsx", ".xlsm") and (suffix.startswith(".xls") != is_excel):
        report.notes.append(t("note.misnamed", suffix=suffix, format="xlsx" if is_excel else "csv"))

    if is_excel:
        grid = _excel_grid(data, file, table, sheet, mapping, report)
    else:
        text, report.encoding = readers.decode(data, file, encoding)
        delimiter = readers.sniff_delimiter(text)
        grid = readers.text_grid(data, text, report.encoding, delimiter, file)
    if grid.empty:
        raise file_error(file, "file.empty")
    return grid, report


def _excel_grid(data, file, table, sheet, mapping, report) -> pd.DataFrame:
    wb = readers.open_workbook(data, file)
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise file_error(file, "sheet.missing", sheet=sheet, sheets=", ".join(names))
        if sheet is None and len(names) > 1:
            sheet = _pick_sheet(wb, names, file, table, mapping)
            report.notes.append(t("note.sheet", sheet=sheet, sheets=", ".join(names)))
        report.sheet = sheet or names[0]
        return readers.sheet_grid(wb, report.sheet, file)
    finally:
        wb.close()


def _pick_sheet(wb, names, file, table, mapping) -> str:
    tables = [schema.TABLES[table]] if table else list(schema.TABLES.values())
    scored = []
    for name in names:
        head = readers.sheet_grid(wb, name, file, max_rows=HEADER_SCAN_ROWS)
        best = max((_best_header(head, spec, mapping) for spec in tables), default=(0, 0, None))
        scored.append((best[:2], -names.index(name), name))
    (complete, _), _, name = max(scored)
    if not complete:
        spec = tables[0]
        raise file_error(
            file, "sheet.none", table=spec.name, required=", ".join(spec.required),
            sheets=", ".join(names),
        )
    return name


# ---------------------------------------------------------- header and map


def _resolver(spec: schema.Table, mapping: dict[str, str]):
    user = {schema.normalise_header(k): v for k, v in mapping.items()}
    lookup = schema.ALIAS_LOOKUP[spec.name]

    def resolve(cell: object) -> str | None:
        if parse.is_blank(cell):
            return None
        key = schema.normalise_header(cell)
        return user.get(key) or lookup.get(key)

    return resolve


def _row_score(cells: pd.Series, spec: schema.Table, resolve) -> tuple[int, int]:
    """(all required columns present, number of distinct columns recognised)."""
    found = {c for c in map(resolve, cells) if c}
    complete = set(spec.required) <= found and (not spec.any_of or bool(found & set(spec.any_of)))
    return int(complete), len(found)


def _best_header(grid: pd.DataFrame, spec: schema.Table, mapping) -> tuple[int, int, object]:
    resolve = _resolver(spec, mapping)
    best = (0, 0, None)
    for row, cells in grid.head(HEADER_SCAN_ROWS).iterrows():
        complete, n = _row_score(cells, spec, resolve)
        if (complete, n) > best[:2]:
            best = (complete, n, row)
    return best


def _guess_table(grid: pd.DataFrame, mapping) -> str:
    ranked = sorted(
        ((_best_header(grid, spec, mapping)[:2], -i, name)
         for i, (name, spec) in enumerate(schema.TABLES.items())),
        reverse=True,
    )
    (complete, _), _, name = ranked[0]
    # Nothing fits: judge it as sales, the common case, so the message says what sales needs.
    return name if complete else "sales"


def _header_row(grid, spec, mapping, header_row, file, sheet) -> int:
    if header_row is not None:
        if header_row not in grid.index:
            raise file_error(file, "header.row_out_of_range", row=header_row, n=len(grid))
        return header_row
    complete, n, row = _best_header(grid, spec, mapping)
    if row is None or n < 2:
        examples = "、".join(
            f"{schema.ALIASES[c][0]} / {c}" for c in spec.required if c in schema.ALIASES
        )
        raise DataError([Problem(
            file=file, sheet=sheet, code="header.none",
            params=(("n", HEADER_SCAN_ROWS), ("required", ", ".join(spec.required)),
                    ("examples", examples)),
        )])
    return row


def _map_columns(header: pd.Series, spec, mapping, file, report) -> dict[str, tuple[int, str]]:
    """canonical column -> (grid column position, header text as in the file)."""
    resolve = _resolver(spec, mapping)
    columns: dict[str, tuple[int, str]] = {}
    for pos, cell in header.items():
        if parse.is_blank(cell):
            continue
        text = str(cell).strip()
        target = resolve(cell)
        if target is None:
            report.ignored.append(text)
        elif target in columns:
            report.ignored.append(text)
            report.notes.append(t("note.duplicate", header=text, kept=columns[target][1], column=target))
        else:
            columns[target] = (pos, text)
    _check_sources(mapping, header, file, report)
    missing = [c for c in spec.required if c not in columns]
    if spec.any_of and not any(c in columns for c in spec.any_of):
        missing.append(" / ".join(spec.any_of))
    if missing:
        raise DataError([Problem(
            file=file, sheet=report.sheet, row=report.header_row, code="header.missing",
            params=(("row", report.header_row), ("missing", ", ".join(missing)),
                    ("found", "、".join(report.ignored + [h for _, h in columns.values()])),
                    ("hint", _suggest(report.ignored, missing)), ("first", missing[0])),
        )], report)  # the report's ignored headers let a form offer them for mapping
    report.mapped = {c: h for c, (_, h) in columns.items()}
    return columns


def _check_sources(mapping, header, file, report) -> None:
    present = {schema.normalise_header(c) for c in header if not parse.is_blank(c)}
    for source in mapping:
        if schema.normalise_header(source) not in present:
            raise file_error(
                file, "mapping.absent", source=source,
                found="、".join(str(c) for c in header if not parse.is_blank(c)),
            )


def _suggest(unmapped: list[str], missing: list[str]) -> str:
    """Point at the unmapped header that looks most like a missing column."""
    hints = []
    for column in missing:
        names = [column, *schema.ALIASES.get(column, ())]
        for header in unmapped:
            if difflib.get_close_matches(schema.normalise_header(header), names, n=1, cutoff=0.6):
                hints.append(t("header.suggest", header=header, column=column))
                break
    return "".join(hints)


def _check_mapping(mapping: dict[str, str], table: str | None, file: str) -> dict[str, str]:
    if table is None:
        return mapping
    columns = schema.TABLES[table].columns
    for target in mapping.values():
        if target not in columns:
            raise file_error(
                file, "mapping.unknown", target=target, table=table, columns=", ".join(columns)
            )
    return mapping


# ------------------------------------------------------------ parse body


def _parse_body(body, columns, spec, file, report) -> tuple[pd.DataFrame, list[Problem]]:
    # Computed once per column: it decides blank rows and empty required cells.
    blanks = pd.DataFrame({pos: parse.blank_mask(body[pos]) for pos in body.columns},
                          index=body.index)
    blank = blanks.all(axis=1) if len(body.columns) else pd.Series(True, index=body.index)
    report.blank_rows = int(blank.sum())
    body, blanks = body.loc[~blank], blanks.loc[~blank]
    report.rows_read = len(body)

    values: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    daily = pd.Series(False, index=body.index)
    for column, (pos, _) in columns.items():
        raw = body[pos] if pos in body else pd.Series(None, index=body.index, dtype=object)
        kind = schema.kind_of(column)
        if kind == schema.PERIOD:
            values[column], has_day, bad[column] = parse.parse_periods(raw)
            daily |= has_day
        elif kind == schema.DATE:
            stamps, _, bad[column] = parse.parse_dates(raw)
            values[column] = stamps
        elif kind in ADDITIVE:
            values[column], bad[column] = parse.parse_numbers(raw, percent=column == "probability")
        elif column == "kind":
            values[column], bad[column] = parse.parse_kinds(raw)
        else:
            text, bad[column] = parse.parse_text(raw)
            # Keys repeat (a few dozen regions, thousands of SKUs over millions of
            # rows): as categories every later group-by and filter is ~4x faster.
            values[column] = text.astype("category")
        if column in spec.required and pos in blanks:
            bad[column] = bad[column] | blanks[pos]
    _require_one_of(spec, columns, blanks, bad)

    total_at = _total_rows(body, columns)
    total = total_at >= 0
    problems = _problems(body, columns, bad, total_at, file, report.sheet)
    rejected = total.copy()
    for mask in bad.values():
        rejected |= mask
    data = pd.DataFrame({c: v[~rejected] for c, v in values.items()}, index=body.index[~rejected])
    data.index.name = "row"
    data.attrs["daily"] = bool(daily[~rejected].any())
    if data.attrs["daily"]:
        report.notes.append(t("note.daily"))
    return data, problems


def _require_one_of(spec, columns, blanks: pd.DataFrame, bad: dict[str, pd.Series]) -> None:
    """A row must fill at least one of ``spec.any_of`` (targets: net_sales or units):
    a row with all of them blank is rejected at the first one present."""
    present = [c for c in spec.any_of if c in columns and columns[c][0] in blanks]
    if not present:
        return
    empty = blanks[[columns[c][0] for c in present]].all(axis=1)
    bad[present[0]] = bad[present[0]] | empty


def _total_rows(body: pd.DataFrame, columns) -> pd.Series:
    """Position of the 合计 / Total cell per row (-1 if none): ERP exports append such rows."""
    where = pd.Series(-1, index=body.index)
    for column, (pos, _) in sorted(columns.items(), key=lambda kv: -kv[1][0]):
        if schema.kind_of(column) in (schema.TEXT, schema.PERIOD) and pos in body:
            words = parse.map_unique(
                body[pos], lambda c: isinstance(c, str) and schema.normalise_header(c)
            )
            where[words.isin(TOTAL_WORDS)] = pos
    return where


def _problems(body, columns, bad, total_at, file, sheet) -> list[Problem]:
    found: list[tuple[int, int, Problem]] = []
    headers = {pos: header for pos, header in columns.values()}
    for row, pos in total_at[total_at >= 0].items():
        found.append((row, pos, Problem(
            file=file, sheet=sheet, row=int(row), column=headers[pos], letter=column_letter(pos),
            value=str(body.at[row, pos]).strip(), code="expect.total_row",
        )))
    total = total_at >= 0
    for column, mask in bad.items():
        mask = mask & ~total
        if not mask.any():
            continue
        pos, header = columns[column]
        code = _expectation(column)
        for row, raw in body.loc[mask, pos].items():
            empty = parse.is_blank(raw)
            found.append((row, pos, Problem(
                file=file, sheet=sheet, row=int(row), column=header, letter=column_letter(pos),
                value=None if empty else _show(raw), code="expect.value" if empty else code,
            )))
    return [p for _, _, p in sorted(found, key=lambda x: (x[0], x[1]))]


def _expectation(column: str) -> str:
    kind = schema.kind_of(column)
    if kind == schema.PERIOD:
        return "expect.period"
    if kind == schema.DATE:
        return "expect.date"
    if kind in ADDITIVE:
        return "expect.number"
    return "expect.kind" if column == "kind" else "expect.value"


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


# ------------------------------------------------------- units and rollup


def _apply_units(data, columns, units, file, report) -> pd.DataFrame:
    declared = {}
    for column, (_, header) in columns.items():
        if schema.kind_of(column) != schema.MONEY:
            continue
        unit = units.get(column) if isinstance(units, dict) else units
        unit = unit or schema.header_unit(header)
        if unit is None:
            continue
        if unit not in schema.MONEY_UNITS:
            raise file_error(file, "unit.unknown", unit=unit, units="、".join(schema.MONEY_UNITS))
        factor = schema.MONEY_UNITS[unit]
        if factor != 1:
            # Round to the fen: 12.3456 万元 is 123456.00 元, not 123455.99999.
            data[column] = (data[column] * factor).round(2)
            declared[column] = f"{unit} → 元 (×{factor:,.0f})"
    report.units = declared
    return data


def _roll_up(data: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in data.columns if schema.kind_of(c) not in ADDITIVE]
    measures = [c for c in data.columns if c not in keys]
    out = data.assign(_rows=1).groupby(keys, dropna=False, sort=True, observed=True)[
        measures + ["_rows"]
    ].sum(min_count=1)
    out = out.reset_index()
    out.index = pd.RangeIndex(len(out), name="row")
    out[measures] = out[measures].astype(np.float64)
    return out
