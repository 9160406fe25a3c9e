"""Choose a data file without code: upload it or type its path, map the
columns the loader could not recognise, load. Used by the no-code apps.

An uploaded file is first saved, unchanged, into the trainee's work folder
(``uploads/``, never overwriting an earlier upload), and loaded from there:
the trainee keeps a copy and nothing reads from the browser twice.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from kit import i18n, labels, schema, workspace
from kit.data import DataError, LoadResult, load

t = i18n.catalogue(
    "data_picker",
    {
        "trainee": {"zh": "你的名字", "en": "Your name"},
        "upload": {"zh": "上传数据文件", "en": "Upload a data file"},
        "path": {"zh": "或输入文件路径", "en": "or type its path"},
        "load": {"zh": "载入", "en": "Load"},
        "reload": {"zh": "按上面的对应关系重新载入", "en": "Load again with these columns"},
        "help": {
            "zh": "支持 Excel (.xlsx) 和 CSV 文件。文件只会被读取，不会被修改。",
            "en": "Excel (.xlsx) and CSV files. Your file is only read, never changed.",
        },
        "no_file": {"zh": "请先上传一个文件，或输入文件路径。", "en": "Upload a file or type a path first."},
        "not_found": {"zh": "找不到文件：{path}", "en": "No such file: {path}"},
        "loaded": {"zh": "✓ 已载入 {rows} 行（{file}）", "en": "✓ Loaded {rows} rows ({file})"},
        "map_help": {
            "zh": "下面这些列没有被自动识别。如果其中有你需要的数据，请选择它的含义，然后重新载入：",
            "en": "These columns were not recognised. If one holds data you need, choose what it "
                  "means and load again:",
        },
        "ignore": {"zh": "（不使用）", "en": "(not used)"},
    },
)


def _column_label(column: str) -> str:
    """销售额 (net_sales): the meaning and the kit's name."""
    return f"{labels.column(column)} ({column})" if labels.has(f"col.{column}") else column


class DataPicker:
    """Upload or path → load (with the trainee's column mapping) → ``on_load(result, trainee)``."""

    def __init__(self, on_load: Callable[[LoadResult, str], None], *, table: str = "sales",
                 trainee: str = "", path: str = ""):
        self.on_load, self.table = on_load, table
        self.mapping: dict[str, str] = {}
        self.result: LoadResult | None = None
        self.trainee = widgets.Text(value=trainee, description=t("trainee"))
        self.upload = widgets.FileUpload(accept=".xlsx,.xlsm,.csv,.txt,.gz", multiple=False,
                                         description=t("upload"))
        self.path = widgets.Text(value=path, placeholder="datasets/abc/sales.csv.gz",
                                 description=t("path"), layout=widgets.Layout(width="40em"))
        self.button = widgets.Button(description=t("load"), button_style="primary", icon="upload")
        self.button.on_click(lambda _: self.load())
        self.message = widgets.HTML()
        self.columns = widgets.VBox()
        self.widget = widgets.VBox([
            widgets.HTML(f"<i>{t('help')}</i>"), self.trainee,
            widgets.HBox([self.upload, self.path, self.button]), self.message, self.columns,
        ])

    def _source(self) -> Path | None:
        if self.upload.value:
            item = self.upload.value[0]
            folder = workspace.workdir(self.trainee.value or None) / "uploads"
            folder.mkdir(parents=True, exist_ok=True)
            target = workspace.safe_export_path(folder / workspace.safe_name(item["name"], "upload"))
            target.write_bytes(bytes(item["content"]))
            self.upload.value = ()  # saved: the next click loads the copy, not a second one
            self.path.value = str(target)
            return target
        return Path(self.path.value.strip()) if self.path.value.strip() else None

    def load(self) -> LoadResult | None:
        """Load the chosen file; problems are shown, never raised."""
        source = self._source()
        if source is None:
            self.message.value = t("no_file")
            return None
        if not source.exists():
            self.message.value = t("not_found", path=html.escape(str(source)))
            return None
        try:
            result = load(source, self.table, mapping=self.mapping, errors="report")
        except DataError as error:
            self.message.value = f"<pre>{html.escape(str(error))}</pre>"
            self._offer_mapping(error.report)
            return None
        self.result = result
        self.message.value = (t("loaded", rows=result.report.rows_accepted,
                                file=html.escape(source.name))
                              + f"<pre>{html.escape(result.report.summary())}</pre>")
        self._offer_mapping(result.report)
        self.on_load(result, self.trainee.value.strip() or "trainee")
        return result

    def _offer_mapping(self, report) -> None:
        ignored = list(report.ignored) if report is not None else []
        if not ignored:
            self.columns.children = []
            return
        table = schema.TABLES[self.table]
        options = [(t("ignore"), "")] + [(_column_label(c), c)
                                        for c in (*table.required, *table.optional)]
        rows = []
        for header in ignored:
            choice = widgets.Dropdown(options=options, value=self.mapping.get(header, ""),
                                      description=str(header), style={"description_width": "12em"})
            choice.observe(lambda c, h=header: self._map(h, c["new"]), names="value")
            rows.append(choice)
        again = widgets.Button(description=t("reload"), icon="refresh")
        again.on_click(lambda _: self.load())
        self.columns.children = [widgets.HTML(t("map_help")), *rows, again]

    def _map(self, header: str, canonical: str) -> None:
        if canonical:
            self.mapping[header] = canonical
        else:
            self.mapping.pop(header, None)
