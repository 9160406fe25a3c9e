"""Named results recorded in an executed notebook, read back by trainer tooling.

A notebook calls :func:`record` for every result the trainer collects; the value
travels as an invisible ``display_data`` output under :data:`MIME`, so
:func:`read_records` can read it out of an executed (e.g. papermill) notebook
without scraping printed text.
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import os
from collections.abc import Mapping
from datetime import date
from typing import Any

import nbformat
import numpy as np
import pandas as pd
from IPython import get_ipython
from IPython.display import display

MIME = "application/vnd.kit.record+json"

# Latest value per name in this process: plain python has no notebook to publish
# into, and tests and widgets want to see what was recorded without one.
_recorded: dict[str, Any] = {}


def record(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` for trainer tooling.

    In a kernel this publishes an invisible ``display_data`` output; everywhere it
    also keeps the value for :func:`recorded`.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"record name must be a non-empty string, got {name!r}")
    jsonable = to_jsonable(value, name=name)
    _recorded[name] = jsonable
    # Outside IPython, display() would print the bundle to stdout instead.
    if get_ipython() is not None:
        # The empty text/plain keeps the output invisible in JupyterLab and HTML.
        display({MIME: {"name": name, "value": jsonable}, "text/plain": ""}, raw=True)


def recorded() -> dict[str, Any]:
    """What this process has recorded so far: name -> latest value."""
    return dict(_recorded)


def to_jsonable(value: Any, *, name: str = "value") -> Any:
    """Convert ``value`` to plain JSON types; ``name`` only labels error messages.

    Numbers (numpy scalars too; NaN / inf -> None), text, bools, None, dicts,
    lists, tuples, numpy arrays, pandas Series (-> dict) and DataFrames
    (-> ``{"columns": [...], "records": [{...}, ...]}``), Period / Timestamp / date
    (-> ISO string) and dataclasses (-> dict). Anything else raises TypeError.
    """
    return _convert(value, name)


def _convert(value: Any, where: str) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, pd.DataFrame):
        return _frame(value, where)
    if isinstance(value, pd.Series):
        return _mapping(_unique_items(value, where), where)
    if isinstance(value, Mapping):
        return _mapping(value.items(), where)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_convert(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {f.name: _convert(getattr(value, f.name), f"{where}.{f.name}") for f in fields}
    raise TypeError(
        f"cannot record {where!r}: values of type {type(value).__name__} are not supported "
        "(use numbers, text, lists, dicts, pandas objects or dataclasses)"
    )


def _frame(frame: pd.DataFrame, where: str) -> dict[str, Any]:
    # A meaningful index (e.g. a groupby result) becomes columns rather than being dropped.
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        frame = frame.reset_index()
    if not frame.columns.is_unique:
        raise ValueError(f"cannot record {where!r}: the DataFrame has duplicate column names")
    columns = [_key(column, where) for column in frame.columns]
    records = [
        _mapping(row.items(), f"{where}[{i}]")
        for i, row in enumerate(frame.to_dict(orient="records"))
    ]
    return {"columns": columns, "records": records}


def _unique_items(series: pd.Series, where: str):
    # A dict keeps one value per key: duplicate labels would silently lose values.
    if not series.index.is_unique:
        raise ValueError(f"cannot record {where!r}: the Series has duplicate index labels")
    return series.items()


def _mapping(items, where: str) -> dict[str, Any]:
    return {_key(key, where): _convert(item, f"{where}[{key!r}]") for key, item in items}


def _key(key: Any, where: str) -> str:
    """A JSON object key; non-text keys are spelled the way json.dumps spells them."""
    converted = _convert(key, where)
    if isinstance(converted, str):
        return converted
    if isinstance(converted, (list, dict)):
        raise TypeError(
            f"cannot record {where!r}: key {key!r} is not a single value "
            "(for a MultiIndex, record frame.reset_index() instead)"
        )
    return json.dumps(converted)


def read_records(notebook: str | os.PathLike[str] | nbformat.NotebookNode) -> dict[str, Any]:
    """Every record in an executed notebook (path or NotebookNode): name -> value.

    Outputs are read in notebook order, so a later record of the same name wins.
    """
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(os.fspath(notebook), as_version=4)
    found: dict[str, Any] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            payload = output.get("data", {}).get(MIME)
            if payload is not None:
                found[payload["name"]] = payload["value"]
    return found
