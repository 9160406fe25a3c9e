"""kit.data.loader.remember: a warm kernel parses a trainee's file once for all stages,
and what each stage gets is exactly what a fresh load gives, in its own copy."""

import csv
import io

import pandas as pd
import pytest

from kit import i18n
from kit.data import load, loader

HEADER = ["月份", "客户编码", "产品编码", "数量", "销售额"]


def csv_file(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([HEADER, *rows])
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def parses(monkeypatch):
    """Turns remembering on, and counts the loads that really parse a file."""
    calls = []
    real = loader._load
    monkeypatch.setattr(loader, "_load", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    loader.remember(2)
    yield calls
    loader.remember(0)


def test_the_same_file_is_parsed_once_and_each_caller_gets_its_own_copy(tmp_path, parses):
    path = csv_file(tmp_path / "甲.csv", [["2024-01", "C1", "S1", "10", "100.50"],
                                          ["2024-02", "C2", "S2", "3", "合计"]])
    first = load(path, errors="report")
    second = load(path, errors="report")
    assert parses == ["甲.csv"]
    pd.testing.assert_frame_equal(first.data, second.data)
    assert first.report == second.report and first.report is not second.report
    # One stage changing its table or its report changes nothing for the next.
    first.data.loc[first.data.index[0], "net_sales"] = -1.0
    first.report.notes.append("edited")
    third = load(path, errors="report")
    assert third.data["net_sales"].iloc[0] == 100.50 and "edited" not in third.report.notes
    assert len(third.report.problems) == 1  # the bad 销售额 of row 3, as a fresh load says


def test_new_bytes_other_options_or_another_language_parse_again(tmp_path, parses):
    path = csv_file(tmp_path / "甲.csv", [["2024-01", "C1", "S1", "10", "100"]])
    load(path)
    csv_file(path, [["2024-01", "C1", "S1", "10", "250"]])  # the trainee fixed the file
    assert load(path).data["net_sales"].tolist() == [250.0]
    load(path, units="万元")
    i18n.set_lang("en")
    try:
        load(path)
    finally:
        i18n.set_lang("zh")
    assert len(parses) == 4
    assert len(loader._MEMO.loads) == 2  # remember(2): the two latest are kept


def test_a_load_that_raises_is_not_kept_and_raises_again(tmp_path, parses):
    path = csv_file(tmp_path / "坏.csv", [["2024-01", "C1", "S1", "10", "abc"]])
    for _ in range(2):
        with pytest.raises(loader.DataError):
            load(path)
    assert len(parses) == 2 and not loader._MEMO.loads


def test_off_by_default():
    assert loader._MEMO.size == 0
