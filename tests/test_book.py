"""The book: both editions build offline with warnings as errors (every code
cell executed); the student edition holds no solution or trainer-note text;
no page loads anything from the internet; internal links resolve."""

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
spec = importlib.util.spec_from_file_location("editions", BOOK / "editions.py")
editions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(editions)

BASE = """title: 书
execute:
  execute_notebooks: cache
sphinx:
  local_extensions:
    edition: _ext
  config:
    kit_edition: student
"""


def test_edition_config_changes_only_the_edition_title_and_paths(tmp_path):
    trainer = editions.edition_config(BASE, "trainer", book=tmp_path, cache=tmp_path / "c")
    assert "kit_edition: trainer" in trainer and "title: 书（讲师版 Trainer edition）" in trainer
    assert f"edition: {(tmp_path / '_ext').as_posix()}" in trainer
    assert f"  cache: {(tmp_path / 'c').as_posix()}" in trainer
    student = editions.edition_config(BASE, "student", book=tmp_path)
    assert "kit_edition: student" in student and "title: 书\n" in student and "cache:" not in student
    with pytest.raises(ValueError, match="edition must be one of"):
        editions.edition_config(BASE, "teacher")
    with pytest.raises(ValueError, match="exactly once"):
        editions.edition_config("title: x\n", "trainer")


@pytest.fixture(scope="module")
def built(built_book):
    return built_book


TRAINER_BLOCK = re.compile(r"^(`{3,}|:{3,})\{only\} trainer\s*\n(.*?)^\1\s*$", re.S | re.M)


def trainer_blocks() -> list[str]:
    """The text of every ``{only} trainer`` block in the sources."""
    return [m.group(2) for page in BOOK.glob("*.md")
            for m in TRAINER_BLOCK.finditer(page.read_text(encoding="utf-8"))]


def public_text() -> str:
    """What both editions may show: the sources without their trainer blocks, and
    the kit's own strings (executed cells print them)."""
    pages = [TRAINER_BLOCK.sub("", page.read_text(encoding="utf-8")) for page in BOOK.glob("*.md")]
    kit = [path.read_text(encoding="utf-8") for path in (BOOK.parent / "kit").rglob("*.py")]
    return "\n".join(pages + kit)


def probes(block: str) -> list[str]:
    """Plain-text phrases from a block (runs of 6+ characters between punctuation,
    markup removed) that must appear only in the trainer edition."""
    phrases = []
    for line in block.splitlines():
        if line.lstrip().startswith(("```", ":", "|", "$")):
            continue  # fences, directive options, tables and formulas render differently
        line = re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "，", line)  # a computed figure: rendered
        plain = re.sub(r"[*_`#>\\{}\[\]]", "", line)
        for piece in re.split(r"[：:，,。；;（）()、“”\"'？?！!]", plain):
            piece = piece.strip(" -+.0123456789")
            if len(piece) >= 6 and re.search(r"[\u4e00-\u9fff]{4}", piece):
                phrases.append(piece)
    return phrases


def page_texts(html: Path) -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in html.glob("*.html")}
    texts["searchindex.js"] = (html / "searchindex.js").read_text(encoding="utf-8")
    return texts


def test_the_student_edition_has_no_trainer_text_and_the_trainer_edition_has_it(built):
    blocks = trainer_blocks()
    assert len(blocks) >= 20  # every stage chapter has solutions
    student = "\n".join(page_texts(built["student"]).values())
    trainer = "\n".join(page_texts(built["trainer"]).values())
    shared = public_text()
    checked = 0
    for block in blocks:
        # A solution may quote its exercise: only text the public pages lack can leak.
        phrases = [p for p in probes(block) if p not in shared]
        found = [p for p in phrases if p in trainer]
        assert found, f"no text of this trainer block reached the trainer edition: {block[:200]}"
        leaked = [p for p in found if p in student]
        assert not leaked, f"trainer text in the student edition: {leaked}"
        checked += len(found)
    assert checked >= 40
    assert "讲师版" in (built["trainer"] / "intro.html").read_text(encoding="utf-8")
    # Executed pages carry the kit's own charts and tables.
    case = (built["student"] / "abc_case.html").read_text(encoding="utf-8")
    assert "数据行数" in case and list((built["student"] / "_images").glob("*.png"))


class Loads(HTMLParser):
    """What a page fetches when it is viewed: scripts, styles, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}:
            self.urls.append(a["href"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def parse(page: Path) -> Loads:
    parser = Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    return urlparse(url).scheme in ("http", "https") or url.startswith("//")


@pytest.mark.parametrize("edition", editions.EDITIONS)
def test_no_page_loads_anything_from_the_internet(built, edition):
    html = built[edition]
    external = {f"{p.name}: {u}" for p in html.glob("*.html") for u in parse(p).urls if is_external(u)}
    assert not external
    css = [p for p in html.rglob("*.css") if re.search(r"url\(\s*['\"]?(https?:)?//", p.read_text(
        encoding="utf-8", errors="replace"))]
    assert not css
    # Formula pages load the local MathJax, which is there.
    math = [p for p in html.glob("*.html") if "tex-chtml.js" in p.read_text(encoding="utf-8")]
    assert math and (html / "mathjax" / "tex-chtml.js").exists()
    assert all("_static/../mathjax/tex-chtml.js" in p.read_text(encoding="utf-8") for p in math)


@pytest.mark.parametrize("edition", editions.EDITIONS)
def test_internal_links_and_assets_resolve(built, edition):
    html = built[edition]
    broken = []
    for page in html.glob("*.html"):
        found = parse(page)
        for url in found.urls + found.links:
            parts = urlparse(url)
            if parts.scheme or url.startswith(("//", "#", "mailto:", "data:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.path and not target.exists():
                broken.append(f"{page.name}: {url}")
            if parts.fragment and parts.path.endswith(".html") and target.exists():
                anchors = target.read_text(encoding="utf-8")
                if f'id="{parts.fragment}"' not in anchors:
                    broken.append(f"{page.name}: {url} (no anchor)")
    assert not broken


def test_the_pdf_edition_has_chinese_text_and_no_trainer_text(built, tmp_path):
    from pypdf import PdfReader

    cache = built["student"].parents[2] / "cache"  # the session's shared execution cache
    path = editions.pdf("student", tmp_path / "pdf", cache=cache)
    reader = PdfReader(path)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > 50
    assert "联合生意计划" in text and "客户渗透" in text and "五维漏斗" in text
    shared = public_text()
    leaked = [p for block in trainer_blocks() for p in probes(block)
              if p not in shared and re.sub(r"\s+", "", p) in text]
    assert not leaked
