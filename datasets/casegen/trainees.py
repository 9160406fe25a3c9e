"""The five trainee files, derived from the cases and shaped the way trainees
really send them (title rows, GBK, 万元 / 千元, Excel serial dates, an xlsx saved
as .csv, a notes sheet, a few bad rows - TRAINER.md lists them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from casegen.abc_case import AbcCase
from casegen.files import save_workbook
from casegen.model import allocate, rng_for
from casegen.pharma_case import PH_CHAIN, PharmaCase


def first_of_month(label: str) -> dt.datetime:
    return dt.datetime(int(label[:4]), int(label[5:7]), 1)


def sell_in_rows(case: AbcCase, customers: list[str], start: str, end: str) -> pd.DataFrame:
    s = case.sales
    sel = s[(s["kind"] == "sell_in") & s["customer_id"].isin(customers)
            & (s["period"] >= start) & (s["period"] <= end)]
    names = case.cat.df.set_index("sku")["sku_name"]
    return sel.assign(sku_name=sel["sku"].map(names)).sort_values(["period", "customer_id", "sku"], ignore_index=True)


def trainee_zhangwei(case: AbcCase, path: Path) -> int:
    """华东 distributors' sell-in in 万元 under a title block, with a total row."""
    rows = sell_in_rows(case, ["D01", "D02"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "销售明细"
    header = ["月份", "客户编码", "客户名称", "区域", "产品编码", "产品名称", "品类", "数量", "销售额(万元)"]
    ws["A1"] = "华东区 2024–2025 年进货明细"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A2"] = "导出时间：2026-01-05\u3000金额单位：万元"
    for j, h in enumerate(header, 1):
        ws.cell(row=4, column=j, value=h).font = Font(bold=True)
    wan = np.round(rows["net_sales"].to_numpy() / 100 / 10_000, 4)
    r = 5
    for rec, w in zip(rows.itertuples(), wan, strict=True):
        c = ws.cell(row=r, column=1, value=first_of_month(rec.period))
        c.number_format = "yyyy-mm"
        for j, v in enumerate([rec.customer_id, rec.customer_name, rec.region, rec.sku, rec.sku_name,
                               rec.category, int(rec.units), float(w)], 2):
            ws.cell(row=r, column=j, value=v)
        r += 1
    ws.cell(row=r, column=1, value="合计").font = Font(bold=True)
    ws.cell(row=r, column=8, value=int(rows["units"].sum()))
    ws.cell(row=r, column=9, value=round(float(wan.sum()), 4))
    for col, width in zip("ABCDEFGHI", [10, 10, 16, 6, 10, 26, 10, 10, 14], strict=True):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("说明")
    for i, line in enumerate([
        "1. 数据来源：公司 DMS 系统，华东区经销商进货（公司发货）明细，2024-01 至 2025-12。",
        "2. 客户范围：D01 华东顺达商贸、D02 杭州禾丰贸易；ABC 零售由 KA 部统一管理，不在本表。",
        "3. 销售额为扣除票面折扣后的净额，单位万元（保留 4 位小数）；返利另行结算，未扣减。",
        "4. 最后一行为合计。如有疑问请联系张伟（华东区销售经理）。",
    ], 1):
        notes.cell(row=i, column=1, value=line)
    notes.column_dimensions["A"].width = 90
    save_workbook(wb, path)
    return len(rows)


def trainee_lina(case: AbcCase, path: Path) -> int:
    """ABC 华南 stores' daily POS for Q4 2025: GBK, CRLF, quoted amounts with
    thousands separators, and three bad lines (see TRAINER.md)."""
    rng = rng_for("trainee.lina")
    s = case.sales
    sel = s[(s["kind"] == "sell_out") & (s["customer_id"] == "ABC") & (s["region"] == "华南")
            & (s["period"] >= "2025-10") & (s["period"] <= "2025-12")]
    sel = sel.sort_values(["period", "outlet_id", "sku"], ignore_index=True)
    names = case.cat.df.set_index("sku")["sku_name"]
    # Every figure becomes 2 daily rows (3 for some) while the file stays under ~4,600 rows.
    p_three = float(np.clip(4500 / len(sel) - 2, 0.0, 1.0))
    out = []
    for rec in sel.itertuples():
        y, mo = int(rec.period[:4]), int(rec.period[5:7])
        ndays = pd.Period(rec.period).days_in_month
        n = int(min(rec.units, 3 if rng.random() < p_three else 2))
        days = np.sort(rng.choice(np.arange(1, ndays + 1), n, replace=False))
        u = split_int(int(rec.units), n, rng)
        a = allocate(int(rec.net_sales), u.astype(float))
        for d, uu, aa in zip(days, u, a, strict=True):
            out.append([f"{y}/{mo}/{d}", "ABC", "ABC 零售", rec.outlet_id, rec.sku, names[rec.sku], int(uu), int(aa)])
    df = pd.DataFrame(out, columns=["date", "cid", "cname", "store", "sku", "name", "units", "cents"])
    df["_d"] = pd.to_datetime(df["date"], format="%Y/%m/%d")
    df = df.sort_values(["_d", "store", "sku"], kind="stable", ignore_index=True)
    lines = ["日期,客户代码,客户名称,门店编码,商品编码,品名,销量,销售金额"]
    for i, r in enumerate(df.itertuples()):
        line_no = i + 2
        amount = f'"{r.cents / 100:,.2f}"'
        date, sku = r.date, r.sku
        if line_no == 12:
            amount = "#N/A"  # a VLOOKUP that failed in the trainee's workbook
        if line_no == 25:
            date = "2025/13/01"  # month typed as 13
        if line_no == 40:
            sku = ""  # product code lost
        lines.append(",".join([date, r.cid, r.cname, r.store, sku, r.name, str(r.units), amount]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return len(df)


def split_int(total: int, n: int, rng) -> np.ndarray:
    """Split a positive integer into n positive parts (random, sums exactly)."""
    if n == 1:
        return np.array([total])
    cuts = np.sort(rng.choice(np.arange(1, total), n - 1, replace=False))
    return np.diff(np.concatenate([[0], cuts, [total]]))


def trainee_wangqiang(case: AbcCase, path: Path) -> int:
    """Distributors D05-D07 sell-in with Excel serial dates, ¥-text amounts on
    every 7th row and three bad rows (see TRAINER.md)."""
    rows = sell_in_rows(case, ["D05", "D06", "D07"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Order Date", "Customer ID", "Customer Name", "Region", "Item Code", "Qty", "Sales"])
    origin = dt.date(1899, 12, 30)
    for i, rec in enumerate(rows.itertuples(), 1):
        serial = (first_of_month(rec.period).date() - origin).days
        sales = rec.net_sales / 100
        value = f"¥{sales:,.2f}" if i % 7 == 0 else round(sales, 2)
        ws.append([serial, rec.customer_id, rec.customer_name, rec.region, rec.sku, int(rec.units), value])
    ws.cell(row=8, column=6).value = "n/a"
    ws.cell(row=15, column=2).value = None
    ws.cell(row=23, column=1).value = "2024-02-30"
    save_workbook(wb, path)
    return len(rows)


def trainee_liuyang(case: AbcCase, path: Path) -> int:
    """华北 distributors' sell-in, saved as an xlsx workbook under a .csv name."""
    rows = sell_in_rows(case, ["D03", "D04"], "2024-01", "2025-12")
    wb = Workbook()
    ws = wb.active
    ws.title = "华北进货"
    ws.append(["年月", "客户", "渠道", "SKU", "件数", "金额(元)"])
    for rec in rows.itertuples():
        ym = f"{int(rec.period[:4])}年{int(rec.period[5:7])}月"
        ws.append([ym, rec.customer_id, rec.channel, rec.sku, int(rec.units), round(rec.net_sales / 100, 2)])
    save_workbook(wb, path)
    return len(rows)


def trainee_chenjing(case: PharmaCase, path: Path) -> int:
    """The pharmacy chain's store sell-out in 千元, with a notes sheet first."""
    s = case.sales
    rows = s[s["kind"] == "sell_out"].sort_values(["period", "outlet_id", "sku"], ignore_index=True)
    store_names = case.stores.set_index("outlet_id")["outlet_name"]
    sku_names = case.cat.df.set_index("sku")["sku_name"]
    wb = Workbook()
    notes = wb.active
    notes.title = "备注"
    for i, line in enumerate([
        "康泰大药房 华康制药产品纯销（门店零售）数据，2024-01 至 2025-12。",
        "数据来源：连锁总部 ERP 门店销售日报，按月汇总；数量单位为盒。",
        "销售额为会员价折后实收金额，单位千元（保留 3 位小数）。",
        "门店编码以 KT 开头；客户编码 KT 为连锁总部。",
    ], 1):
        notes.cell(row=i, column=1, value=line)
    notes.column_dimensions["A"].width = 70
    ws = wb.create_sheet("数据")
    ws["A1"] = f"{PH_CHAIN[1]} 2024–2025 年纯销数据"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["月份", "门店编码", "门店名称", "客户编码", "产品编码", "产品名称", "数量(盒)", "销售额（千元）"])
    for rec in rows.itertuples():
        ws.append([rec.period, rec.outlet_id, store_names[rec.outlet_id], rec.customer_id, rec.sku,
                   sku_names[rec.sku], int(rec.units), round(rec.net_sales / 100 / 1000, 3)])
    ws.cell(row=10, column=8).value = None
    save_workbook(wb, path, creator="康泰大药房 ERP")
    return len(rows)


def write_trainees(abc: AbcCase, pharma: PharmaCase, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    return {
        "张伟_华东区.xlsx": trainee_zhangwei(abc, out / "张伟_华东区.xlsx"),
        "李娜_华南区.csv": trainee_lina(abc, out / "李娜_华南区.csv"),
        "王强_经销商.xlsx": trainee_wangqiang(abc, out / "王强_经销商.xlsx"),
        "刘洋_华北区.csv": trainee_liuyang(abc, out / "刘洋_华北区.csv"),
        "陈静_医药连锁.xlsx": trainee_chenjing(pharma, out / "陈静_医药连锁.xlsx"),
    }
