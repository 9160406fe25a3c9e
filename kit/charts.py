"""Charts from results: one house style, Chinese that renders on any machine.

The CJK font comes from the project's own dependency (mpl-font ships Noto Sans
CJK SC), never from the machine, so a fresh venv draws Chinese without tofu.
"""

from __future__ import annotations

import importlib.resources

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit import i18n

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_FILES = ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")
PALETTE = ["#1f5fa8", "#e0802b", "#3a9a5b", "#c23b3b", "#7b5ea7", "#8c6d46", "#d36fa8", "#6f7a86"]

t = i18n.catalogue(
    "charts",
    {
        "trend.title": {"zh": "月度销售额趋势", "en": "Monthly net sales"},
        "trend.ylabel": {"zh": "销售额（万元）", "en": "Net sales (thousand CNY)"},
        "axis.month": {"zh": "月份", "en": "Month"},
    },
)


def font_paths() -> list[str]:
    base = importlib.resources.files("mpl_font") / "fonts" / "noto"
    return [str(base / name) for name in _FONT_FILES]


def setup() -> None:
    """Register the CJK font and the house style (idempotent)."""
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_paths():
        if path not in known:
            font_manager.fontManager.addfont(path)
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font has no U+2212 minus glyph
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#dddddd",
            "axes.titleweight": "bold",
            "axes.titlesize": 13,
            "figure.figsize": (9, 4.2),
            "figure.dpi": 100,
            "savefig.bbox": "tight",
            "legend.frameon": False,
        }
    )


def money_axis(ax) -> None:
    """Money ticks in 万元 (zh) or thousands (en): the unit a sales manager reads."""
    divisor = 10_000 if i18n.get_lang() == "zh" else 1_000
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / divisor:,.0f}"))
    ax.set_ylabel(t("trend.ylabel"))


def trend(monthly: pd.DataFrame, title: str | None = None) -> Figure:
    """Line chart of monthly totals, one line per column (see kit.overview.monthly)."""
    fig, ax = plt.subplots()
    x = monthly.index.to_timestamp() if isinstance(monthly.index, pd.PeriodIndex) else monthly.index
    for column in monthly.columns:
        ax.plot(x, monthly[column], label=str(column), linewidth=2)
    ax.set_title(title or t("trend.title"))
    ax.set_xlabel(t("axis.month"))
    money_axis(ax)
    if len(monthly.columns) > 1:
        # Outside the plot area: a legend on top of the lines hides the data.
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.autofmt_xdate()
    plt.close(fig)  # returned to the caller; not left open in pyplot's registry
    return fig


setup()
