"""Charts draw Chinese with the project's own font; every label exists in zh and en."""

import io
import subprocess
import sys
import warnings

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

from kit import charts, i18n


def test_cjk_font_comes_from_the_project_dependencies():
    path = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.sans-serif"][0]),
                                 fallback_to_default=False)
    assert path in charts.font_paths()


def test_chinese_chart_renders_without_missing_glyphs():
    monthly = pd.DataFrame({"华东": [1.2e6, 1.3e6, 0.9e6], "华北": [0.8e6, 0.7e6, 0.75e6]},
                           index=pd.period_range("2024-01", periods=3, freq="M"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = charts.trend(monthly, title="区域月度销售额：华东、华北")
        fig.savefig(io.BytesIO(), format="png")
    assert not [w for w in caught if "Glyph" in str(w.message)], [str(w.message) for w in caught]
    ax = fig.axes[0]
    assert ax.get_title() == "区域月度销售额：华东、华北"
    assert ax.get_ylabel() == "销售额（万元）"
    # 1,200,000 元 is 120 万元 on the axis.
    assert ax.yaxis.get_major_formatter()(1.2e6, 0) == "120"


def test_fresh_interpreter_has_no_glyph_warning():
    # A new process: nothing registered by earlier tests, exactly as a trainee's kernel starts.
    code = (
        "import warnings, io; warnings.simplefilter('error');"
        "import matplotlib; matplotlib.use('Agg');"
        "from kit import charts; import matplotlib.pyplot as plt;"
        "fig, ax = plt.subplots(); ax.set_title('生意复盘洞察 联合生意计划');"
        "fig.savefig(io.BytesIO(), format='png'); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_english_labels_through_the_switch():
    i18n.set_lang("en")
    try:
        fig = charts.trend(pd.DataFrame({"x": [1.0]}, index=pd.period_range("2024-01", periods=1)))
        assert fig.axes[0].get_title() == "Monthly net sales"
        assert fig.axes[0].yaxis.get_major_formatter()(25_000, 0) == "25"  # thousands in English
    finally:
        i18n.set_lang("zh")


def test_every_catalogue_entry_has_both_languages():
    import importlib
    import pkgutil

    import kit

    for module in pkgutil.walk_packages(kit.__path__, "kit."):
        if module.name != "kit.__main__":
            importlib.import_module(module.name)
    registry = i18n.registry()
    assert {"data", "charts", "views", "exercises", "workspace"} <= set(registry)
    for name, entries in registry.items():
        for key, texts in entries.items():
            # Both languages, plus English's sentence / plural forms where a label has them.
            assert set(i18n.LANGS) <= set(texts) <= {*i18n.LANGS, "en_sentence", "en_plural"}, \
                f"{name}:{key}"
            assert all(texts[lang].strip() for lang in i18n.LANGS), f"{name}:{key}"
            # zh text must actually be Chinese where en is a sentence (catches copy-paste).
            if len(texts["en"]) > 12 and any(c.isalpha() for c in texts["en"]):
                assert texts["zh"] != texts["en"], f"{name}:{key}"


def test_unknown_language_is_refused():
    import pytest

    with pytest.raises(ValueError):
        i18n.set_lang("fr")
