import json
import math

import ipywidgets as widgets
import nbclient
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_notebook

from kit import i18n
from kit.exercises import (
    Feedback,
    Question,
    check,
    expect_choice,
    expect_number,
    expect_text,
    parse_number,
    score_summary,
    t,
    widget,
)
from kit.record import read_records, recorded

PROMPT = {"zh": "今年的同比增长率是多少？", "en": "What is this year's YoY growth?"}
FEEDBACK_KEYS = [
    "correct", "not_a_number", "too_low", "too_high", "check_working", "choose_one",
    "wrong_choice", "empty_text", "wrong_text", "check_failed",
]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own work folder and starts in Chinese."""
    monkeypatch.setenv("KIT_WORKDIR", str(tmp_path))
    i18n.set_lang("zh")
    yield tmp_path
    i18n.set_lang("zh")


def saved(tmp_path, trainee="trainee"):
    """The attempts as saved (the data inside kit.workspace's envelope)."""
    return json.loads((tmp_path / trainee / "exercises.json").read_text(encoding="utf-8"))["data"]


def find(box, cls):
    """The first widget of type ``cls`` inside ``box``."""
    for child in box.children:
        if isinstance(child, cls):
            return child
        if isinstance(child, widgets.Box):
            found = find(child, cls)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------- catalogue


def test_catalogue_has_both_languages_and_feedback_has_no_digits():
    entries = i18n.registry()["exercises"]
    assert set(FEEDBACK_KEYS) < set(entries)
    for key, text in entries.items():
        assert text["zh"].strip() and text["en"].strip(), key
    for key in FEEDBACK_KEYS:
        for lang in i18n.LANGS:
            assert not any(c.isdigit() for c in entries[key][lang]), (key, lang)


# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1234", 1234.0),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        (" -0.5 ", -0.5),
        ("12.5%", 0.125),
        ("12.5 %", 0.125),
        ("１２．５％", 0.125),  # typed with a Chinese input method
        ("1，234", 1234.0),
        ("\u22123", -3.0),
        (".5", 0.5),
        ("9000万", 90_000_000.0),  # 9000 × 10^4
        ("1.2亿", 120_000_000.0),  # 1.2 × 10^8
        ("3 万", 30_000.0),
        (42, 42.0),
        (0.125, 0.125),
    ],
)
def test_parse_number_reads(typed, value):
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "abc", "1,5", "12,34", "1.2.3", "%", "万", "1万%", "nan", "inf", None, True, [1], float("nan")],
)
def test_parse_number_refuses(typed):
    assert parse_number(typed) is None


# ---------------------------------------------------------------- expect_number


def test_expect_number_messages():
    chk = expect_number(0.125)
    assert chk("12.5%") == Feedback(True, t("correct"))
    assert chk(0.1255) == Feedback(True, t("correct"))  # within 0.5 % of 0.125
    assert chk(0.126).correct is False  # 0.8 % off
    assert chk("abc") == Feedback(False, t("not_a_number"))
    assert chk("") == Feedback(False, t("not_a_number"))
    assert chk("10%") == Feedback(False, "偏小了。检查一下用到的数据、公式和单位。")
    assert chk(12.5).message.startswith("偏大了。")


def test_expect_number_hints_and_english():
    chk = expect_number(
        1000,
        hint_low={"zh": "别忘了加上退货。", "en": "Remember the returns."},
        hint={"zh": "用净销售额。", "en": "Use net sales."},
    )
    assert chk("900").message == "偏小了。别忘了加上退货。"
    assert chk("1,100").message == "偏大了。用净销售额。"  # no hint_high: the general hint
    i18n.set_lang("en")
    assert chk("900").message == "A bit low. Remember the returns."
    assert chk("x") == Feedback(False, t("not_a_number", lang="en"))
    assert chk("x").message.startswith("Please enter a number")
    assert chk("1,000") == Feedback(True, "Correct, well done!")


def test_expect_number_abs_tol_for_zero():
    assert expect_number(0, abs_tol=0.01)("0.5%").correct
    assert not expect_number(0)("0.5%").correct


def test_builders_refuse_half_translated_hints():
    with pytest.raises(ValueError, match="en"):
        expect_number(1, hint_low={"zh": "偏小"})
    with pytest.raises(ValueError, match="zh"):
        expect_choice("A", hints={"B": {"en": "no"}})
    with pytest.raises(ValueError):
        expect_text(set())


answers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x * 100:.2f}%"),
    st.integers(-10**9, 10**9).map(lambda n: f"{n:,}"),
    st.text(max_size=8),
)


@given(
    expected=st.floats(allow_nan=False, allow_infinity=False),
    answer=answers,
    lang=st.sampled_from(i18n.LANGS),
)
def test_expect_number_never_reveals_the_expected_value(expected, answer, lang):
    i18n.set_lang(lang)
    message = expect_number(expected)(answer).message
    assert str(expected) not in message
    assert f"{expected:,}" not in message
    assert not any(c.isdigit() for c in message)


# ---------------------------------------------------------------- expect_choice / expect_text


def test_expect_choice():
    chk = expect_choice(
        "提案", hints={"立项": {"zh": "立项之后还有一步。", "en": "One step after the pre-sales registration."}}
    )
    assert chk("提案") == Feedback(True, t("correct"))
    assert chk("立项") == Feedback(False, "立项之后还有一步。")
    assert chk("招投标") == Feedback(False, t("wrong_choice"))
    assert chk(None) == Feedback(False, t("choose_one"))


def test_expect_text_ignores_case_and_spaces():
    chk = expect_text({"OGSM", "目标 策略"}, hint={"zh": "想想四个字母。", "en": "Four letters."})
    assert chk(" o g s m ").correct
    assert chk("目标策略").correct
    assert chk("ＯＧＳＭ").correct  # full-width letters from a Chinese input method
    assert chk("SWOT") == Feedback(False, "想想四个字母。")
    assert chk("   ") == Feedback(False, t("empty_text"))


# ---------------------------------------------------------------- check


def yoy_question(qid="yoy", points=2.0):
    return Question(qid, PROMPT, expect_number(0.125), points=points)


def test_check_counts_saves_and_records(isolated):
    q = yoy_question("check_counts")
    assert check(q, "10%").correct is False
    assert recorded()["exercise/check_counts"] == {
        "score": 0, "max": 2.0, "attempts": 1, "correct": False,
    }
    assert check(q, "12.5%") == Feedback(True, t("correct"))
    assert recorded()["exercise/check_counts"] == {
        "score": 2.0, "max": 2.0, "attempts": 2, "correct": True,
    }
    attempts = saved(isolated)["check_counts"]
    assert [(a["answer"], a["correct"]) for a in attempts] == [("10%", False), ("12.5%", True)]


def test_check_keeps_other_questions_and_trainees_apart(isolated):
    check(yoy_question("apart_a"), "1", trainee="张伟")
    check(yoy_question("apart_b"), "2", trainee="张伟")
    check(yoy_question("apart_a"), "3", trainee="李娜")
    assert sorted(saved(isolated, "张伟")) == ["apart_a", "apart_b"]
    assert [a["answer"] for a in saved(isolated, "李娜")["apart_a"]] == ["3"]


def test_check_turns_a_broken_check_into_kind_feedback(isolated):
    def broken(answer):
        return 1 / 0

    q = Question("broken", PROMPT, broken)
    assert check(q, "5") == Feedback(False, t("check_failed"))
    assert check(Question("not_feedback", PROMPT, lambda a: True), "5").correct is False
    assert recorded()["exercise/broken"]["score"] == 0
    assert saved(isolated)["broken"][0]["error"].startswith("ZeroDivisionError")


def test_question_validation():
    with pytest.raises(ValueError, match="kind"):
        Question("q", PROMPT, expect_text({"a"}), kind="essay")
    with pytest.raises(ValueError, match="choices"):
        Question("q", PROMPT, expect_choice("a"), kind="choice")
    with pytest.raises(ValueError, match="en"):
        Question("q", {"zh": "只有中文"}, expect_text({"a"}))


# ---------------------------------------------------------------- widget


def test_widget_number_flow(isolated):
    q = yoy_question("widget_number")
    box = widget(q)
    assert isinstance(box, widgets.VBox)
    assert "同比增长率" in find(box, widgets.HTML).value
    # Created but not answered: the trainer sees it as unanswered.
    assert recorded()["exercise/widget_number"] == {
        "score": 0, "max": 2.0, "attempts": 0, "correct": False,
    }
    answer, button = find(box, widgets.Text), find(box, widgets.Button)
    assert button.description == "检查"
    feedback = box.children[-1]

    answer.value = "abc"
    button.click()
    assert t("not_a_number") in feedback.value and "kit-feedback-retry" in feedback.value
    answer.value = "12.5%"
    button.click()
    assert t("correct") in feedback.value and "kit-feedback-correct" in feedback.value
    assert recorded()["exercise/widget_number"] == {
        "score": 2.0, "max": 2.0, "attempts": 2, "correct": True,
    }
    assert [a["answer"] for a in saved(isolated)["widget_number"]] == ["abc", "12.5%"]


def test_widget_prefills_the_last_answer_and_its_state(isolated):
    q = yoy_question("widget_prefill")
    check(q, "12.5%")
    check(q, "13%")
    box = widget(q)  # e.g. after a kernel restart
    assert find(box, widgets.Text).value == "13%"
    # The latest attempt was wrong: two attempts, no score.
    assert recorded()["exercise/widget_prefill"] == {
        "score": 0, "max": 2.0, "attempts": 2, "correct": False,
    }


def test_widget_choice_in_english(isolated):
    i18n.set_lang("en")
    q = Question(
        "widget_choice",
        {"zh": "哪个阶段在立项之后？", "en": "Which stage follows the pre-sales registration?"},
        expect_choice("提案"),
        kind="choice",
        choices=("客户开发", "提案", "招投标"),
    )
    box = widget(q)
    radios, button = find(box, widgets.RadioButtons), find(box, widgets.Button)
    assert radios.options == ("客户开发", "提案", "招投标") and radios.value is None
    assert button.description == "Check"
    button.click()
    assert "Please choose an option first." in box.children[-1].value
    radios.value = "提案"
    button.click()
    assert "Correct, well done!" in box.children[-1].value
    assert find(widget(q), widgets.RadioButtons).value == "提案"


def test_widget_escapes_feedback_html(isolated):
    hint = {"zh": "<b>再想想</b>", "en": "x"}
    q = Question("widget_escape", PROMPT, expect_text({"a"}, hint=hint), kind="text")
    box = widget(q)
    find(box, widgets.Text).value = "b"
    find(box, widgets.Button).click()
    assert "&lt;b&gt;再想想&lt;/b&gt;" in box.children[-1].value


def test_unanswered_widgets_reach_the_trainer_from_a_kernel_run(tmp_path):
    # What papermill does for the trainer: execute, then read the records back.
    code = (
        "from kit.exercises import Question, expect_number, widget\n"
        "q = Question('e2e', {'zh': '多少？', 'en': 'How many?'}, expect_number(3), points=1.5)\n"
        "widget(q)"
    )
    nb = new_notebook(cells=[new_code_cell(code)])
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # the kernel inherits KIT_WORKDIR from the isolated fixture
    records = read_records(nb)
    assert records == {"exercise/e2e": {"score": 0, "max": 1.5, "attempts": 0, "correct": False}}
    assert score_summary(records) == {"score": 0, "max": 1.5, "answered": 0, "total": 1}


# ---------------------------------------------------------------- score_summary


def test_score_summary():
    records = {
        "exercise/q1": {"score": 1.0, "max": 1.0, "attempts": 1, "correct": True},
        "exercise/q2": {"score": 0, "max": 2.0, "attempts": 3, "correct": False},
        "exercise/q3": {"score": 0, "max": 0.5, "attempts": 0, "correct": False},
        "exercise/q4": {"score": 2.5, "max": 2.5, "attempts": 2, "correct": True},
        "total": 1234.5,  # not an exercise
        "exercises_note": {"score": 99, "max": 99, "attempts": 1},  # no "exercise/" prefix
    }
    # score = 1.0 + 0 + 0 + 2.5 = 3.5; max = 1.0 + 2.0 + 0.5 + 2.5 = 6.0
    # answered = q1, q2, q4 (attempts > 0) = 3; total = 4 exercises
    summary = score_summary(records)
    assert summary == {"score": 3.5, "max": 6.0, "answered": 3, "total": 4}
    assert math.isclose(summary["score"] / summary["max"], 7 / 12)


def test_score_summary_of_nothing():
    assert score_summary({}) == {"score": 0, "max": 0, "answered": 0, "total": 0}
