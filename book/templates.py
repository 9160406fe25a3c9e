"""Generate the xlsx templates a trainee downloads from the book (``downloads.md``).

    python book/templates.py [--out DIR]     # default: book/downloads/

Five workbooks, written with openpyxl and committed under ``book/downloads/``:

- ``data_request.xlsx`` (数据需求模板): one sheet per canonical table, headed with
  Chinese column names that :func:`kit.data.load` recognises, plus a field list
  (required or optional, meaning, an example value);
- ``ogsm.xlsx`` (OGSM 模板): objective, goals, strategies and measures;
- ``jbp.xlsx`` (JBP 模板): a cover and the six parts, with the kit's key
  indicators of each part and the cooperation plan;
- ``action_plan.xlsx`` (行动计划模板): action, owner, dates, measure;
- ``debate_scoring.xlsx`` (分享与辩论评分表): the format of 各小组分享、辩论 (groups,
  roles, timing) and one scoring sheet per module's closing 实战演练, the weighted
  total a formula of the scores entered;
- ``key_accounts.xlsx`` (大客户关系模板): the key-person table (关键人物表), the visit
  record and the daily canvassing report (客户扫街日报), each with one example row and
  drop-down lists of the fixed words (kit.schema.VOCABULARIES) — the sheets
  kit.data.load finds as ``contacts``, ``interactions`` and ``development_log``; plus
  what the weekly summary holds (derived, not typed), the competitor checklist and the
  visit preparation.

Labels come from the kit itself (part titles, indicators, 4P, measure levels), so
the templates say what the book and the notebooks say. ``tests/test_templates.py``
regenerates them into a temporary folder and compares every cell with the
committed files; after changing this script, run it and commit the output.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere in the repository
    sys.path.insert(0, str(ROOT))

from kit import i18n, jbp, labels, schema  # noqa: E402
from kit.accounts import development, people  # noqa: E402
from kit.goals import plan  # noqa: E402

OUT = Path(__file__).resolve().parent / "downloads"

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12, color="1F4E79")
NOTE_FONT = Font(italic=True, color="595959")
WRAP = Alignment(wrap_text=True, vertical="top")


# ------------------------------------------------------------------ data request

@dataclass(frozen=True)
class Column:
    header: str  # a Chinese header kit.data.load maps to `canonical`
    canonical: str
    required: bool
    meaning: str
    example: object


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's name in the workbook
    table: str  # the canonical table (kit/schema.py)
    purpose: str
    stages: str
    columns: tuple[Column, ...]


DATA_SHEETS: tuple[Sheet, ...] = (
    Sheet("销售明细", "sales", "按月 × 客户 × 产品（× 门店）的销售明细，进货和纯销都可以放", "全部阶段（必需）", (
        Column("月份", "period", True, "销售月份；日期也可以，按所在月份计", "2025-01"),
        Column("客户编码", "customer_id", True, "经销商或重点客户的编码", "D05"),
        Column("客户名称", "customer_name", False, "客户名称", "广州粤丰商贸"),
        Column("区域", "region", False, "大区或城市", "华南"),
        Column("渠道", "channel", False, "KA、经销商、超市、便利店、餐饮……", "经销商"),
        Column("门店编码", "outlet_id", False, "纯销（出货）数据的门店或终端编码", ""),
        Column("产品编码", "sku", True, "SKU 编码", "HW101"),
        Column("品牌", "brand", False, "品牌", "禾味"),
        Column("品类", "category", False, "品类", "饮料"),
        Column("数量", "units", True, "销售数量（最小销售单位）", 1200),
        Column("销售额（元）", "net_sales", True, "扣除折扣后的净销售额；万元、千元请写在括号里", 3456.78),
        Column("毛销售额（元）", "gross_sales", False, "折前金额", 3800.00),
        Column("成本（元）", "cost", False, "产品成本（算毛利用）", 2100.50),
        Column("进销类型", "kind", False, "进货（品牌方发给客户）或纯销（客户卖给下游）", "进货"),
    )),
    Sheet("目标", "targets", "按月的目标，可以细到区域、客户、品类", "阶段一（达成率）、阶段二", (
        Column("月份", "period", True, "目标月份", "2026-01"),
        Column("区域", "region", False, "区域", "华南"),
        Column("客户编码", "customer_id", False, "客户编码", "D05"),
        Column("品类", "category", False, "品类", "饮料"),
        Column("销售额（元）", "net_sales", True, "目标金额（也可以只给目标数量）", 250000),
        Column("数量", "units", False, "目标数量", 9000),
    )),
    Sheet("门店清单", "outlets", "覆盖范围内的全部门店或终端，包括从未进货的", "阶段一（五维漏斗）、阶段四", (
        Column("门店编码", "outlet_id", True, "门店或终端编码，与销售明细一致", "O0001"),
        Column("门店名称", "outlet_name", False, "门店名称", "清远城南超市"),
        Column("客户编码", "customer_id", True, "服务该门店的经销商或所属连锁", "D05"),
        Column("区域", "region", False, "区域", "华南"),
        Column("渠道", "channel", False, "渠道", "超市"),
        Column("业态", "format", False, "业态或店型", "独立超市"),
        Column("城市级别", "tier", False, "城市级别", "三线"),
        Column("潜力（元）", "potential", False, "门店一年的品类采购潜力", 180000),
    )),
    Sheet("产品清单", "products", "产品主数据", "阶段一、阶段四（可选）", (
        Column("产品编码", "sku", True, "SKU 编码", "HW101"),
        Column("产品名称", "sku_name", False, "产品名称", "禾味茉莉绿茶 500ml"),
        Column("品牌", "brand", False, "品牌", "禾味"),
        Column("品类", "category", False, "品类", "饮料"),
        Column("出厂价（元）", "list_price", False, "单位出厂价", 2.90),
        Column("单位成本（元）", "unit_cost", False, "单位成本", 1.60),
    )),
    Sheet("经销商台账", "distributor_ledger", "经销商在本品牌上的月度损益与资金占用", "阶段三（经销商损益、ROI）", (
        Column("月份", "period", True, "月份", "2025-01"),
        Column("客户编码", "customer_id", True, "经销商编码", "D05"),
        Column("营业收入（元）", "revenue", True, "经销商卖出本品牌产品的收入", 520000),
        Column("营业成本（元）", "cogs", True, "这些产品的进货成本", 430000),
        Column("返利（元）", "rebates", False, "品牌方给经销商的返利", 9000),
        Column("仓储费（元）", "warehouse", False, "仓储费用", 6000),
        Column("物流费（元）", "logistics", False, "物流配送费用", 8000),
        Column("人员费用（元）", "sales_staff", False, "业务人员费用", 15000),
        Column("其他费用（元）", "other_opex", False, "其他运营费用", 4000),
        Column("库存（元）", "inventory", False, "月末库存（按成本）", 300000),
        Column("应收账款（元）", "receivables", False, "月末应收账款", 250000),
        Column("应付账款（元）", "payables", False, "月末应付账款", 180000),
        Column("进货数量", "primary_units", False, "从品牌方进货的数量", 110000),
        Column("出货数量", "secondary_units", False, "卖给下游终端的数量", 105000),
    )),
    Sheet("活动", "activities", "上期做过和下期计划做的活动（合作计划）", "阶段三（活动回本、合作计划）", (
        Column("活动名称", "activity", True, "活动名称", "2025 春节年货堆头陈列"),
        Column("活动类型", "type", False, "堆头陈列、买赠、新品进场……", "堆头陈列"),
        Column("客户编码", "customer_id", False, "合作的经销商或客户", "D05"),
        Column("负责人", "owner", True, "负责人", "王强"),
        Column("开始日期", "start", True, "开始日期", "2025-01-05"),
        Column("结束日期", "end", True, "结束日期", "2025-02-10"),
        Column("成本（元）", "cost", True, "活动费用", 6000),
        Column("预期增量（元）", "expected_uplift", False, "预计带来的增量销售额", 24000),
        Column("实际增量（元）", "actual_uplift", False, "实际带来的增量销售额（执行后填写）", 26000),
        Column("衡量指标", "kpi", False, "怎么衡量活动成功", "陈列终端零食出货同比 +10%"),
        Column("状态", "status", False, "计划、进行中、已完成", "已完成"),
    )),
    Sheet("商机", "opportunities", "大客户项目的销售管道（CRM 导出）", "阶段四（销售管道）", (
        Column("商机编号", "opportunity_id", True, "商机编号", "O2601"),
        Column("商机名称", "opportunity_name", False, "商机名称", "某餐饮集团调味品年度集采"),
        Column("客户编码", "customer_id", True, "客户编码", "C001"),
        Column("客户名称", "customer_name", False, "客户名称", "某餐饮集团"),
        Column("阶段", "stage", True, "客户开发、立项、提案、招投标、商务谈判、工程实施", "提案"),
        Column("商机金额（元）", "amount", True, "预计金额", 800000),
        Column("赢率", "probability", False, "负责人判断的赢率（0–1）", 0.4),
        Column("预计成交日期", "expected_close", False, "预计成交日期", "2026-06-30"),
        Column("负责人", "owner", False, "负责人", "刘洋"),
    )),
)

DATA_NOTES = (
    "数据需求模板 (Data request template)",
    "开课前请把这份文件（或你自己从系统导出的同样内容）发给培训师。",
    "1. 只有“销售明细”是必需的：至少要有月份、客户编码、产品编码、数量、销售额五列，最好有 24 个月以上。",
    "2. 其他工作表可选：有就填，没有就留空，课上用案例数据补位。每张表用到哪个阶段，见“字段说明”。",
    "3. 表头请保持原样（中文或英文都可以被工具包识别）；列的顺序无所谓，多出来的列会被忽略并在报告中列出。",
    "4. 每行一条明细：不要合计行、小计行、合并单元格；金额单位默认为元，万元或千元请写在表头括号里，如“销售额（万元）”。",
    "5. 数据敏感时，可以把客户名称换成代码，金额统一乘以一个系数，分析方法照样适用。",
    "6. 自己检查：在课程环境里运行 kit validate 文件名.xlsx --sheet 销售明细，会列出每一个有问题的单元格（工作表、行、列、期望的内容）。",
)


def _header(ws, row: int, labels, widths=None) -> None:
    for col, label in enumerate(labels, 1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for col, width in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _lines(ws, lines, start: int = 1, width: int = 110) -> int:
    ws.column_dimensions["A"].width = width
    for n, line in enumerate(lines):
        cell = ws.cell(row=start + n, column=1, value=line)
        cell.alignment = WRAP
        if n == 0 and start == 1:
            cell.font = TITLE_FONT
    return start + len(lines)


def _validation(ws, options, cells: str) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(cells)


def data_request() -> Workbook:
    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    _lines(notes, DATA_NOTES)
    for sheet in DATA_SHEETS:
        ws = wb.create_sheet(sheet.name)
        _header(ws, 1, [c.header for c in sheet.columns],
                [max(12, 2 * len(c.header) + 4) for c in sheet.columns])
        ws.freeze_panes = "A2"
    fields = wb.create_sheet("字段说明")
    _header(fields, 1, ["工作表", "用于", "列名", "必填", "含义", "示例", "工具包列名"],
            [12, 26, 16, 8, 44, 26, 18])
    row = 2
    for sheet in DATA_SHEETS:
        for c in sheet.columns:
            values = [sheet.name, sheet.stages, c.header, "必填" if c.required else "选填",
                      c.meaning, c.example, c.canonical]
            for col, value in enumerate(values, 1):
                fields.cell(row=row, column=col, value=value).alignment = WRAP
            row += 1
    fields.freeze_panes = "A2"
    return wb


# ------------------------------------------------------------------ OGSM

def ogsm() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "OGSM"
    ws["A1"] = "OGSM 计划 (OGSM plan)"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = "负责人："
    ws["C2"] = "计划期间："
    ws["E2"] = "版本日期："
    ws["A4"] = "目的 Objective（一句话，写清楚要成为什么、做到什么，不写数字）"
    ws["A4"].font = SECTION_FONT
    ws.merge_cells("A5:H5")
    ws["A5"].alignment = WRAP
    ws.row_dimensions[5].height = 40
    ws["A7"] = "目标值 Goals（带单位和日期的数字）"
    ws["A7"].font = SECTION_FONT
    _header(ws, 8, ["序号", "目标值名称", "数值", "单位", "完成日期", "目标类型", "", ""],
            [8, 34, 12, 10, 14, 16, 14, 14])
    for n in range(1, 5):
        ws.cell(row=8 + n, column=1, value=f"G{n}")
    _validation(ws, [g.label for g in plan.GOAL_TYPES.values()], "F9:F12")
    ws["A14"] = "策略 Strategies 与衡量指标 Measures（每项策略至少一个衡量指标）"
    ws["A14"].font = SECTION_FONT
    _header(ws, 15, ["策略编号", "策略", "4P", "衡量指标", "目标数值", "单位", "完成日期", "执行层级"])
    ws.column_dimensions["D"].width = 30
    for n in range(1, 13):
        ws.cell(row=15 + n, column=1, value=f"S{(n - 1) // 3 + 1}")
    _validation(ws, [plan.pillar_label(p) for p in plan.PILLARS], "C16:C27")
    _validation(ws, [plan.level_label(level) for level in plan.MEASURE_LEVELS], "H16:H27")
    ws["A29"] = "检查：每项策略至少有一个衡量指标；每个目标值都是带单位和日期的数字。"
    ws["A29"].font = NOTE_FONT

    guide = wb.create_sheet("说明")
    _lines(guide, (
        "OGSM 模板 (OGSM template)",
        "O 目的 (Objective)：用文字写下期要达到的状态，例如“巩固重点客户的增长，修复华北经销商覆盖”。",
        "G 目标值 (Goals)：把目的变成 2–4 个数字，每个都有单位和完成日期，例如“2026 年进货额 X 万元，2026-12-31”。",
        "S 策略 (Strategies)：为达成目标选择的 3–5 个方向，每项标上 4P（产品、价格、渠道、促销）中的一个；策略应当落在关键生意驱动因素 (KBD) 上。",
        "M 衡量指标 (Measures)：跟踪每项策略的数字，带目标值、单位和日期；执行层级分为终端销售、零售覆盖、店内表现、资源投入，以及供应、组织、资源三类保障。",
        "在工作坊笔记本 02_goal_setting.ipynb 里可以用表单填写同样的内容，工具包会自动检查是否完整。",
    ))
    return wb


# ------------------------------------------------------------------ JBP

def jbp_template() -> Workbook:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "联合生意计划（JBP 模板 Joint business plan template）"
    cover["A1"].font = TITLE_FONT
    rows = ("品牌方", "客户（经销商或重点客户）", "客户编码", "计划期间", "版本", "品牌方参会人",
            "客户参会人", "会议日期", "下次回顾日期")
    for n, label in enumerate(rows, 3):
        cover.cell(row=n, column=1, value=label).font = Font(bold=True)
    cover.column_dimensions["A"].width = 26
    cover.column_dimensions["B"].width = 40
    _validation(cover, [jbp.version_label(v) for v in ("internal", "customer")], "B7")
    cover["A13"] = ("内部版写给自己的团队，可以包含毛利、底线和谈判空间（标有“仅内部版”的栏目）；"
                    "客户版删去这些栏目后再发给客户。")
    cover["A13"].font = NOTE_FONT
    cover["A14"] = "六个部分：" + "；".join(jbp.part_title(k) for k in jbp.PARTS)
    cover["A14"].font = NOTE_FONT

    for key in jbp.PARTS:
        ws = wb.create_sheet(jbp.part_title(key))
        ws["A1"] = jbp.part_title(key)
        ws["A1"].font = TITLE_FONT
        _header(ws, 3, ["关键指标", "数值", "单位", "说明"], [28, 16, 10, 50])
        row = 4
        for indicator in jbp.KEY_INDICATORS[key]:
            ws.cell(row=row, column=1, value=jbp.indicator_label(indicator))
            row += 1
        row += 1
        ws.cell(row=row, column=1, value="要点 Talking points（客户版也呈现）").font = SECTION_FONT
        row += 4
        ws.cell(row=row, column=1, value="仅内部版 Internal only（毛利、底线、谈判空间）").font = SECTION_FONT
        row += 4
        if key == "cooperation":
            ws.cell(row=row, column=1, value="合作计划 Cooperation plan").font = SECTION_FONT
            _header(ws, row + 1, ["活动", "活动类型", "负责人", "开始日期", "结束日期", "费用（元）",
                                  "预期增量（元）", "衡量指标 KPI", "状态", "预期 ROI（仅内部版）"],
                    [28, 16, 10, 14, 14, 12, 14, 30, 10, 18])
            _validation(ws, ["计划", "进行中", "已完成", "取消"], f"I{row + 2}:I{row + 21}")
    return wb


# ------------------------------------------------------------------ action plan

ACTION_COLUMNS = ("序号", "策略 / 关键驱动因素 (KBD)", "行动 (Action)", "负责人 (Owner)", "开始日期",
                  "完成日期 (Due date)", "衡量指标 (Measure)", "目标值", "费用（元）", "状态",
                  "客户版呈现")


def action_plan() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "行动计划"
    _header(ws, 1, ACTION_COLUMNS, [6, 28, 36, 12, 12, 14, 30, 12, 12, 10, 10])
    for n in range(1, 21):
        ws.cell(row=1 + n, column=1, value=n)
    _validation(ws, ["未开始", "进行中", "已完成", "延期"], "J2:J21")
    _validation(ws, ["是", "否"], "K2:K21")
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("说明")
    _lines(guide, (
        "行动计划模板 (Action plan template)",
        "客户生意计划五步法的第四步（筛选方案之后）：把选中的方案拆成一项项行动。",
        "每一行是一项行动：写清楚做什么（动词开头）、谁负责（一个人的名字，不写部门）、什么时候开始、什么时候完成、怎么衡量做到了。",
        "“策略 / 关键驱动因素”一栏写这项行动服务于哪一条策略，没有对应策略的行动，请想一想是否还需要做。",
        "“客户版呈现”选“否”的行动只留在内部版（例如内部的费用审批、谈判底线的准备）。",
        "每月回顾一次状态；延期的行动要写明新的完成日期和原因。",
    ))
    return wb


# ------------------------------------------------------------------ group sharing and debate

@dataclass(frozen=True)
class Criterion:
    name: str
    looks_for: str
    weight: float  # share of the total; a module's weights add up to 1


@dataclass(frozen=True)
class Round:
    sheet: str  # the module's sheet in the workbook
    title: str  # the closing 实战演练 it scores
    challenger: str  # whom the challenging group plays
    criteria: tuple[Criterion, ...]


# The kit's own format and weights (the course outline names the sharing and the
# debate, not how they run); book/course_map.md shows the same table.
DEBATE_ROUNDS: tuple[Round, ...] = (
    Round("模块一", "第 2 天：分析与洞察我们的报告（WCC-DAR 复盘报告）", "上级（区域或销售总监）", (
        Criterion("有比较", "每个结论都说清和什么比：目标、去年、同类", 0.20),
        Criterion("有原因", "下钻到驱动因素：区域、客户、SKU、五维漏斗", 0.25),
        Criterion("有决定和行动", "每条诊断都落到一个决定和一项行动", 0.25),
        Criterion("数字准确", "引用的数字与计分卡、桥图一致", 0.15),
        Criterion("答辩", "回应质询有依据，不临场改数", 0.15),
    )),
    Round("模块二", "第 4 天：我的业务目标计划", "销售总监和财务", (
        Criterion("起点清楚", "基线来自复盘，说得出上期的主要结论", 0.15),
        Criterion("目标有逻辑", "五个核心问题、自上而下与自下而上、缺口有人认领", 0.25),
        Criterion("策略完整", "SWOT → TOWS → OGSM，4P 都想过，执行层有指标和保障", 0.25),
        Criterion("分解可用", "五维分解加总一致，调整项和锁定有理由", 0.20),
        Criterion("答辩", "回应质询有依据，说得出每个数靠什么做到", 0.15),
    )),
    Round("模块三", "第 6 天：我的年度生意计划（含经销商 JBP）", "经销商老板或连锁采购总监", (
        Criterion("一条线", "从复盘、目标到 JBP 和行动，每一步都能追回依据", 0.15),
        Criterion("双方的账", "客户的损益与回报、进货 = 出货 + 库存变化", 0.25),
        Criterion("合作计划", "活动有回本测算，客户渗透的目标清单写进合作计划", 0.20),
        Criterion("卖入", "每项提议说出客户的好处，预想了异议和回答", 0.20),
        Criterion("可执行", "每项行动有负责人、日期和衡量指标", 0.10),
        Criterion("答辩", "回应质询有依据，该坚持的坚持、该让步的有条件", 0.10),
    )),
)
DEBATE_GROUPS = 6
DEBATE_SCALE = (1, 5)
# Minutes of each part of one group's turn; the short one for days with many groups.
DEBATE_TIMING = (("陈述", 7), ("质询", 5), ("答辩", 3), ("全场补充", 3), ("评分", 2))
DEBATE_SHORT = (("陈述", 6), ("质询", 4), ("答辩", 3), ("评分", 2))


def timing_text(parts: tuple[tuple[str, int], ...]) -> str:
    """"每组 20 分钟：陈述 7 分钟 → …" from (part, minutes) pairs."""
    steps = " → ".join(f"{name} {minutes} 分钟" for name, minutes in parts)
    return f"每组 {sum(m for _, m in parts)} 分钟：{steps}"


DEBATE_FORMAT = (
    "各小组分享、辩论 (Group sharing and debate)：本套件的做法",
    "分组：每组 4–5 人，全班 3–6 组；第 2 天分好，六天不变。三个模块里组员轮流担任主讲人。",
    "角色：主讲人 1 人（讲本组选定的成果）；数据答辩人 1 人（回答数字）；记录员 1 人（记下质询和答复，"
    "会后写进改进清单）；计时员由下一组派出。质询组：另一组整体扮演“对方”，模块一是上级，模块二是销售总监和财务，"
    "模块三是经销商老板或连锁采购总监。",
    f"时间：{timing_text(DEBATE_TIMING)}（质询最多三个问题）；组数多、时间不够时用短格式，"
    f"{timing_text(DEBATE_SHORT)}。各组结束后导师点评。",
    "规则：质询只问依据，不问立场；答辩只用屏幕上的数字；超时由计时员举牌提醒。",
    f"评分：每个评分项打 {DEBATE_SCALE[0]}–{DEBATE_SCALE[1]} 分；"
    f"总分 = Σ 权重 × 得分 ÷ {DEBATE_SCALE[1]} × 100，由表格自动计算。"
    "除被评的一组外，每组交一张评分表，导师另交一张；导师分和同伴平均分分开公布。",
)
SCORE_START = 5  # first criterion row of a module's sheet


def score_formula(column: str, first: int, last: int) -> str:
    """The weighted total of one group's column: Σ weight × score ÷ top × 100, blank until
    every criterion is scored."""
    weights, scores = f"$C${first}:$C${last}", f"{column}{first}:{column}{last}"
    return (f'=IF(COUNT({scores})<ROWS({scores}),"",'
            f"ROUND(SUMPRODUCT({weights},{scores})/{DEBATE_SCALE[1]}*100,1))")


def debate_scoring() -> Workbook:
    wb = Workbook()
    guide = wb.active
    guide.title = "说明"
    _lines(guide, DEBATE_FORMAT)
    for rnd in DEBATE_ROUNDS:
        ws = wb.create_sheet(rnd.sheet)
        ws["A1"] = f"{rnd.sheet} 分享与辩论评分表：{rnd.title}"
        ws["A1"].font = TITLE_FONT
        ws["A2"] = f"质询组扮演：{rnd.challenger}"
        ws["A3"] = "评分人：                    日期："
        groups = [f"第 {n} 组" for n in range(1, DEBATE_GROUPS + 1)]
        _header(ws, 4, ["评分项", "看什么", "权重", *groups],
                [14, 48, 8, *[9] * DEBATE_GROUPS])
        first = SCORE_START
        last = first + len(rnd.criteria) - 1
        for n, c in enumerate(rnd.criteria):
            ws.cell(row=first + n, column=1, value=c.name).font = Font(bold=True)
            ws.cell(row=first + n, column=2, value=c.looks_for).alignment = WRAP
            ws.cell(row=first + n, column=3, value=c.weight).number_format = "0%"
        total = last + 1
        ws.cell(row=total, column=1, value="总分（0–100）").font = Font(bold=True)
        ws.cell(row=total, column=3, value=f"=SUM(C{first}:C{last})").number_format = "0%"
        for col in range(4, 4 + DEBATE_GROUPS):
            letter = get_column_letter(col)
            ws.cell(row=total, column=col, value=score_formula(letter, first, last))
        end = get_column_letter(3 + DEBATE_GROUPS)
        dv = DataValidation(type="whole", operator="between", formula1=str(DEBATE_SCALE[0]),
                            formula2=str(DEBATE_SCALE[1]), allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"D{first}:{end}{last}")
        ws.cell(row=total + 2, column=1, value="最有说服力的一点：").font = SECTION_FONT
        ws.cell(row=total + 4, column=1, value="最需要补的一点：").font = SECTION_FONT
        ws.freeze_panes = f"D{first}"
    return wb


# ------------------------------------------------------------------ key accounts

PEOPLE_SHEETS: tuple[Sheet, ...] = (
    Sheet("关键人物表", "contacts", "客户里和采购有关的每一个人：角色、态度、影响力、关系阶段、痛点和价值主张",
          "工作坊 05（关系覆盖、关系图、健康度、风险预警、关系维护）", (
              Column("客户编码", "customer_id", True, "客户编码，与销售明细一致", "D04"),
              Column("客户名称", "customer_name", False, "客户名称", "天津恒信食品贸易"),
              Column("姓名", "name", True, "同一客户内不重名；汇报对象按姓名填写", "曹振东"),
              Column("职务", "title", False, "职务", "总经理"),
              Column("部门", "department", False, "部门", "总经办"),
              Column("角色", "role", True, "在采购决策中的角色（下拉选择）", "决策者"),
              Column("态度", "attitude", False, "对我方的态度（下拉选择）", "中立"),
              Column("影响力", "influence", False, "对决策的影响力，1–5 的整数", 5),
              Column("关系阶段", "stage", False, "认识、约会、信赖、同盟（下拉选择）", "认识"),
              Column("行为类型", "style", False, "分析型、亲切型、表现型、进取型（下拉选择）", "进取型"),
              Column("汇报对象", "reports_to", False, "直属上级的姓名；最上层留空", ""),
              Column("我方负责人", "owner", False, "我方谁负责这个人", "刘洋"),
              Column("最近联系日期", "last_contact", False, "最近一次拜访或通话的日期", date(2025, 6, 18)),
              Column("离职日期", "left_on", False, "已离职或调岗的日期；在职留空", ""),
              Column("痛点", "pain", False, "这个人的痛（痛苦链的一环）", "业务员流失，终端在丢"),
              Column("价值主张", "value_proposition", False, "我们针对这个痛点的价值主张", "协同拜访，帮他把终端找回来"),
              Column("备注", "notes", False, "内部备注（只进内部版）", "对返利核算有意见"),
          )),
    Sheet("拜访记录", "interactions", "每一次拜访、电话、会议", "工作坊 05（最近联系、逾期回访、客户档案）", (
        Column("日期", "date", True, "日期", date(2025, 12, 15)),
        Column("客户编码", "customer_id", True, "客户编码", "D04"),
        Column("联系人", "contact", False, "关键人物表中的姓名", "曹振东"),
        Column("拜访方式", "type", True, "拜访、电话、微信/邮件、会议、活动、售后服务（下拉选择）", "拜访"),
        Column("负责人", "owner", False, "我方拜访的人", "刘洋"),
        Column("拜访目的", "purpose", False, "这次要解决什么问题", "季度生意回顾"),
        Column("拜访结果", "outcome", False, "结果", "同意推进"),
        Column("下一步", "next_step", False, "说好的下一步", "安排高层会面"),
        Column("下一步日期", "next_date", False, "下一步的日期", date(2026, 1, 10)),
    )),
    Sheet("客户扫街日报", "development_log", "业务员每天的开发记录：一行一个客户一次接触", "工作坊 05（周总结、经理视图）", (
        Column("日期", "date", True, "工作日", date(2025, 12, 15)),
        Column("业务员", "rep", True, "业务员", "刘洋"),
        Column("客户名称", "prospect", True, "拜访的门店或潜在客户", "天津老街面馆"),
        Column("拜访/电话", "visited", False, "拜访、电话、未接触（下拉选择）", "拜访"),
        Column("开发阶段", "stage", False, "这次之后到了哪一步（下拉选择）", "需求确认"),
        Column("竞品", "competitor", False, "店里看到的竞品，多个用“、”分开", "金厨"),
        Column("发现的需求", "need", False, "客户说的需求", "要餐饮大包装"),
        Column("下一步行动", "next_action", False, "下一次做什么；没有就留空", "送试用装"),
    )),
)
ROWS_WITH_LISTS = 300  # rows below the example that get the drop-down lists


def _vocabulary_lists(ws, sheet: Sheet) -> None:
    for col, column in enumerate(sheet.columns, 1):
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{ROWS_WITH_LISTS + 1}"
        if (sheet.table, column.canonical) in schema.VOCABULARIES:
            _validation(ws, list(labels.choices(sheet.table, column.canonical, "zh").values()),
                        cells)
        elif (sheet.table, column.canonical) in schema.RANGES:
            low, high = schema.RANGES[(sheet.table, column.canonical)]
            dv = DataValidation(type="whole", operator="between", formula1=str(int(low)),
                                formula2=str(int(high)), allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(cells)


KEY_ACCOUNT_NOTES = (
    "大客户关系模板 (Key-account template)",
    "三张要填的表：关键人物表、拜访记录、客户扫街日报。表头请保持原样；第 2 行是示例，可以改成你自己的内容或删掉。",
    "1. 关键人物表：每个和采购有关的人一行。角色、态度、关系阶段、行为类型点格子右边的下拉箭头选择；影响力写 1–5 的整数。",
    "2. 拜访记录：每次拜访、电话、会议一行，联系人写关键人物表里的姓名。",
    "3. 客户扫街日报：每天收工前填，一行一个客户一次接触。周总结不用另填：工具包会从日报汇总出来（见“周总结”工作表）。",
    "4. 可以把这三张表放进你的销售数据工作簿（各占一个工作表），工具包会按表头找到它们；也可以单独保存成文件。",
    "5. 自己检查：kit validate 文件名.xlsx --table contacts（或 interactions、development_log）会列出每一个有问题的单元格。",
    "6. “备注”“态度”“影响力”“关系阶段”“痛点”只进内部版的计划，客户版里没有。",
)


def key_accounts() -> Workbook:
    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    _lines(notes, KEY_ACCOUNT_NOTES)
    for sheet in PEOPLE_SHEETS:
        ws = wb.create_sheet(sheet.name)
        _header(ws, 1, [c.header for c in sheet.columns],
                [max(12, 2 * len(c.header) + 4) for c in sheet.columns])
        for col, column in enumerate(sheet.columns, 1):
            cell = ws.cell(row=2, column=col, value=column.example if column.example != "" else None)
            if isinstance(column.example, date):
                cell.number_format = "yyyy-mm-dd"
        _vocabulary_lists(ws, sheet)
        ws.freeze_panes = "A2"
    weekly = wb.create_sheet("周总结")
    weekly["A1"] = "客户开发调查阶段周总结（由工具包从“客户扫街日报”汇总，不需要填写）"
    weekly["A1"].font = TITLE_FONT
    _header(weekly, 3, ["业务员", "周（周一）", "日报行数", "拜访", "电话", "客户数", "新客户",
                        *[f"到达{labels.choice('development_log', 'stage', k, 'zh')}"
                          for k in development.DEV_STAGES], "发现需求", "竞品出现次数", "无下一步"])
    weekly["A5"] = "在工作坊 05 或免代码应用（kit app 5）里载入日报，这张表会自动生成。"
    weekly["A5"].font = NOTE_FONT
    rivals = wb.create_sheet("竞品清单")
    rivals["A1"] = "竞品清单 (Competitor checklist)"
    rivals["A1"].font = TITLE_FONT
    _header(rivals, 3, ["了解什么", "竞品 1：", "竞品 2：", "竞品 3："], [30, 30, 30, 30])
    for n, key in enumerate(development.COMPETITOR_ITEMS, 4):
        rivals.cell(row=n, column=1, value=i18n.text("accounts", f"competitor.{key}")).alignment = WRAP
    prep = wb.create_sheet("拜访准备")
    prep["A1"] = "拜访准备与七步框架 (Visit preparation and the seven steps)"
    prep["A1"].font = TITLE_FONT
    _header(prep, 3, ["见面前的准备", "我的回答"], [50, 60])
    row = 4
    for question in people.visit_preparation("zh"):
        prep.cell(row=row, column=1, value=question).alignment = WRAP
        row += 1
    _header(prep, row + 1, ["七步框架", "这次怎么做"], [50, 60])
    for n, step in enumerate(people.visit_steps("zh"), 1):
        prep.cell(row=row + 1 + n, column=1, value=f"{n}. {step}").alignment = WRAP
    return wb


TEMPLATES = {
    "data_request.xlsx": data_request,
    "ogsm.xlsx": ogsm,
    "jbp.xlsx": jbp_template,
    "action_plan.xlsx": action_plan,
    "debate_scoring.xlsx": debate_scoring,
    "key_accounts.xlsx": key_accounts,
}


def build(out: Path = OUT) -> list[Path]:
    """Write every template into `out` (in Chinese, whatever the session language)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = i18n.get_lang()
    i18n.set_lang("zh")
    try:
        written = []
        for name, make in TEMPLATES.items():
            path = out / name
            make().save(path)
            written.append(path)
        return written
    finally:
        i18n.set_lang(previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
