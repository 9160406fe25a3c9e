"""load → map columns → validate → canonical table.

A trainee's export comes in as it is (title rows, Chinese headers, 万元,
text numbers, GBK, a notes sheet). One canonical table comes out, plus a
report of everything that was mapped, ignored, converted, left out or rejected:
every row below the header is accepted, rejected, skipped (a total row, a
units row) or blank, and nothing else can happen to it.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kit import i18n, schema
from kit.data import parse, readers, vocab
from kit.data.report import DataError, LoadReport, Problem, column_letter, file_error, t

HEADER_SCAN_ROWS = 30
# A total row's label, in any key column: 合计, 全部客户合计, 华东 汇总, 本月合计, 合计：,
# Total, Grand Total, Sub-total … (colons, spaces and a bracketed note around it allowed).
_TOTAL_WORD = r"(?:总合计|合计|小计|总计|汇总|累计)"
_TOTAL_WORD_EN = r"(?:grand\s*total|sub-?\s*total|totals?)"
_TOTAL_LABEL = re.compile(
    rf"^\s*{_TOTAL_WORD}\s*(?:[:：\-—(（\[【\s].*)?$|^.*?{_TOTAL_WORD}\s*[:：]?\s*$"
    rf"|^\s*{_TOTAL_WORD_EN}\s*(?:[:：(（].*)?$|^.*\s{_TOTAL_WORD_EN}\s*[:：]?\s*$|^\s*sum\s*[:：]?\s*$",
    re.IGNORECASE,
)
# "单位：万元" in a title row or a note above the header.
_UNIT_NOTE = re.compile(r"(?:金额)?单位\s*[:：]\s*([^\s,，;；)）\]】]+)|\bunits?\s*[:：]\s*(\S+)",
                        re.IGNORECASE)
# What a units row under the header holds besides money units (数量 in 箱, 件 …).
_QUANTITY_UNITS = frozenset(
    "箱 件 个 盒 瓶 包 袋 支 罐 桶 听 提 条 台 套 张 份 次 人 家 吨 千克 公斤 克 斤 升 毫升 米 "
    "kg g t l ml pcs pc cases case ctn units unit each ea % ％ 个数 数量".split()
)
CENT = 0.005  # two amounts that agree to the fen are equal
# Columns summed when daily rows are rolled up to months.
ADDITIVE = (schema.NUMBER, schema.MONEY)
KEY_KINDS = (schema.TEXT, schema.PERIOD)


@dataclass
class LoadResult:
    """The canonical table (index = the row number in the file) and its report."""

    data: pd.DataFrame
    report: LoadReport


@dataclass
class _Source:
    """What the reader got from the file, before any column is known."""

    grid: pd.DataFrame
    report: LoadReport
    lines: readers.Lines | None = None  # a text file's field counts and broken lines
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # uncomputed, xlsx


def load(
    source: str | Path | bytes,
    table: str | None = "sales",
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    header_row: int | None = None,
    units: str | dict[str, str] | None = None,
    decimal: str | dict[str, str] | None = None,
    encoding: str | None = None,
    rollup: bool = False,
    errors: str = "raise",
    name: str | None = None,
) -> LoadResult:
    """Load one trainee file into a canonical table.

    table: a canonical table name, or None to judge it from the headers.
    sheet: the sheet of a workbook; by default the visible one that looks like `table`.
    mapping: your header → canonical column, e.g. ``{"销售额": "net_sales"}``.
    header_row: the Excel row number of the header (found automatically).
    units: the money unit of the file (``"万元"``) or per column
        (``{"net_sales": "千元"}``); a unit in a header (销售额(万元), 销售额/万元),
        in a units row under it or in a 单位：万元 note above it is read too.
        A unit the kit cannot read stops the load and asks for this.
    decimal: the decimal mark of the numbers, "." or "," (or per column); by
        default decided per column, and asked for when a column reads both ways.
    encoding: the text encoding of a CSV (detected automatically).
    rollup: sum daily rows into months.
    errors: "raise" raises DataError listing every bad row; "report" keeps the
        good rows and lists the bad ones in ``result.report.problems``. Total
        rows are left out either way and listed in ``result.report.skipped``.
    name: the file name to show in messages (defaults to the path's name).
    """
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    file = name or (Path(source).name if isinstance(source, (str, Path)) else "upload")
    options = dict(table=table, sheet=sheet, mapping=mapping, header_row=header_row, units=units,
                   decimal=decimal, encoding=encoding, rollup=rollup, errors=errors)
    if not _MEMO.size:
        return _load(source, file, **options)
    data = readers.read_bytes(source, file)
    key = (file, hashlib.sha256(data).hexdigest(), repr(sorted(options.items())),
           i18n.get_lang(), i18n.get_currency())
    if key not in _MEMO.loads:
        _MEMO.loads[key] = _load(data, file, **options)
        while len(_MEMO.loads) > _MEMO.size:
            _MEMO.loads.popitem(last=False)
    _MEMO.loads.move_to_end(key)
    kept = _MEMO.loads[key]
    return LoadResult(kept.data.copy(), copy.deepcopy(kept.report))


@dataclass
class _Memo:
    size: int = 0
    loads: OrderedDict = field(default_factory=OrderedDict)


_MEMO = _Memo()


def remember(loads: int) -> None:
    """Keep the last `loads` results of :func:`load` in this process (0, the default:
    none). A warm kernel (kit.runner) turns this on: a trainee's file is loaded in each
    of the six stages, and parsing it is the slowest part of a stage's first cells.
    A result is found again only for the same bytes, name, options, language and
    currency, and every caller gets its own copy, so a stage that changes its table
    changes nothing for the next; a load that raised is not kept."""
    _MEMO.size = max(0, int(loads))
    _MEMO.loads.clear()


def _load(source, file, *, table, sheet, mapping, header_row, units, decimal, encoding, rollup,
          errors) -> LoadResult:
    if table is not None and table not in schema.TABLES:
        raise file_error(file, "table.unknown", table=table, tables=", ".join(schema.TABLES))
    mapping = _check_mapping(mapping or {}, table, file)
    _check_decimal(decimal, file)

    src = _read(source, file, table, sheet, mapping, encoding)
    grid, report = src.grid, src.report
    if report.table is None:
        report.table = _guess_table(grid, mapping)
        report.notes.append(t("note.guessed", table=report.table))
    spec = schema.TABLES[report.table]
    _check_mapping(mapping, report.table, file)

    hdr = _header_row(grid, spec, mapping, header_row, file, report.sheet)
    report.header_row = int(hdr)
    columns = _map_columns(grid.loc[hdr], spec, mapping, file, report)
    body = grid.loc[grid.index > hdr]
    found_units = _units_in_file(grid, hdr, body, columns, file, report)
    if found_units.row is not None:
        body = body.drop(index=found_units.row)
    data, problems = _parse_body(body, grid.loc[hdr], columns, spec, src, decimal, file, report)
    data, problems = vocab.check(data, problems, spec.name, columns, file, report.sheet)
    data = _apply_units(data, columns, units, found_units, file, report)
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


def _check_decimal(decimal, file) -> None:
    marks = decimal.values() if isinstance(decimal, dict) else [decimal]
    for mark in marks:
        if mark not in (None, ".", ","):
            raise file_error(file, "decimal.unknown", decimal=mark)


# ------------------------------------------------------------------ reading


def _read(source, file, table, sheet, mapping, encoding) -> _Source:
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
        src = _excel(data, file, table, sheet, mapping, report)
    else:
        decoded = readers.decode(data, file, encoding)
        report.encoding = decoded.encoding
        delimiter = readers.sniff_delimiter(decoded.text)
        grid, lines = readers.text_grid(data, decoded, delimiter)
        src = _Source(grid, report, lines)
    if src.grid.empty:
        raise file_error(file, "file.empty")
    return src


def _excel(data, file, table, sheet, mapping, report) -> _Source:
    wb = readers.open_workbook(data, file)
    try:
        names = list(wb.sheetnames)
        charts = [n for n in names if not readers.is_table_sheet(wb[n])]
        hidden = [n for n in names if n not in charts and wb[n].sheet_state != "visible"]
        if sheet is not None and sheet not in names:
            raise file_error(file, "sheet.missing", sheet=sheet, sheets=", ".join(names))
        if sheet is None:
            visible = [n for n in names if n not in charts and n not in hidden]
            if not visible:
                raise file_error(file, "sheet.no_table", sheets=", ".join(names))
            # One visible sheet is the sheet, unless hidden ones may hold the data instead.
            several = len(visible) > 1 or hidden
            sheet = _pick_sheet(wb, visible, hidden, file, table, mapping) if several else visible[0]
            if len(names) > 1:
                report.notes.append(t("note.sheet", sheet=sheet, sheets=", ".join(names)))
            if hidden or charts:
                report.notes.append(t("note.sheets_skipped", sheets="、".join(hidden + charts)))
        elif sheet in hidden:
            report.notes.append(t("note.sheet_hidden", sheet=sheet))
        report.sheet = sheet
        grid = readers.sheet_grid(wb, sheet, file)
        return _Source(grid, report, formulas=readers.formulas(data, wb, sheet))
    finally:
        wb.close()


def _pick_sheet(wb, names, hidden, file, table, mapping) -> str:
    tables = [schema.TABLES[table]] if table else list(schema.TABLES.values())

    def score(name):
        head = readers.sheet_grid(wb, name, file, max_rows=HEADER_SCAN_ROWS)
        return max((_best_header(head, spec, mapping) for spec in tables), default=(0, 0, None))[:2]

    scored = [(score(name), -names.index(name), name) for name in names]
    (complete, _), _, name = max(scored)
    if not complete:
        spec = tables[0]
        # Say so when the data is in a sheet the trainee cannot see.
        usable = [h for h in hidden if score(h)[0]]
        hint = t("sheet.hidden_hint", sheet=usable[0]) if usable else ""
        raise file_error(
            file, "sheet.none", table=spec.name, required=", ".join(spec.required),
            sheets=", ".join(names), hint=hint,
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


# ------------------------------------------------------------ units in the file


@dataclass
class _FileUnits:
    """Money units the file states outside the headers."""

    by_position: dict[int, tuple[str, int]] = field(default_factory=dict)  # units row: pos -> (unit, row)
    row: int | None = None  # the units row under the header, left out of the data
    note: tuple[str, int, int] | None = None  # 单位：万元 above the header: (unit, row, pos)


def _units_in_file(grid, hdr, body, columns, file, report) -> _FileUnits:
    found = _FileUnits()
    money = {pos: (column, header) for column, (pos, header) in columns.items()
             if schema.kind_of(column) == schema.MONEY}
    for row in grid.index[grid.index < hdr]:
        for pos, cell in grid.loc[row].items():
            if not isinstance(cell, str) or not (m := _UNIT_NOTE.search(unicodedata.normalize("NFKC", cell))):
                continue
            mention = schema.read_unit(m.group(1) or m.group(2))
            if mention.unreadable and money:
                raise _unreadable_unit(file, report, row, pos, cell, mention.unreadable)
            if mention.unit:
                found.note = (mention.unit, int(row), int(pos))
    first = body.index[0] if len(body) else None
    if first is not None and _is_units_row(body.loc[first]):
        found.row = int(first)
        for pos, cell in body.loc[first].items():
            if pos in money and not parse.is_blank(cell):
                mention = schema.read_unit(str(cell))
                if mention.unreadable or not mention.unit:
                    raise _unreadable_unit(file, report, first, pos, cell, str(cell).strip())
                found.by_position[pos] = (mention.unit, int(first))
        cells = "、".join(str(c).strip() for c in body.loc[first] if not parse.is_blank(c))
        report.skipped.append(Problem(file=file, sheet=report.sheet, row=int(first), value=cells,
                                      code="skip.units_row"))
    return found


def _is_units_row(cells: pd.Series) -> bool:
    """A row of unit words only (箱 | 万元 | (元)): it says what the columns hold."""
    words = [str(c).strip() for c in cells if not parse.is_blank(c)]
    if not words:
        return False
    for word in words:
        folded = unicodedata.normalize("NFKC", word).strip("()（）[]【】 ").lower()
        mention = schema.unit_of_token(folded)
        if not (mention.unit or mention.unreadable or folded in _QUANTITY_UNITS):
            return False
    return True


def _unreadable_unit(file, report, row, pos, cell, unit) -> DataError:
    return DataError([Problem(
        file=file, sheet=report.sheet, row=int(row), column=str(cell).strip(),
        letter=column_letter(int(pos)), code="unit.unreadable",
        params=(("unit", unit), ("units", "、".join(schema.MONEY_UNITS)),
                # an input file's own unit word, not the currency the kit shows money in
                ("example", "万元")),
    )], report)


# ------------------------------------------------------------ parse body


def _parse_body(body, header_cells, columns, spec, src, decimal, file,
                report) -> tuple[pd.DataFrame, list[Problem]]:
    # Computed once per column: it decides blank rows and empty required cells.
    blanks = pd.DataFrame({pos: parse.blank_mask(body[pos]) for pos in body.columns},
                          index=body.index)
    blank = blanks.all(axis=1) if len(body.columns) else pd.Series(True, index=body.index)
    broken = _broken_lines(body, header_cells, blank, src.lines)
    blank &= broken == ""  # a line whose quote swallowed its cells is not blank
    report.blank_rows = int(blank.sum())
    body, blanks, broken = body.loc[~blank], blanks.loc[~blank], broken.loc[~blank]
    report.rows_read = len(body) + len(report.skipped)  # a units row was read too

    values: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    codes: dict[str, pd.Series] = {}  # a better reason than the column's usual one
    daily = pd.Series(False, index=body.index)
    cleaned: list[tuple[int, int]] = []
    for column, (pos, header) in columns.items():
        raw = body[pos] if pos in body else pd.Series(None, index=body.index, dtype=object)
        kind = schema.kind_of(column)
        if kind == schema.PERIOD:
            values[column], has_day, bad[column] = parse.parse_periods(raw)
            daily |= has_day
        elif kind == schema.DATE:
            stamps, _, bad[column] = parse.parse_dates(raw)
            values[column] = stamps
        elif kind in ADDITIVE:
            mark = decimal.get(column) if isinstance(decimal, dict) else decimal
            values[column], bad[column], mark = parse.parse_numbers(
                raw, percent=column == "probability", decimal=mark)
            if isinstance(mark, parse.Ambiguous):
                raise _ambiguous_decimal(raw, mark, pos, header, file, report)
        elif column == "kind":
            values[column], bad[column] = parse.parse_kinds(raw)
        else:
            text, placeholder, clean = parse.parse_text(raw)
            cleaned += [(int(r), pos) for r in clean.index[clean]]
            if column in spec.required:
                bad[column] = placeholder.astype(bool)
                codes[column] = placeholder.map({True: "expect.placeholder", False: None})
            else:
                bad[column] = pd.Series(False, index=body.index)
            # Keys repeat (a few dozen regions, thousands of SKUs over millions of
            # rows): as categories every later group-by and filter is ~4x faster.
            values[column] = text.astype("category")
        if column in spec.required and pos in blanks:
            bad[column] = bad[column] | blanks[pos]
    _require_one_of(spec, columns, blanks, bad)
    _formula_cells(body, columns, blanks, src.formulas, bad, codes)
    if cleaned:
        where = "、".join(f"{r}{column_letter(p)}" for r, p in sorted(cleaned)[:5])
        report.notes.append(t("note.control", n=len(cleaned), cells=where))

    broken_rows = broken != ""
    total_at = _total_labels(body, columns).where(~broken_rows, -1)
    rejected = broken_rows.copy()
    for mask in bad.values():
        rejected |= mask
    total = total_at >= 0
    total |= _total_values(values, columns, spec, blanks, rejected | total) & ~broken_rows
    problems = _line_problems(body, broken, src.lines, file, report)
    problems += _problems(body, columns, bad, codes, total | broken_rows, file, report.sheet)
    report.skipped += _total_entries(body, total, total_at, columns, file, report.sheet)
    report.skipped.sort(key=lambda p: p.row)
    rejected |= total
    data = pd.DataFrame({c: v[~rejected] for c, v in values.items()}, index=body.index[~rejected])
    data.index.name = "row"
    data.attrs["daily"] = bool(daily[~rejected].any())
    if data.attrs["daily"]:
        report.notes.append(t("note.daily"))
    return data, problems


def _broken_lines(body, header, blank, lines) -> pd.Series:
    """Per row below the header: "" for a sound line, else the reason it is not.

    A line with more or fewer fields than the header would put its numbers
    under the wrong headers (an unquoted 1,234 splits in two), and a line the
    reader could not split (a stray quote, a NUL byte, another encoding) is not
    what the file meant either: such rows are rejected whole, with that reason.
    """
    out = pd.Series("", index=body.index, dtype=object)
    if lines is None:
        return out
    for row, (code, _) in lines.broken.items():
        if row in out.index:
            out[row] = code
    header_fields = int(lines.fields[header.name - 1])
    named = header_fields  # trailing empty header cells: a row may stop before them
    while named > 1 and parse.is_blank(header.iloc[named - 1]):
        named -= 1
    fields = pd.Series(lines.fields[body.index.to_numpy() - 1], index=body.index)
    sound = ~blank & (out == "")
    out[sound & (fields > header_fields)] = "expect.fields"
    out[sound & (fields < named)] = "expect.fields_short"
    return out


def _line_problems(body, broken, lines, file, report) -> list[Problem]:
    if lines is None or not (broken != "").any():
        return []
    problems = []
    header_fields = int(lines.fields[report.header_row - 1])
    for row, code in broken[broken != ""].items():
        n = int(lines.fields[row - 1])
        value = lines.broken[row][1] if row in lines.broken else _line_text(body.loc[row], n, lines)
        problems.append(Problem(file=file, sheet=report.sheet, row=int(row), value=value, code=code,
                                params=(("n", n), ("m", header_fields))))
    return problems


def _line_text(cells: pd.Series, n: int, lines) -> str:
    return readers.shown(lines.delimiter.join("" if c is None else str(c) for c in cells.iloc[:n]))


def _require_one_of(spec, columns, blanks: pd.DataFrame, bad: dict[str, pd.Series]) -> None:
    """A row must fill at least one of ``spec.any_of`` (targets: net_sales or units):
    a row with all of them blank is rejected at the first one present."""
    present = [c for c in spec.any_of if c in columns and columns[c][0] in blanks]
    if not present:
        return
    empty = blanks[[columns[c][0] for c in present]].all(axis=1)
    bad[present[0]] = bad[present[0]] | empty


def _formula_cells(body, columns, blanks, formulas, bad, codes) -> None:
    """Empty cells that hold a formula Excel never computed: say that, not "empty"."""
    if not formulas:
        return
    for column, (pos, _) in columns.items():
        if pos not in blanks:
            continue
        rows = [r for r in blanks.index[blanks[pos]] if (r, pos) in formulas]
        if not rows:
            continue
        bad[column] = bad[column] | pd.Series(blanks.index.isin(rows), index=blanks.index)
        code = codes.get(column, pd.Series(None, index=blanks.index, dtype=object))
        codes[column] = code.where(~code.index.isin(rows), "expect.formula")
        body.loc[rows, pos] = [formulas[(r, pos)] for r in rows]


def _total_labels(body: pd.DataFrame, columns) -> pd.Series:
    """Position of the 合计 / Total cell per row (-1 if none): ERP exports append such rows."""
    where = pd.Series(-1, index=body.index)
    for column, (pos, _) in sorted(columns.items(), key=lambda kv: -kv[1][0]):
        if schema.kind_of(column) in KEY_KINDS and pos in body:
            label = parse.map_unique(
                body[pos], lambda c: isinstance(c, str) and bool(_TOTAL_LABEL.match(
                    unicodedata.normalize("NFKC", c)))
            ).astype(bool)
            where[label] = pos
    return where


def _total_values(values, columns, spec, blanks, excluded) -> pd.Series:
    """Rows that leave a key column empty and whose amounts equal the sum of
    the rows above them (since the previous such row, or all of them): totals
    without a label."""
    found = pd.Series(False, index=blanks.index)
    measures = [c for c in columns if schema.kind_of(c) in ADDITIVE and c in values]
    keys = [pos for c, (pos, _) in columns.items()
            if c in spec.required and schema.kind_of(c) in KEY_KINDS and pos in blanks]
    if not measures or not keys or len(found) < 3:
        return found
    keyless = blanks[keys].any(axis=1).to_numpy()
    clean = ~excluded.to_numpy()
    frame = np.column_stack([values[c].to_numpy(dtype="float64") for c in measures])
    counted = np.where(clean[:, None], np.nan_to_num(frame), 0.0)
    above = np.vstack([np.zeros((1, len(measures))), np.cumsum(counted, axis=0)[:-1]])
    rows_above = np.concatenate([[0], np.cumsum(clean)[:-1]])
    known = ~np.isnan(frame)
    since, since_rows = np.zeros(len(measures)), 0
    for i in np.flatnonzero(keyless & known.any(axis=1)):
        row_values, mask = frame[i], known[i]
        segment = above[i] - since
        for total, count in ((segment, rows_above[i] - since_rows), (above[i], rows_above[i])):
            if count >= 2 and np.abs(total[mask]).sum() > CENT and (
                    np.abs(row_values[mask] - total[mask]) < CENT).all():
                found.iloc[i] = True
                since, since_rows = above[i], rows_above[i]
                break
    return found


def _total_entries(body, total, total_at, columns, file, sheet) -> list[Problem]:
    headers = {pos: header for pos, header in columns.values()}
    entries = []
    for row in total.index[total]:
        pos = int(total_at[row])
        if pos >= 0:
            entries.append(Problem(file=file, sheet=sheet, row=int(row), column=headers[pos],
                                   letter=column_letter(pos), value=str(body.at[row, pos]).strip(),
                                   code="skip.total_row"))
        else:
            entries.append(Problem(file=file, sheet=sheet, row=int(row), code="skip.total_value"))
    return entries


def _problems(body, columns, bad, codes, excluded, file, sheet) -> list[Problem]:
    found: list[tuple[int, int, Problem]] = []
    for column, mask in bad.items():
        mask = mask & ~excluded
        if not mask.any():
            continue
        pos, header = columns[column]
        code = _expectation(column)
        better = codes.get(column)
        for row, raw in body.loc[mask, pos].items():
            empty = parse.is_blank(raw)
            reason = better[row] if better is not None and isinstance(better[row], str) else (
                "expect.value" if empty else code)
            found.append((row, pos, Problem(
                file=file, sheet=sheet, row=int(row), column=header, letter=column_letter(pos),
                value=None if empty else _show(raw), code=reason,
            )))
    return [p for _, _, p in sorted(found, key=lambda x: (x[0], x[1]))]


def _ambiguous_decimal(raw, mark, pos, header, file, report) -> DataError:
    row = raw.index[raw.astype(str) == mark.decimal_comma]
    return DataError([Problem(
        file=file, sheet=report.sheet, row=int(row[0]) if len(row) else None, column=header,
        letter=column_letter(pos), value=mark.decimal_comma, code="decimal.ambiguous",
        params=(("comma", mark.decimal_comma), ("grouped", mark.thousands)),
    )], report)


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
    return readers.shown(str(raw))


# ------------------------------------------------------- units and rollup


def _apply_units(data, columns, units, found: _FileUnits, file, report) -> pd.DataFrame:
    declared = {}
    for column, (pos, header) in columns.items():
        if schema.kind_of(column) != schema.MONEY:
            continue
        unit, where = units.get(column) if isinstance(units, dict) else units, None
        if unit is None:
            mention = schema.read_unit(header)
            if mention.unreadable:
                raise _unreadable_unit(file, report, report.header_row, pos, header,
                                       mention.unreadable)
            unit = mention.unit
        if unit is None and pos in found.by_position:
            unit, row = found.by_position[pos]
            where = t("unit.from_row", row=row)
        if unit is None and found.note:
            unit, row, _ = found.note
            where = t("unit.from_note", row=row)
        if unit is None:
            continue
        if unit not in schema.MONEY_UNITS:
            raise file_error(file, "unit.unknown", unit=unit, units="、".join(schema.MONEY_UNITS))
        factor = schema.MONEY_UNITS[unit]
        if factor != 1:
            # Round to the fen: 12.3456 万元 is 123456.00 元, not 123455.99999.
            data[column] = (data[column] * factor).round(2)
            declared[column] = f"{unit} → 元 (×{factor:,.0f})" + (f" {where}" if where else "")
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
