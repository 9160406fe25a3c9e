"""The people tables (contacts, interactions, development_log): the loader reads their
fixed words as keys and names every bad cell by row and column; the bundled files are
what datasets/people.py writes, and they tell the stories TRAINER.md tells (checked on
the raw CSVs with pandas, not with kit.accounts)."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kit import cases, i18n
from kit.data import DataError, load

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_contacts_words_become_keys_in_either_language(tmp_path):
    path = write(tmp_path, "关键人物.csv",
                 "客户编码,姓名,角色,态度,影响力,关系阶段,行为类型\n"
                 "D04,曹振东,决策者,中立,5,认识,进取型\n"
                 "D04,Feng,coach,supporter,4,ally,\n"
                 "D04,韦强,使用者,,,,\n")
    data = load(path, "contacts").data
    assert list(data["role"]) == ["decision_maker", "coach", "user"]
    assert list(data["attitude"].fillna("-")) == ["neutral", "supporter", "-"]
    assert list(data["stage"].fillna("-")) == ["know", "ally", "-"]
    assert data["influence"].tolist()[:2] == [5, 4]


def test_every_bad_cell_is_named_by_row_and_column(tmp_path):
    path = write(tmp_path, "关键人物.csv",
                 "客户编码,姓名,角色,态度,影响力,关系阶段,最近联系日期\n"
                 "D04,甲,老板,支持,5,认识,2025-01-05\n"
                 "D04,乙,教练,喜欢,7,约会,2025-02-30\n"
                 "D04,丙,审批者,中立,高,熟人,\n"
                 ",丁,使用者,中立,2,认识,\n")
    with pytest.raises(DataError) as error:
        load(path, "contacts")
    problems = [(p.row, p.letter, p.column, p.value) for p in error.value.problems]
    # Row 3 has an impossible date, so the loader rejects it before the words are read;
    # row 4's influence is text; row 5 has no customer.
    assert problems == [
        (2, "C", "角色", "老板"),
        (3, "G", "最近联系日期", "2025-02-30"),
        (4, "E", "影响力", "高"),
        (5, "A", "客户编码", None),
    ]
    text = str(error.value)
    assert "第 2 行 › C 列“角色” › 值“老板” — 应为以下之一：决策者、审批者、影响者、使用者、技术把关者、教练" in text
    result = load(path, "contacts", errors="report")
    assert list(result.data["name"]) == [] and result.report.rows_accepted == 0
    assert result.report.rejected_rows == [2, 3, 4, 5]


def test_a_row_with_only_word_problems_lists_each_of_them(tmp_path):
    path = write(tmp_path, "c.csv", "customer,name,role,attitude,influence,stage\n"
                                    "A,x,boss,fan,7,close friend\nA,y,user,neutral,3,meeting\n")
    result = load(path, "contacts", errors="report")
    assert [(p.row, p.letter, p.code) for p in result.report.problems] == [
        (2, "C", "expect.one_of"), (2, "D", "expect.one_of"), (2, "E", "expect.range"),
        (2, "F", "expect.one_of")]
    assert list(result.data["name"]) == ["y"] and result.data["stage"].iloc[0] == "meet"
    i18n.set_lang("en")
    try:
        assert result.report.problems[2].expected == "expected a whole number from 1 to 5"
        assert result.report.problems[0].expected.startswith("expected one of: decision maker")
    finally:
        i18n.set_lang("zh")


def test_interactions_and_the_daily_log_load_with_their_words(tmp_path):
    visits = write(tmp_path, "拜访.csv", "日期,客户编码,联系人,拜访方式,下一步日期\n"
                                         "2025-12-01,D04,曹振东,拜访,2025-12-15\n"
                                         "2025/12/03,D04,彭涛,电话,\n")
    data = load(visits, "interactions").data
    assert list(data["type"]) == ["visit", "call"]
    assert data["date"].tolist() == [pd.Timestamp("2025-12-01"), pd.Timestamp("2025-12-03")]
    log = write(tmp_path, "日报.csv", "日期,业务员,客户名称,拜访/电话,开发阶段,竞品\n"
                                      "2025-12-01,刘洋,老街面馆,拜访,初次接触,金厨\n"
                                      "2025-12-01,刘洋,聚福饭店,路过,签约,\n")
    result = load(log, "development_log", errors="report")
    assert list(result.data["stage"]) == ["first_contact"]
    assert [(p.row, p.letter, p.value) for p in result.report.problems] == [(3, "D", "路过")]


def test_kit_validate_names_the_bad_cells_of_a_contacts_file(tmp_path):
    path = write(tmp_path, "c.csv", "客户编码,姓名,角色\nA,甲,决策者\nA,乙,老板\n")
    done = subprocess.run([sys.executable, "-m", "kit", "validate", str(path), "--table",
                           "contacts"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert "第 3 行 › C 列“角色” › 值“老板”" in done.stdout
    assert "接受 1 行，拒绝 1 行" in done.stdout


# ------------------------------------------------------------------ the bundled files

def test_the_files_are_what_the_people_generator_writes(tmp_path):
    for rel in ("abc/outlets.csv", "abc/sales.csv.gz", "abc/products.csv", "pharma/outlets.csv"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATASETS / rel, tmp_path / rel)
    (tmp_path / "trainees").mkdir()
    spec = importlib.util.spec_from_file_location("people", DATASETS / "people.py")
    people = importlib.util.module_from_spec(spec)
    sys.modules["people"] = people  # dataclasses look their module up while it loads
    spec.loader.exec_module(people)
    counts = people.write_people(tmp_path)
    written = ["abc/contacts.csv", "abc/interactions.csv", "abc/development_log.csv",
               "pharma/contacts.csv", "pharma/interactions.csv", "pharma/development_log.csv",
               "trainees/赵敏_ABC零售.xlsx"]
    assert sorted(counts) == sorted(written)
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (DATASETS / rel).read_bytes(), rel


def raw(case: str, table: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / case / f"{table}.csv", dtype=str).fillna("")


def test_d04_lost_its_champion_and_its_sales_fell():
    people = raw("abc", "contacts")
    d04 = people[people["customer_id"] == "D04"]
    gone = d04[d04["left_on"] != ""]
    assert list(gone["name"]) == ["冯立新"] and gone["attitude"].iloc[0] == "支持"
    assert gone["role"].iloc[0] == "教练" and gone["left_on"].iloc[0] == "2024-12-20"
    # nobody left at D04 is a supporter beyond 认识
    still = d04[d04["left_on"] == ""]
    assert not ((still["attitude"] == "支持") & still["stage"].isin(["约会", "信赖", "同盟"])).any()
    sales = pd.read_csv(DATASETS / "abc" / "sales.csv.gz", usecols=["period", "kind",
                                                                       "customer_id", "net_sales"])
    d = sales[(sales["kind"] == "sell_in") & (sales["customer_id"] == "D04")]
    by_year = d.groupby(d["period"].str[:4])["net_sales"].sum()
    assert by_year["2025"] / by_year["2024"] - 1 == pytest.approx(-0.2347, abs=0.0005)


def test_the_stuck_deal_has_a_silent_decision_maker_and_a_strong_opponent():
    people = raw("abc", "contacts")
    k01 = people[people["customer_id"] == "K01"].set_index("name")
    assert k01.loc["韩梅", "role"] == "决策者" and k01.loc["韩梅", "last_contact"] == "2025-05-20"
    assert k01.loc["唐建", "attitude"] == "反对" and k01.loc["唐建", "influence"] == "5"
    beyond = k01[(k01["attitude"] != "反对") & k01["stage"].isin(["约会", "信赖", "同盟"])]
    assert list(beyond.index) == ["许建军"]  # the one thread
    visits = raw("abc", "interactions")
    assert visits[(visits["customer_id"] == "K01") & (visits["contact"] == "韩梅")]["date"].max() \
        == "2025-05-20"


def test_every_interaction_names_a_person_of_its_account_and_ends_at_their_last_contact():
    for case in ("abc", "pharma"):
        people, visits = raw(case, "contacts"), raw(case, "interactions")
        known = set(zip(people["customer_id"], people["name"], strict=True))
        assert set(zip(visits["customer_id"], visits["contact"], strict=True)) <= known
        latest = visits.groupby(["customer_id", "contact"])["date"].max()
        table = people.set_index(["customer_id", "name"])["last_contact"]
        assert (latest == table.reindex(latest.index)).all()
        assert visits["date"].between("2025-01-01", "2025-12-31").all()


def test_the_daily_logs_cover_whole_working_weeks():
    log = raw("abc", "development_log")
    days = pd.to_datetime(log["date"])
    assert days.min() == pd.Timestamp("2025-11-17") and days.max() <= pd.Timestamp("2025-12-26")
    assert (days.dt.day_of_week < 5).all()
    assert sorted(log["rep"].unique()) == ["刘洋", "张伟", "李娜", "王强"]
    # 华北 (刘洋) meets the competitor 金厨 more than anyone
    jinchu = log[log["competitor"].str.contains("金厨")].groupby("rep").size()
    assert jinchu.idxmax() == "刘洋"


def test_the_cases_load_their_people_tables():
    for case in ("abc", "pharma"):
        tables = cases.load_case(case, ("contacts", "interactions", "development_log"))
        assert len(tables["contacts"]) == len(raw(case, "contacts"))
        assert len(tables["interactions"]) == len(raw(case, "interactions"))
        assert len(tables["development_log"]) == len(raw(case, "development_log"))


def test_zhaomin_workbook_holds_sales_and_people_sheets_with_one_bad_role():
    path = DATASETS / "trainees" / "赵敏_ABC零售.xlsx"
    sales = load(path).data
    assert sales["customer_id"].astype(str).unique().tolist() == ["ABC"]
    result = load(path, "contacts", errors="report")
    assert result.report.sheet == "关键人物表"
    assert [(p.row, p.letter, p.value) for p in result.report.problems] == [(10, "E", "采购负责人")]
    assert len(result.data) == 12
    assert load(path, "interactions").report.sheet == "拜访记录"
    log = load(path, "development_log").data
    assert len(log) == 10 and set(log["rep"].astype(str)) == {"赵敏"}


def test_the_canvassing_weeks_tell_trainer_md_s_story():
    log = raw("abc", "development_log")
    level = {"初次接触": 0, "需求确认": 1, "有意向": 2, "洽谈条件": 3, "签约": 4}
    furthest = log.assign(lvl=log["stage"].map(level)).groupby(["rep", "prospect"])["lvl"].max()
    signed = (furthest == 4).groupby(level=0).sum().to_dict()
    intent = (furthest >= 2).groupby(level=0).sum().to_dict()
    assert signed == {"刘洋": 0, "张伟": 3, "李娜": 2, "王强": 3}
    assert intent == {"刘洋": 13, "张伟": 13, "李娜": 5, "王强": 14}
    rows = log.groupby("rep").size().to_dict()
    assert rows == {"刘洋": 261, "张伟": 231, "李娜": 110, "王强": 190}
    jinchu = log.groupby("rep")["competitor"].apply(lambda s: s.str.contains("金厨").mean())
    assert jinchu["刘洋"] == pytest.approx(0.590, abs=0.0005)
    visits = raw("abc", "interactions")
    d03 = visits[visits["customer_id"] == "D03"]
    assert (d03["date"] < "2025-07-01").sum() == 12 and (d03["date"] >= "2025-07-01").sum() == 3
    pharma = raw("pharma", "development_log")
    assert pharma["prospect"].nunique() == 18 and set(
        pharma.loc[pharma["stage"] == "签约", "prospect"]).__len__() == 1
