"""What the loader tells the trainee: problems, the error it raises, the load report."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kit import i18n

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
        "expect.total_row": {
            "zh": "这是合计行，不是明细数据（已排除，以免重复计算）",
            "en": "this is a total row, not a data row (left out so it is not counted twice)",
        },
        "expect.fields": {
            "zh": "这一行有 {n} 列，比表头多",
            "en": "this row has {n} fields, more than the header",
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
            "zh": "没有一个工作表看起来像 {table} 数据（需要列：{required}）。工作表：{sheets}。请用 sheet= 指定",
            "en": "no sheet looks like {table} data (needs columns: {required}). Sheets: {sheets}. Choose one with sheet=",
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
            "zh": "读取 {read} 行数据：接受 {accepted} 行，拒绝 {rejected} 行，跳过空行 {blank} 行",
            "en": "{read} data rows read: {accepted} accepted, {rejected} rejected, {blank} blank rows skipped",
        },
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


class DataError(ValueError):
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

    def counts(self) -> dict[str, object]:
        """The headline of the load, for the trainer's records."""
        return {
            "file": self.file, "sheet": self.sheet, "table": self.table,
            "rows_read": self.rows_read, "rows_accepted": self.rows_accepted,
            "rows_rejected": len(self.rejected_rows), "blank_rows": self.blank_rows,
            "problems": len(self.problems),
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
                rejected=len(self.rejected_rows), blank=self.blank_rows,
            ),
            t("report.mapped") + " " + ("; ".join(f"{s} → {c}" for c, s in self.mapped.items()) or none),
            t("report.ignored") + " " + ("; ".join(self.ignored) or none),
        ]
        if self.units:
            lines.append(t("report.units") + " " + "; ".join(f"{c}: {u}" for c, u in self.units.items()))
        if self.notes:
            lines.append(t("report.notes"))
            lines += [f"  - {n}" for n in self.notes]
        lines.append(t("report.rejected") + (" " + none if not self.problems else ""))
        lines += [f"  • {p}" for p in self.problems]
        return "\n".join(lines)
