"""The book builds offline with warnings as errors, executing its code cells."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_book_builds_and_shows_the_kit_chart(tmp_path):
    jb = Path(sys.executable).with_name("jupyter-book")
    out = subprocess.run(
        [str(jb), "build", str(ROOT / "book"), "--path-output", str(tmp_path), "-W", "-n",
         "--keep-going"],
        capture_output=True, text=True, timeout=900,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    html = tmp_path / "_build" / "html"
    for page in ("intro", "course_map", "abc_case", "glossary"):
        assert (html / f"{page}.html").exists(), page
    case = (html / "abc_case.html").read_text(encoding="utf-8")
    # The executed page carries the chart the kit drew and the coverage table.
    assert '<img alt="_images/' in case or 'src="_images/' in case
    assert "数据行数" in case and "进货 (sell-in)" in case
    assert list((html / "_images").glob("*.png"))
    assert "大客户生意规划工作坊" in (html / "intro.html").read_text(encoding="utf-8")
    # Trainer-only answers ({only} trainer) stay out of the default build, search index included.
    built = [p.read_text(encoding="utf-8") for p in html.glob("*.html")]
    built.append((html / "searchindex.js").read_text(encoding="utf-8"))
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md")]
    assert sum(s.count("{only} trainer") for s in sources) >= 6
    assert not [text for text in built if "Trainer notes" in text or "参考思路" in text]
