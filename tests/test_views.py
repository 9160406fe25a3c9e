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
