import json
from dataclasses import dataclass
from datetime import date, datetime

import nbclient
import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kit.record import MIME, read_records, record, recorded, to_jsonable


def record_output(name, value, output_type="display_data"):
    data = {MIME: {"name": name, "value": value}, "text/plain": ""}
    if output_type == "execute_result":
        return new_output(output_type, data=data, execution_count=1)
    return new_output(output_type, data=data)


def sample_notebook():
    return new_notebook(
        cells=[
            new_markdown_cell("# Review"),
            new_code_cell(
                "x",
                outputs=[
                    new_output("stream", name="stdout", text="total 1\n"),
                    record_output("total", 1),
                    new_output("display_data", data={"text/plain": "a chart"}),
                ],
            ),
            new_code_cell("y", outputs=[]),
            new_code_cell(
                "z",
                outputs=[
                    record_output("total", 2, "execute_result"),
                    record_output("growth", {"yoy": 0.1, "mom": None}),
                    new_output("error", ename="ValueError", evalue="bad", traceback=[]),
                ],
            ),
        ]
    )


# ---------------------------------------------------------------- read_records


def test_read_records_collects_payloads_and_later_names_win():
    # "total" is recorded twice (1 then 2): the later one wins; other outputs are ignored.
    assert read_records(sample_notebook()) == {"total": 2, "growth": {"yoy": 0.1, "mom": None}}


def test_read_records_reads_a_notebook_file(tmp_path):
    path = tmp_path / "executed.ipynb"
    nbformat.write(sample_notebook(), path)
    assert read_records(path) == {"total": 2, "growth": {"yoy": 0.1, "mom": None}}
    assert read_records(str(path)) == {"total": 2, "growth": {"yoy": 0.1, "mom": None}}


def test_read_records_ignores_markdown_and_empty_notebooks():
    md = new_markdown_cell("text")
    # A markdown cell cannot hold outputs in nbformat; one that does anyway is not a record.
    md["outputs"] = [record_output("sneaky", 1)]
    nb = new_notebook(cells=[new_code_cell("pass")])
    nb.cells.insert(0, md)
    assert read_records(nb) == {}


# ---------------------------------------------------------------- record / recorded


def test_record_outside_ipython_keeps_the_value(capsys):
    record("test_record/plain", np.float64(2.5))
    record("test_record/plain", {"n": np.int64(3)})
    assert recorded()["test_record/plain"] == {"n": 3}
    # Nothing is printed in plain python.
    assert capsys.readouterr().out == ""


def test_record_names_the_record_in_type_errors():
    with pytest.raises(TypeError, match=r"'bad'.*set"):
        record("bad", {1, 2})
    assert "bad" not in recorded()


@pytest.mark.parametrize("name", ["", "  ", None, 3])
def test_record_rejects_unusable_names(name):
    with pytest.raises(ValueError):
        record(name, 1)


# ---------------------------------------------------------------- to_jsonable


@dataclass
class Plan:
    name: str
    start: date
    budget: float


def test_to_jsonable_scalars():
    assert to_jsonable(np.int64(7)) == 7 and type(to_jsonable(np.int64(7))) is int
    assert to_jsonable(np.float32(0.5)) == 0.5 and type(to_jsonable(np.float32(0.5))) is float
    assert to_jsonable(np.bool_(True)) is True
    assert to_jsonable(True) is True
    assert [to_jsonable(v) for v in (float("nan"), float("inf"), -np.inf, np.nan)] == [None] * 4
    assert to_jsonable(pd.NA) is None and to_jsonable(pd.NaT) is None
    assert to_jsonable(pd.Period("2024-03", freq="M")) == "2024-03"
    assert to_jsonable(pd.Timestamp("2024-03-05 10:30")) == "2024-03-05T10:30:00"
    assert to_jsonable(date(2024, 3, 5)) == "2024-03-05"
    assert to_jsonable(datetime(2024, 3, 5, 8)) == "2024-03-05T08:00:00"


def test_to_jsonable_containers_and_dataclasses():
    plan = Plan("促销", date(2024, 5, 1), 1e4)
    value = {"plan": plan, "ids": (1, 2), "arr": np.array([1.5, np.nan])}
    assert to_jsonable(value) == {
        "plan": {"name": "促销", "start": "2024-05-01", "budget": 10000.0},
        "ids": [1, 2],
        "arr": [1.5, None],
    }
    # Non-text keys are spelled as json.dumps would spell them.
    assert to_jsonable({1: "a", 2.5: "b", None: "d"}) == {"1": "a", "2.5": "b", "null": "d"}
    assert to_jsonable({True: "c"}) == {"true": "c"}


def test_to_jsonable_series_uses_iso_keys():
    s = pd.Series([100, 120], index=pd.period_range("2024-01", periods=2, freq="M"))
    assert to_jsonable(s) == {"2024-01": 100, "2024-02": 120}


def test_to_jsonable_dataframe():
    df = pd.DataFrame(
        {
            "customer": ["A", None],
            "period": pd.period_range("2024-01", periods=2, freq="M"),
            "net_sales": [1.5, np.nan],
            "units": [3, 4],
        }
    )
    assert to_jsonable(df) == {
        "columns": ["customer", "period", "net_sales", "units"],
        "records": [
            {"customer": "A", "period": "2024-01", "net_sales": 1.5, "units": 3},
            {"customer": None, "period": "2024-02", "net_sales": None, "units": 4},
        ],
    }


def test_to_jsonable_dataframe_keeps_a_meaningful_index():
    by_region = pd.DataFrame({"net_sales": [10, 20]}, index=pd.Index(["东区", "西区"], name="region"))
    assert to_jsonable(by_region) == {
        "columns": ["region", "net_sales"],
        "records": [{"region": "东区", "net_sales": 10}, {"region": "西区", "net_sales": 20}],
    }


def test_to_jsonable_refuses_what_would_lose_values():
    with pytest.raises(ValueError, match="duplicate"):
        to_jsonable(pd.Series([1, 2], index=["a", "a"]))
    with pytest.raises(ValueError, match="duplicate"):
        to_jsonable(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    with pytest.raises(TypeError, match="reset_index"):
        to_jsonable(pd.Series([1], index=pd.MultiIndex.from_tuples([("a", "b")])))


def test_to_jsonable_type_error_names_type_and_place():
    with pytest.raises(TypeError, match=r"scores\['a'\]\[1\].*type object"):
        to_jsonable({"a": [1, object()]}, name="scores")


json_values = st.recursive(
    st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_to_jsonable_round_trips_through_json(value):
    converted = to_jsonable(value)
    assert converted == value
    assert json.loads(json.dumps(converted)) == value


# ---------------------------------------------------------------- end to end


def test_records_survive_a_real_kernel_run(tmp_path):
    code = (
        "import pandas as pd\n"
        "from kit.record import record\n"
        "record('total', 1234.5)\n"
        "record('table', pd.DataFrame({'sku': ['A', 'B'], 'units': [3, 4]}))\n"
        "print('done')"
    )
    nb = new_notebook(cells=[new_code_cell(code)])
    nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)

    assert read_records(path) == {
        "total": 1234.5,
        "table": {
            "columns": ["sku", "units"],
            "records": [{"sku": "A", "units": 3}, {"sku": "B", "units": 4}],
        },
    }
    # The records are invisible: the only visible text is what the cell printed.
    outputs = nb.cells[0].outputs
    assert [o.text for o in outputs if o.output_type == "stream"] == ["done\n"]
    assert all(o.data["text/plain"] == "" for o in outputs if o.output_type == "display_data")
