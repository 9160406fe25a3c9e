"""Numbers in the book's prose come from the code: in a chapter that computes one figure
(a myst-nb ``glue``), no figure of its prose is typed by hand. The rule is in book/README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"

#: What counts as a figure: a percentage, percentage points, an amount of money, or a decimal
#: number. Dates, years, months and counts carry none of these units and are not figures.
FIGURE = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?\s*(?:%|％|个百分点|个点|万元|亿元|千元|元|万|亿)"
                    r"|\d+\.\d+")
#: Figures that are not data: 100 % is a whole (shares and contributions add up to it).
WHOLE = {"100%"}
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\S*)")
# A fence whose body is code (a code cell, a code block, a language name or none): not prose.
# Directives such as {admonition}, {only}, {list-table} hold prose.
_CODE = re.compile(r"^(\{code-cell\}|\{code\}|\{code-block\}|\{math\}|[A-Za-z0-9_+-]*)$")
_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
_INLINE = re.compile(r"`[^`]*`|\$[^$]*\$")


def prose(text: str) -> list[tuple[int, str]]:
    """The prose lines of a MyST page with their numbers: outside code cells and code
    blocks, not headings, MyST comments (%) or directive options (:tags: …), with inline
    code, math and roles (glue, doc …) taken out."""
    stack: list[tuple[str, bool]] = []
    lines = []
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        fence = _FENCE.match(s)
        if fence:
            mark, info = fence.groups()
            if stack and not info and mark == stack[-1][0]:
                stack.pop()
                continue
            if not (stack and stack[-1][1]):
                stack.append((mark, bool(_CODE.match(info.split()[0] if info else ""))))
                continue
        if any(code for _, code in stack) or s.startswith(("#", "%", ":")) or s == "---":
            continue
        lines.append((n, _INLINE.sub("", _ROLE.sub("", line))))
    return lines


def hand_typed(text: str) -> list[tuple[int, str]]:
    """The figures typed by hand in a page's prose, with their line numbers."""
    return [(n, m.group(0)) for n, line in prose(text) for m in FIGURE.finditer(line)
            if m.group(0).replace(" ", "") not in WHOLE]


def chapters() -> list[Path]:
    return sorted(p for p in BOOK.glob("*.md") if p.name != "README.md")


def computed(text: str) -> bool:
    return "{glue" in text


def test_the_scan_finds_figures_in_prose_only():
    page = "\n".join([
        "# 标题里的 78% 不算",
        "达成率约 78%，同比 −15.7%，价格 +215 万元，铺货率 −11 个点，进/出比 1.25。",
        "合计为 100%；2025 年 1–12 月，5 个区域，第 2 天。",
        "已算出的 {glue:text}`north_ach`、`代码里的 12.5%`、$x = 0.5$ 不算。",
        "```{code-cell} ipython3", "x = 0.78  # 12%", "```",
        "```{admonition} 提示", ":class: tip", "提示里的 9% 也算。", "```",
        "```{only} trainer", "讲师版里的 −116% 也算。", "```",
        "% 注释里的 1% 不算",
    ])
    assert hand_typed(page) == [(2, "78%"), (2, "−15.7%"), (2, "+215 万元"), (2, "−11 个点"),
                                (2, "1.25"), (10, "9%"), (13, "−116%")]


@pytest.mark.parametrize("path", [p for p in chapters() if computed(p.read_text("utf-8"))],
                         ids=lambda p: p.name)
def test_a_chapter_that_computes_a_figure_types_none_by_hand(path):
    found = hand_typed(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.name}: figures typed by hand (glue them from the code, see "
                       f"book/README.md): {found}")


@pytest.mark.parametrize("path", [p for p in chapters() if computed(p.read_text("utf-8"))],
                         ids=lambda p: p.name)
def test_every_glued_name_is_computed_in_its_chapter(path):
    text = path.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue(?::text)?\}`([^`:]+)", text))
    defined = set(re.findall(r"""glue\(\s*["']([^"']+)["']""", text))
    assert used <= defined, f"{path.name}: glued but never computed: {sorted(used - defined)}"


def test_the_case_chapters_compute_their_figures():
    """The chapters that quote the case's numbers in their prose glue them."""
    for name in ("stage1_abc_review.md", "stage1_report.md", "stage2_targets.md",
                 "stage3_jbp.md", "stage4_abc_workshop.md", "stage4_whitespace.md",
                 "capstone.md"):
        assert computed((BOOK / name).read_text(encoding="utf-8")), name
