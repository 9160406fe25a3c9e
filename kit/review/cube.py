"""A monthly cube: the sales table summed to month × the review keys.

Every review function only sums over months and keys, so running them on the
cube gives the same numbers as on the raw rows, much faster: the review app
builds it once per data file and then answers each click from it.
"""

from __future__ import annotations

import pandas as pd

KEYS = ("kind", "region", "channel", "customer_id", "customer_name", "category", "brand", "sku")
MEASURES = ("units", "net_sales", "gross_sales", "cost")


def monthly_cube(sales: pd.DataFrame, keys: tuple[str, ...] = KEYS) -> pd.DataFrame:
    """Σ measures per month and combination of the `keys` the table has."""
    present = [k for k in keys if k in sales]
    measures = [m for m in MEASURES if m in sales]
    cube = sales.groupby(["period", *present], observed=True, dropna=False)[measures].sum()
    return cube.reset_index()
