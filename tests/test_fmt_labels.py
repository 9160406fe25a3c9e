"""kit.fmt, kit.labels and the currency setting: one way to write every number and name."""

import math
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit import fmt, i18n, labels

MINUS = "\u2212"


def test_money_in_the_display_unit():
    # zh shows 万: 1,234,567 / 10,000 = 123.4567 -> "123.5"
    assert fmt.money(1_234_567) == "123.5"
    assert fmt.money(1_234_567, unit=True) == "123.5 万元"
    # −1,696,937.6 / 10,000 = −169.69376 -> "−169.7"
    assert fmt.money(-1_696_937.6, sign=True, unit=True) == f"{MINUS}169.7 万元"
    assert fmt.money(2_411_836.5, sign=True) == "+241.2"
    # whole yuan: 1,234,567.4 -> "1,234,567"; 0.4 rounds to zero and has no sign
    assert fmt.amount(1_234_567.4) == "1,234,567"
    assert fmt.amount(-0.4) == "0" and fmt.money(-400, sign=True) == "0.0"


def test_money_in_english_and_in_dollars(en):
    # en shows thousands: −1,696,937.6 / 1,000 = −1,696.9376 -> "−1,696.9"
    assert fmt.money(-1_696_937.6, sign=True, unit=True) == f"{MINUS}1,696.9 thousand CNY"
    i18n.set_currency("usd")
    assert fmt.money(2_500, unit=True) == "2.5 thousand USD"
    i18n.set_lang("zh")
    # 25,000 / 10,000 = 2.5 万美元
    assert fmt.money(25_000, unit=True) == "2.5 万美元"
    assert fmt.money(25_000, scale=1_000, unit=True) == "25.0 千美元"


def test_percent_points_and_counts():
    assert fmt.percent(-0.16290) == f"{MINUS}16.3%"
    assert fmt.percent(0.0004, sign=True) == "0.0%"  # 0.04 % rounds to zero: no sign
    assert fmt.percent(0.5, sign=True) == "+50.0%"
    # 0.702 − 0.584 = 0.118 -> 11.8 points
    assert fmt.points(0.584 - 0.702) == f"{MINUS}11.8"
    assert fmt.count(1234.4) == "1,234" and fmt.ratio(1.234) == "1.23"
    assert fmt.day(datetime(2025, 3, 4, 15, 0)) == "2025-03-04"


@pytest.mark.parametrize("missing", [None, np.nan, math.inf, -math.inf, pd.NA, pd.NaT])
def test_missing_is_na(missing):
    assert fmt.money(missing) == "n/a" and fmt.percent(missing) == "n/a"
    assert fmt.value(missing, "money") == "n/a" and fmt.value(missing, "text") == ""
    assert fmt.value(missing, "date") == ""


def test_cells_by_kind():
    assert fmt.value(1234.5, "money") == "1,234"  # round half to even: 1234.5 -> 1234
    assert fmt.value(-1234.56, "cents") == f"{MINUS}1,234.56"
    assert fmt.value(0.1234, "percent") == "12.3%"
    assert fmt.value(42.25, "days") == "42.2"
    assert fmt.value(3.0, "number") == "3" and fmt.value(2.345, "number") == "2.345"
    assert fmt.value(date(2026, 1, 31), "date") == "2026-01-31"
    assert fmt.value("上海", "money") == "上海"  # a text in a number column stays as typed
    with pytest.raises(ValueError):
        fmt.value(1, "currency")
    assert set(fmt.EXCEL_FORMATS) | {"text", "rag"} == set(fmt.KINDS)
    assert fmt.value("amber", "rag") == "黄"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_one_minus_sign_and_no_negative_zero(value):
    for text in (fmt.money(value), fmt.amount(value), fmt.percent(value / 1e12),
                 fmt.number(value), fmt.value(value, "money")):
        assert "-" not in text  # never the ASCII hyphen
        if text.startswith(MINUS):
            assert any(c in "123456789" for c in text)  # "−0.0" never appears


def test_column_labels_in_both_languages():
    assert labels.column("region") == "区域"
    assert labels.column("net_sales", unit=True) == "销售额（元）"
    assert labels.column("not_a_column") == "not_a_column"
    assert labels.column("region", lang="en") == "Region"
    assert labels.column("region", lang="en", form="plural") == "regions"
    assert labels.factor("skus_per_outlet", lang="en", form="sentence") == "SKUs per outlet"
    assert labels.factor("universe", lang="en", form="sentence") == "outlet universe"
    assert labels.step("new", lang="en", form="sentence") == "new products"
    assert labels.measure("yoy") == "同比" and labels.rag("n/a", lang="en") == "No target"
    assert labels.month(12, lang="en") == "Dec" and labels.window("ytd") == "年初至今"


def test_currency_follows_the_setting(en):
    i18n.set_currency("USD")
    assert labels.column("net_sales", unit=True) == "Net sales (USD)"
    assert labels.word("money_note") == "Money in USD; n/a: cannot be computed"
    i18n.set_lang("zh")
    assert labels.column("cost", unit=True) == "成本（美元）"
    assert labels.with_unit("空白金额", scale=10_000) == "空白金额（万美元）"
    with pytest.raises(ValueError):
        i18n.set_currency("dollars")


def test_no_catalogue_hard_codes_the_currency():
    """Money words come from the currency setting: no catalogue writes 元 or CNY itself."""
    import importlib
    import pkgutil

    import kit

    for module in pkgutil.walk_packages(kit.__path__, "kit."):
        if module.name != "kit.__main__":
            importlib.import_module(module.name)
    for name, entries in i18n.registry().items():
        for key, entry in entries.items():
            assert "CNY" not in entry["en"], (name, key, entry["en"])
            assert not any(unit in entry["zh"] for unit in ("（元）", "万元", "千元")), (name, key)
