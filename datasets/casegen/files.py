"""Writing the cases. Each committed file holds the columns ``kit.schema.TABLES``
names for its table - in the order the frame was built (keys, then descriptors,
then measures: the way a reader scans a row) - and nothing of the model's own
(month/sku indices, outlet size, opening month ...). Money columns (schema kind
MONEY) are carried as cents and written in 元.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from casegen.abc_case import AbcCase, abc_opportunities
from casegen.model import Catalog
from casegen.pharma_case import PharmaCase
from kit.schema import MONEY, TABLES, kind_of

# An outlet list reads id and name first, then the schema's order.
OUTLET_COLUMNS = ["outlet_id", "outlet_name",
                  *(c for c in TABLES["outlets"].columns if c not in ("outlet_id", "outlet_name"))]


def table(df: pd.DataFrame, name: str, *, in_cents: bool = False) -> pd.DataFrame:
    """`df` as the file of schema table `name`: the schema's columns it holds, in
    its order; money divided from cents to 元 when `in_cents`."""
    schema = TABLES[name]
    cols = [c for c in df.columns if c in schema.columns]
    missing = [c for c in schema.required if c not in cols]
    if missing or (schema.any_of and not set(schema.any_of) & set(cols)):
        raise ValueError(f"{name}: the generator built no {missing or list(schema.any_of)} column")
    out = df[cols]
    if in_cents:
        out = out.assign(**{c: out[c] / 100 for c in cols if kind_of(c) == MONEY})
    return out


def write_csv(df: pd.DataFrame, path: Path, gz: bool = False) -> None:
    """UTF-8, LF, money at 2 decimals; gzip with a pinned header (no mtime/name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = df.to_csv(index=False, lineterminator="\n", float_format="%.2f").encode("utf-8")
    if gz:
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                    compresslevel=9) as g:
            g.write(data)
    else:
        path.write_bytes(data)


XLSX_TIME = dt.datetime(2026, 1, 5, 9, 30, 0)


def save_workbook(wb: Workbook, path: Path, creator: str = "禾味食品 DMS") -> None:
    """Save an xlsx byte-identically on every run: pin the document properties
    and every zip entry's timestamp (openpyxl stamps 'now' on both)."""
    wb.properties.creator = creator
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    wb.properties.lastModifiedBy = None
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' at save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            zi = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_abc(case: AbcCase, out: Path) -> None:
    outlets = pd.concat([case.stores[OUTLET_COLUMNS], case.outlets[OUTLET_COLUMNS]], ignore_index=True)
    write_csv(table(case.sales, "sales", in_cents=True), out / "sales.csv.gz", gz=True)
    write_common(case.targets, case.cat, case.ledger, case.activities, out)
    write_csv(table(outlets, "outlets"), out / "outlets.csv")
    write_csv(table(abc_opportunities(), "opportunities"), out / "opportunities.csv")


def write_pharma(case: PharmaCase, out: Path) -> None:
    write_csv(table(case.sales, "sales", in_cents=True), out / "sales.csv")
    write_common(case.targets, case.cat, case.ledger, case.activities, out)
    write_csv(table(case.stores[OUTLET_COLUMNS], "outlets"), out / "outlets.csv")


def write_common(targets: pd.DataFrame, cat: Catalog, ledger: pd.DataFrame,
                 activities: pd.DataFrame, out: Path) -> None:
    """The tables both cases have besides sales and outlets."""
    write_csv(table(targets, "targets", in_cents=True), out / "targets.csv")
    write_csv(table(products_table(cat, cat.list_price.shape[1] - 1), "products"), out / "products.csv")
    write_csv(table(ledger, "distributor_ledger", in_cents=True), out / "distributor_ledger.csv")
    write_csv(table(activities, "activities"), out / "activities.csv")


def products_table(cat: Catalog, month: int) -> pd.DataFrame:
    """The current price list (the last month of the case)."""
    return cat.df.assign(list_price=cat.list_price[:, month], unit_cost=cat.unit_cost[:, month])
