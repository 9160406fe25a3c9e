"""What the loader tells the trainee: problems, the error it raises, the load report."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit import i18n
from kit.errors import KitError

t = i18n.catalogue(
    "data",
    {
        # What a cell should have held.
        "expect.number": {"zh": "应为数字", "en": "expected a number"},
        "expect.period": {
            "zh": "应为月份或日期（如 2024-01、2024/1/15、2024年1月）",
            "en": "expected a month or date (e.g. 2024-01, 2024/1/15, Jan 2024)",
        },
        "expect.date": {
            "zh": "应为日期（如 2024-03-15）",
            "en": "expected a date (e.g. 2024-03-15)",
        },
        "expect.kind": {
            "zh": "应为进货（sell_in）或零售/动销（sell_out）",
            "en": "expected sell_in (进货) or sell_out (零售)",
        },
        "expect.value": {"zh": "不能为空", "en": "must not be empty"},
        "expect.one_of": {"zh": "应为以下之一：{zh}", "en": "expected one of: {en}"},
        "expect.range": {"zh": "应为 {low} 到 {high} 之间的整数",
                         "en": "expected a whole number from {low} to {high}"},
        "expect.placeholder": {
            "zh": "不能为空：这是占位符，不是编码或名称",
            "en": "must not be empty: this is a placeholder, not a code or name",
        },
        "expect.formula": {
            "zh": "这是公式，但没有计算结果：工作簿保存后从未重新计算过。请在 Excel 或 WPS 中打开并保存，再载入",
            "en": "this is a formula without a computed value: the workbook was never recalculated. Open it in Excel or WPS, save it, and load it again",
        },
        "expect.fields": {
            "zh": "这一行有 {n} 个字段，表头只有 {m} 个：数字会错位到别的列（常见原因：千分位逗号没有加引号，如 1,234）",
            "en": "this row has {n} fields but the header has {m}: its numbers would land under the wrong headers (often an unquoted thousands comma, as in 1,234)",
        },
        "expect.fields_short": {
            "zh": "这一行只有 {n} 个字段，表头有 {m} 个：缺少的列无法对应",
            "en": "this row has only {n} fields but the header has {m}: the missing ones cannot be matched to columns",
        },
        "row.quote": {
            "zh": "这一行的引号（\"）到行尾还没有结束：请删除多余的引号，或把它成对写出",
            "en": "a quote (\") in this row is still open at the end of the line: remove the stray quote or close it",
        },
        "row.nul": {
            "zh": "这一行含有空字符（NUL，\\0），文件可能已损坏：请在 Excel 或 WPS 中打开并重新保存",
            "en": "this row holds a NUL character (\\0); the file may be damaged: open it in Excel or WPS and save it again",
        },
        "row.encoding.gbk": {
            "zh": "这一行不是 UTF-8 编码（像是 GBK），与文件其他行不同：请把整个文件另存为同一种编码",
            "en": "this row is not UTF-8 (it looks like GBK), unlike the rest of the file: save the whole file in one encoding",
        },
        "row.encoding.utf-8": {
            "zh": "这一行是 UTF-8 编码，而文件其他行是 GBK：请把整个文件另存为同一种编码",
            "en": "this row is UTF-8 while the rest of the file is GBK: save the whole file in one encoding",
        },
        "skip.total_row": {
            "zh": "合计行，不是明细数据：已排除，以免重复计算",
            "en": "a total row, not a data row: left out so it is not counted twice",
        },
        "skip.total_value": {
            "zh": "这一行的金额等于上方各行之和、且缺少客户或产品：是没有标注的合计行，已排除",
            "en": "this row's amounts equal the sum of the rows above it and it lacks a key: an unlabelled total row, left out",
        },
        "skip.units_row": {
            "zh": "单位行（说明各列的单位），不是数据：已按其中的金额单位换算",
            "en": "a units row (what each column is measured in), not data: its money units were applied",
        },
        # Whole-file problems.
        "file.missing": {"zh": "找不到文件", "en": "file not found"},
        "file.empty": {"zh": "文件是空的", "en": "the file is empty"},
        "file.xls": {
            "zh": "这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为” .xlsx 后再载入",
            "en": "this is an old Excel 97-2003 (.xls) file: open it in Excel, Save As .xlsx, then load that",
        },
        "file.zip": {
            "zh": "这是一个压缩包，不是 Excel 工作簿",
            "en": "this is a zip archive, not an Excel workbook",
        },
        "file.binary": {
            "zh": "无法识别的文件格式：请提供 .xlsx 或 .csv 文件",
            "en": "unrecognised file format: please provide an .xlsx or .csv file",
        },
        "file.directory": {
            "zh": "这是一个文件夹，不是文件：请给出文件夹里的某个 .xlsx 或 .csv 文件",
            "en": "this is a folder, not a file: give one .xlsx or .csv file inside it",
        },
        "file.permission": {
            "zh": "没有读取这个文件的权限：请检查文件权限，或把文件复制到自己的文件夹后再试",
            "en": "no permission to read this file: check its permissions, or copy it into your own folder and try again",
        },
        "file.os_error": {
            "zh": "无法读取文件（{error}）",
            "en": "the file could not be read ({error})",
        },
        "file.unreadable": {
            "zh": "无法读取这个 Excel 文件（{error}）：请在 Excel 中打开并重新保存为 .xlsx",
            "en": "this Excel file could not be read ({error}): open it in Excel and save it again as .xlsx",
        },
        "file.encoding": {
            "zh": "无法判断文件编码：请指定 encoding=\"gb18030\"（中文 Windows 导出）或 encoding=\"cp1252\"（西文 Windows 导出）",
            "en": "could not tell the text encoding: pass encoding=\"gb18030\" (Chinese Windows export) or encoding=\"cp1252\" (Western Windows export)",
        },
        "file.bad_encoding": {
            "zh": "文件不是 {encoding} 编码（第 {row} 行附近无法解码）",
            "en": "the file is not {encoding} (cannot decode near row {row})",
        },
        "sheet.missing": {
            "zh": "没有名为“{sheet}”的工作表。可选的工作表：{sheets}",
            "en": "there is no sheet named \"{sheet}\". Sheets in this file: {sheets}",
        },
        "sheet.none": {
            "zh": "没有一个工作表看起来像 {table} 数据（需要列：{required}）。工作表：{sheets}。{hint}请用 sheet= 指定",
            "en": "no sheet looks like {table} data (needs columns: {required}). Sheets: {sheets}. {hint}Choose one with sheet=",
        },
        "sheet.hidden_hint": {
            "zh": "隐藏的工作表“{sheet}”像是数据，但隐藏的工作表不会被自动选择。",
            "en": "The hidden sheet \"{sheet}\" looks like data, but hidden sheets are never chosen automatically. ",
        },
        "sheet.chart": {
            "zh": "“{sheet}”是图表工作表，没有单元格数据：请选择数据所在的工作表",
            "en": "\"{sheet}\" is a chart sheet and holds no cells: choose the sheet with the data",
        },
        "sheet.no_table": {
            "zh": "这个工作簿没有可见的数据工作表（工作表：{sheets}）：请用 sheet= 指定",
            "en": "this workbook has no visible worksheet (sheets: {sheets}): choose one with sheet=",
        },
        "header.none": {
            "zh": "前 {n} 行中找不到表头：需要列 {required}，例如 {examples}。可以用 header_row= 指定表头所在行",
            "en": "no header row in the first {n} rows: needs columns {required}, e.g. {examples}. Pass header_row= to say which row holds the headers",
        },
        "header.row_out_of_range": {
            "zh": "header_row={row} 超出了数据范围（共 {n} 行）",
            "en": "header_row={row} is beyond the data ({n} rows)",
        },
        "header.missing": {
            "zh": "第 {row} 行的表头缺少必需的列：{missing}。找到的列：{found}。{hint}可以用 mapping={{\"原列名\": \"{first}\"}} 指定",
            "en": "the header in row {row} lacks required columns: {missing}. Columns found: {found}. {hint}Map a column with mapping={{\"your header\": \"{first}\"}}",
        },
        "header.suggest": {"zh": "“{header}”是不是 {column}？", "en": "Is \"{header}\" {column}? "},
        "mapping.unknown": {
            "zh": "映射目标“{target}”不是 {table} 表的列。可用的列：{columns}",
            "en": "mapping target \"{target}\" is not a column of {table}. Columns: {columns}",
        },
        "mapping.absent": {
            "zh": "映射中的列“{source}”在表头中不存在。表头：{found}",
            "en": "mapped column \"{source}\" is not in the header. Header: {found}",
        },
        "unit.unreadable": {
            "zh": "金额单位“{unit}”无法识别，不能猜测为元：请用 units= 指定这一列的单位（可用 {units}），例如 units=\"{example}\"（命令行 --units {example}）",
            "en": "the money unit \"{unit}\" is not one the kit reads, and it will not guess 元: say the column's unit with units= (one of {units}), e.g. units=\"{example}\" (CLI --units {example})",
        },
        "unit.from_row": {"zh": "（第 {row} 行的单位行）", "en": "(units row {row})"},
        "unit.from_note": {"zh": "（第 {row} 行的“单位”说明）", "en": "(the unit note in row {row})"},
        "decimal.ambiguous": {
            "zh": "这一列的逗号含义不一致：“{comma}”像是小数点逗号，“{grouped}”像是千分位：请用 decimal=\",\"（逗号是小数点）或 decimal=\".\"（逗号是千分位）指定（命令行 --decimal）",
            "en": "the commas in this column read two ways: \"{comma}\" looks like a decimal comma, \"{grouped}\" like a thousands separator: say which with decimal=\",\" (comma is the decimal mark) or decimal=\".\" (comma groups thousands) (CLI --decimal)",
        },
        "decimal.unknown": {
            "zh": "decimal=“{decimal}”无效：请用 \".\" 或 \",\"",
            "en": "decimal=\"{decimal}\" is not valid: use \".\" or \",\"",
        },
        "unit.unknown": {
            "zh": "不认识的金额单位“{unit}”：可用 {units}",
            "en": "unknown money unit \"{unit}\": use one of {units}",
        },
        "table.unknown": {
            "zh": "不认识的表“{table}”：可用 {tables}",
            "en": "unknown table \"{table}\": use one of {tables}",
        },
        "table.guess": {
            "zh": "看不出这是哪种数据：请用 table= 指定（{tables}）",
            "en": "cannot tell which kind of data this is: pass table= ({tables})",
        },
        # Error and report text.
        "error.head": {
            "zh": "{file}：发现 {n} 个问题",
            "en": "{file}: {n} problem(s) found",
        },
        "error.more": {"zh": "……另有 {n} 个问题未列出", "en": "… and {n} more"},
        "where.sheet": {"zh": "工作表“{sheet}”", "en": "sheet \"{sheet}\""},
        "where.row": {"zh": "第 {row} 行", "en": "row {row}"},
        "where.column": {"zh": "{letter} 列“{header}”", "en": "column {letter} \"{header}\""},
        "where.value": {"zh": "值“{value}”", "en": "value \"{value}\""},
        "report.title": {"zh": "载入报告：{file}", "en": "Load report: {file}"},
        "report.source": {
            "zh": "格式 {format}{encoding}；工作表：{sheet}；表头在第 {header_row} 行；数据表：{table}",
            "en": "format {format}{encoding}; sheet: {sheet}; header in row {header_row}; table: {table}",
        },
        "report.rows": {
            "zh": "读取 {read} 行数据：接受 {accepted} 行，拒绝 {rejected} 行，排除 {skipped} 行（合计行、单位行），跳过空行 {blank} 行",
            "en": "{read} data rows read: {accepted} accepted, {rejected} rejected, {skipped} left out (total and units rows), {blank} blank rows skipped",
        },
        "report.skipped": {"zh": "排除的行：", "en": "Rows left out:"},
        "report.mapped": {"zh": "已对应的列：", "en": "Columns mapped:"},
        "report.ignored": {"zh": "未使用的列：", "en": "Columns not used:"},
        "report.units": {"zh": "金额单位换算：", "en": "Money units converted:"},
        "report.rejected": {"zh": "被拒绝的行：", "en": "Rejected rows:"},
        "report.notes": {"zh": "说明：", "en": "Notes:"},
        "report.none": {"zh": "（无）", "en": "(none)"},
        "note.misnamed": {
            "zh": "文件名是 {suffix}，但内容是 {format}：已按内容读取",
            "en": "the file is named {suffix} but holds {format}: read by its content",
        },
        "note.daily": {
            "zh": "日期精确到日，月份取自日期；加上 rollup=True（命令行 --rollup）可按月汇总",
            "en": "dates are daily and were read as their month; pass rollup=True (CLI --rollup) to sum them by month",
        },
        "note.rolled": {
            "zh": "已按月汇总：{before} 行 → {after} 行",
            "en": "rolled up by month: {before} rows → {after} rows",
        },
        "note.duplicate": {
            "zh": "“{header}”与“{kept}”都对应 {column}，使用了“{kept}”",
            "en": "\"{header}\" and \"{kept}\" both mean {column}; \"{kept}\" was used",
        },
        "note.guessed": {
            "zh": "根据表头判断为 {table} 数据",
            "en": "judged to be {table} data from its headers",
        },
        "note.sheet": {
            "zh": "自动选择了工作表“{sheet}”（文件中的工作表：{sheets}）",
            "en": "chose sheet \"{sheet}\" (sheets in the file: {sheets})",
        },
        "note.sheets_skipped": {
            "zh": "自动选择时跳过了隐藏的工作表和图表工作表：{sheets}（如要使用，请用 sheet= 指定）",
            "en": "hidden and chart sheets were not considered: {sheets} (choose one with sheet= to use it)",
        },
        "note.sheet_hidden": {
            "zh": "工作表“{sheet}”在 Excel 中是隐藏的",
            "en": "sheet \"{sheet}\" is hidden in Excel",
        },
        "note.control": {
            "zh": "删除了 {n} 个单元格中的控制字符（Excel 无法保存它们）：{cells}",
            "en": "control characters (which Excel cannot store) were removed from {n} cell(s): {cells}",
        },
        "col.row": {"zh": "行", "en": "row"},
        "col.column": {"zh": "列", "en": "column"},
        "col.value": {"zh": "值", "en": "value"},
        "col.problem": {"zh": "问题", "en": "problem"},
    },
)


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as the trainee sees it in Excel.

    ``row`` is 1-based with title and header rows counted; ``column`` is the
    header text as it stands in the file and ``letter`` its Excel column.
    ``code`` names the expectation (rendered in the current language).
    """

    file: str
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    value: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    @property
    def expected(self) -> str:
        return t(self.code, **dict(self.params))

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(t("where.sheet", sheet=self.sheet))
        if self.row is not None:
            parts.append(t("where.row", row=self.row))
        if self.column is not None:
            parts.append(t("where.column", letter=self.letter or "?", header=self.column))
        if self.value is not None:
            parts.append(t("where.value", value=self.value))
        return " › ".join(parts) + " — " + self.expected


class DataError(KitError, ValueError):
    """Bad input, explained: every problem found (up to ``limit`` in the message)."""

    def __init__(self, problems: list[Problem], report: LoadReport | None = None, limit: int = 20):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = problems
        self.report = report
        self.limit = limit
        super().__init__(self._message())

    def _message(self) -> str:
        head = t("error.head", file=self.problems[0].file, n=len(self.problems))
        lines = [head] + [f"  • {p}" for p in self.problems[: self.limit]]
        if len(self.problems) > self.limit:
            lines.append("  " + t("error.more", n=len(self.problems) - self.limit))
        return "\n".join(lines)

    def __str__(self) -> str:
        # Re-rendered so a language switch after the error still applies.
        return self._message()


def file_error(file: str, code: str, **params: object) -> DataError:
    return DataError([Problem(file=file, code=code, params=tuple(params.items()))])


@dataclass
class LoadReport:
    """Everything the loader did to a file, so nothing happens silently."""

    file: str
    table: str
    format: str
    sheet: str | None = None
    encoding: str | None = None
    header_row: int | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    blank_rows: int = 0
    mapped: dict[str, str] = field(default_factory=dict)  # canonical -> source header
    ignored: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # canonical -> declared unit
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows left out on purpose, each with its reason: total rows, a units row.
    skipped: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, object]:
        """The headline of the load, for the trainer's records."""
        return {
            "file": self.file, "sheet": self.sheet, "table": self.table,
            "rows_read": self.rows_read, "rows_accepted": self.rows_accepted,
            "rows_rejected": len(self.rejected_rows), "rows_skipped": len(self.skipped),
            "blank_rows": self.blank_rows, "problems": len(self.problems),
        }

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    def rejected(self) -> pd.DataFrame:
        """One line per problem: row, column, value, what was expected."""
        return pd.DataFrame(
            [
                {
                    t("col.row"): p.row,
                    t("col.column"): f"{p.letter} {p.column}" if p.column else "",
                    t("col.value"): p.value,
                    t("col.problem"): p.expected,
                }
                for p in self.problems
            ],
            columns=[t("col.row"), t("col.column"), t("col.value"), t("col.problem")],
        )

    def summary(self) -> str:
        none = t("report.none")
        encoding = f", {self.encoding}" if self.encoding else ""
        lines = [
            t("report.title", file=self.file),
            t(
                "report.source", format=self.format, encoding=encoding, sheet=self.sheet or "-",
                header_row=self.header_row, table=self.table,
            ),
            t(
                "report.rows", read=self.rows_read, accepted=self.rows_accepted,
                rejected=len(self.rejected_rows), skipped=len(self.skipped), blank=self.blank_rows,
            ),
            t("report.mapped") + " " + ("; ".join(f"{s} → {c}" for c, s in self.mapped.items()) or none),
            t("report.ignored") + " " + ("; ".join(self.ignored) or none),
        ]
        if self.units:
            lines.append(t("report.units") + " " + "; ".join(f"{c}: {u}" for c, u in self.units.items()))
        if self.notes:
            lines.append(t("report.notes"))
            lines += [f"  - {n}" for n in self.notes]
        if self.skipped:
            lines.append(t("report.skipped"))
            lines += [f"  - {p}" for p in self.skipped]
        lines.append(t("report.rejected") + (" " + none if not self.problems else ""))
        lines += [f"  • {p}" for p in self.problems]
        return "\n".join(lines)
