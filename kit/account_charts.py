"""Charts of the people side of key accounts: the relationship map, the health score and
the development weeks (matplotlib, the kit's CJK font and house colours, via kit.charts).

The relationship map is an org chart drawn left to right from ``reports_to``
(:func:`kit.accounts.org_chart`): the top of the account on the left, each person one
column further than their manager, leaves one row apart and a manager centred on their
people (:func:`org_layout`), so a 30-person account stays legible (the figure grows a
row per leaf). A person's dot is coloured by attitude (supporter green, neutral grey,
opponent red) and sized by influence (1–5); the relationship stage is a badge; someone
who left is drawn hollow with a dashed line.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kit import charts, fmt, i18n, labels  # noqa: F401  (charts: the CJK font)
from kit.accounts import people as acc_people
from kit.accounts.health import PARTS, contributions
from kit.accounts.labels import t as acc_t
from kit.style import DOWN, NEUTRAL, PALETTE, UP, rag_colours

t = i18n.catalogue(
    "account_charts",
    {
        "map.title": {"zh": "{customer} 关系图", "en": "{customer}: relationship map"},
        "map.size": {"zh": "圆点大小 = 影响力（1–5）", "en": "Dot size = influence (1–5)"},
        "map.left": {"zh": "空心虚线 = 已离职", "en": "Hollow, dashed = left"},
        "map.unknown": {"zh": "态度未填", "en": "attitude not given"},
        "map.empty": {"zh": "{customer} 还没有关键人物", "en": "{customer} has no key persons yet"},
        "health.title": {"zh": "客户健康度（各部分的得分）", "en": "Account health (points per part)"},
        "health.axis": {"zh": "健康度（0–100）", "en": "Health (0–100)"},
        "dev.title": {"zh": "扫街日报周汇总：拜访次数", "en": "Weekly development summary: visits"},
        "dev.new": {"zh": "其中新客户", "en": "of which new prospects"},
        "dev.week": {"zh": "周（周一）", "en": "Week (Monday)"},
    },
)

ATTITUDE_COLOURS = {"supporter": UP, "neutral": NEUTRAL, "opponent": DOWN}
STAGE_COLOURS = {"know": "#dfe8f3", "meet": "#a9c3e2", "trust": "#5a8cc8", "ally": PALETTE[0]}
ROW, COLUMN = 0.62, 3.3  # inches a leaf row and a reporting level take
PLATE = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}  # lines pass behind


def org_layout(chart: acc_people.OrgChart) -> dict[str, tuple[int, float]]:
    """(column, row) per person: column = depth in the reporting lines; leaves take rows
    0, 1, 2 … in table order, a manager sits at the middle of their first and last
    person's rows."""
    rows: dict[str, float] = {}
    next_row = [0.0]

    def place(name: str) -> float:
        kids = chart.children(name)
        if not kids:
            rows[name] = next_row[0]
            next_row[0] += 1
        else:
            placed = [place(k) for k in kids]
            rows[name] = (placed[0] + placed[-1]) / 2
        return rows[name]

    for root in chart.roots:
        place(root)
    return {name: (chart.depth(name), rows[name]) for name in chart.people}


def _size(influence: object) -> float:
    value = 3.0 if fmt.is_missing(influence) else float(np.clip(influence, 1, 5))
    return 60 + 55 * value


def relationship_map(contacts: pd.DataFrame, customer: str, *, as_of=None,
                     name: str = "") -> Figure:
    """The org chart of ``customer``'s key persons (see the module doc)."""
    rows = contacts[contacts["customer_id"].astype(str) == str(customer)].reset_index(drop=True)
    title = t("map.title", customer=name or customer)
    if rows.empty:
        fig, ax = plt.subplots(figsize=(6, 1.5), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, t("map.empty", customer=name or customer), ha="center", va="center")
        plt.close(fig)
        return fig
    chart = acc_people.org_chart(rows, customer)
    rows.index = pd.Index(chart.people)
    active = acc_people.is_active(rows, as_of)
    where = org_layout(chart)
    leaves = max(r for _, r in where.values()) + 1
    depth = max(c for c, _ in where.values()) + 1
    fig, ax = plt.subplots(figsize=(1.2 + COLUMN * depth, 1.4 + ROW * leaves),
                           layout="constrained")
    for person, boss in chart.manager.items():
        if boss is None:
            continue
        (c0, r0), (c1, r1) = where[boss], where[person]
        mid = c0 + 0.18
        ax.plot([c0, mid, mid, c1], [r0, r0, r1, r1], color="#9aa5b1", linewidth=1, zorder=1,
                linestyle="-" if active[person] else "--")
    for person, (col, row) in where.items():
        data = rows.loc[person]
        colour = ATTITUDE_COLOURS.get(str(data.get("attitude")), "#d0d5db")
        gone = not active[person]
        ax.scatter(col, row, s=_size(data.get("influence")), zorder=3,
                   facecolors="white" if gone else colour, edgecolors=colour,
                   linewidths=1.6, linestyles="--" if gone else "-")
        title_text = "" if fmt.is_missing(data.get("title")) else f" · {data['title']}"
        ax.text(col + 0.09, row - 0.1, f"{person}{title_text}", fontsize=9, va="center",
                ha="left", zorder=4, color="#777777" if gone else "#212121", bbox=PLATE)
        role = labels.choice("contacts", "role", data.get("role"))
        stage = data.get("stage")
        role_text = ax.text(col + 0.09, row + 0.22, role or " ", fontsize=8, va="center",
                            ha="left", color="#555555", zorder=4, bbox=PLATE)
        if isinstance(stage, str) and stage in STAGE_COLOURS:
            dark = stage in ("trust", "ally")
            ax.annotate(labels.choice("contacts", "stage", stage), xy=(1, 0.5),
                        xycoords=role_text, xytext=(5, 0), textcoords="offset points",
                        fontsize=7.5, va="center", ha="left", zorder=4,
                        color="white" if dark else "#1f3550",
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": STAGE_COLOURS[stage],
                              "edgecolor": "none"})
    ax.set_xlim(-0.3, depth - 1 + 1.25)
    ax.set_ylim(leaves - 0.4, -0.8)
    ax.axis("off")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=c,
                      label=labels.choice("contacts", "attitude", k))
               for k, c in ATTITUDE_COLOURS.items()]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=8, color="#d0d5db",
                       label=t("map.unknown")),
                Line2D([], [], marker="o", linestyle="", markersize=11, color="#bbbbbb",
                       label=t("map.size")),
                Line2D([], [], marker="o", linestyle="--", markersize=8, color=NEUTRAL,
                       markerfacecolor="white", label=t("map.left"))]
    handles += [Line2D([], [], marker="s", linestyle="", markersize=9, color=c,
                       label=labels.choice("contacts", "stage", k))
                for k, c in STAGE_COLOURS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncol=5, fontsize=8, frameon=False)
    ax.set_title(title)
    plt.close(fig)
    return fig


PART_COLOURS = dict(zip(PARTS, (PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[4], PALETTE[5]),
                        strict=True))


def health_chart(scored: pd.DataFrame, weights=None, top: int | None = None) -> Figure:
    """Each account's health as stacked points per part (they add up to the score),
    the score in its RAG colour; best first (``top``: only that many)."""
    shown = scored.sort_values("score", ascending=False, na_position="last", kind="stable")
    shown = shown if top is None else shown.head(top)
    points = contributions(shown, weights)
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.38 * len(shown)), layout="constrained")
    y = np.arange(len(shown))
    left = np.zeros(len(shown))
    for part in PARTS:
        ax.barh(y, points[part], left=left, height=0.6, color=PART_COLOURS[part], zorder=2,
                label=acc_t(f"part.{part}"))
        left += points[part].to_numpy()
    for row, (score, rag) in enumerate(zip(shown["score"], shown["rag"], strict=True)):
        background, text = rag_colours(rag)
        ax.text(min(left[row], 100) + 1.5, row, fmt.number(score, 0), va="center", fontsize=8,
                color=text, bbox={"boxstyle": "round,pad=0.25", "facecolor": background,
                                  "edgecolor": "none"})
    ax.set_yticks(y, [str(i) for i in shown.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel(t("health.axis"))
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    fig.legend(fontsize=8, loc="outside lower center", ncol=5, frameon=False)
    ax.set_title(t("health.title"))
    plt.close(fig)
    return fig


def development_chart(weekly: pd.DataFrame) -> Figure:
    """Visits per rep and week from the weekly roll-up, new prospects hatched inside."""
    table = weekly.reset_index()
    weeks = sorted(table["week"].unique())
    reps = sorted(table["rep"].unique())
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    width = 0.8 / max(len(reps), 1)
    for i, rep in enumerate(reps):
        mine = (table[table["rep"] == rep].set_index("week")[["visits", "new_prospects"]]
                .reindex(weeks, fill_value=0))
        x = np.arange(len(weeks)) + (i - (len(reps) - 1) / 2) * width
        colour = PALETTE[i % len(PALETTE)]
        ax.bar(x, mine["visits"], width=width, color=colour, zorder=2, label=rep)
        ax.bar(x, mine["new_prospects"], width=width * 0.6, color="white", alpha=0.55,
               zorder=3, hatch="///", edgecolor=colour)
    handles, names = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///"))
    names.append(t("dev.new"))
    ax.set_xticks(np.arange(len(weeks)), [pd.Timestamp(w).strftime("%m-%d") for w in weeks])
    ax.set_xlabel(t("dev.week"))
    ax.grid(axis="y", color="#dddddd")
    ax.legend(handles, names, fontsize=8, ncol=min(len(reps) + 1, 5))
    ax.set_title(t("dev.title"))
    plt.close(fig)
    return fig


__all__ = ["ATTITUDE_COLOURS", "PART_COLOURS", "STAGE_COLOURS", "development_chart", "health_chart", "org_layout",
           "relationship_map"]
