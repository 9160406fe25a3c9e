"""kit.views: labels in the kit language, numbers formatted, nothing computed."""

import pandas as pd

from kit import i18n, views


def test_coverage_table_labels_and_thousands():
    table = views.coverage_table({"rows": 329320, "months": 36, "first_period": "2023-01"})
    assert table.index.tolist() == ["数据行数", "月份数", "起始月份"]
    assert table.iloc[:, 0].tolist() == ["329,320", "36", "2023-01"]


def test_totals_table_in_english():
    totals = pd.DataFrame({"units": [1234.0], "net_sales": [98765.4]},
                          index=pd.MultiIndex.from_tuples([("sell_in", 2024)], names=["flow", "year"]))
    i18n.set_lang("en")
    try:
        table = views.totals_table(totals)
    finally:
        i18n.set_lang("zh")
    assert table.index.tolist() == [("Sell-in", 2024)]
    assert table.loc[("Sell-in", 2024)].tolist() == ["1,234", "98,765.40"]


def test_class_summary_and_funnel_tables():
    summary = pd.DataFrame({"count": [2, 1], "value": [800.0, 200.0], "count_share": [2 / 3, 1 / 3],
                            "value_share": [0.8, 0.2]}, index=pd.Index(["A", "B"], name="class"))
    table = views.class_summary_table(summary)
    assert table.columns.tolist() == ["个数", "销售额（元）", "个数占比", "销售额占比"]
    assert table.loc["A"].tolist() == [2, "800", "66.7%", "80.0%"]
    funnel = pd.DataFrame({"change": [1234.4], "numeric_distribution": [float("nan")]},
                          index=pd.Index(["华北"], name="region"))
    out = views.funnel_by_table(funnel)
    assert out.index.name == "区域" and out.loc["华北"].tolist() == ["1,234", "n/a"]
