"""The one exercise mechanism every stage uses (after otter-grader's model).

A :class:`Question` pairs a prompt with a check. A check answers a trainee's
attempt with a specific, kind :class:`Feedback` that never reveals the answer.
:func:`check` keeps the attempt history in the trainee's work folder and records
the score for the trainer; :func:`widget` is the same thing as a small form.

A written deliverable (a report, a SWOT, a meeting plan) is a question of kind
``"form"``: its answer is what the trainee typed into a form (a dataclass), its check
a :func:`form_check` of rules that each list what is missing or wrong, one specific
sentence per problem. The form itself lives in :mod:`kit.widgets` and calls
:func:`check` from its Check button.
"""

from __future__ import annotations

import html
import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from kit import i18n, workspace
from kit.record import record, to_jsonable

KINDS = ("number", "text", "choice", "form")
SAVE_NAME = "exercises"
RECORD_PREFIX = "exercise/"

# Feedback strings hold no digits at all, so they cannot leak an expected value
# (only the input placeholder shows example numbers).
t = i18n.catalogue(
    "exercises",
    {
        "correct": {"zh": "答对了，做得很好！", "en": "Correct, well done!"},
        "not_a_number": {
            "zh": "请输入一个数字（可以写成百分数，也可以带千位分隔符）。",
            "en": "Please enter a number (a percentage or thousands separators are fine).",
        },
        "too_low": {"zh": "偏小了。{detail}", "en": "A bit low. {detail}"},
        "too_high": {"zh": "偏大了。{detail}", "en": "A bit high. {detail}"},
        "check_working": {
            "zh": "检查一下用到的数据、公式和单位。",
            "en": "Check the figures, the formula and the units you used.",
        },
        "choose_one": {"zh": "请先选择一个选项。", "en": "Please choose an option first."},
        "wrong_choice": {
            "zh": "这个选项不太对，再想一想。",
            "en": "Not quite this option, think it over again.",
        },
        "empty_text": {"zh": "请先输入答案。", "en": "Please type your answer first."},
        "wrong_text": {
            "zh": "还不太对，再想一想。",
            "en": "Not quite yet, think it over again.",
        },
        "check_failed": {
            "zh": "这道题暂时没法检查，不是你的问题。请告诉讲师。",
            "en": "This question cannot be checked right now; it is not your fault. "
            "Please tell your trainer.",
        },
        "check_button": {"zh": "检查", "en": "Check"},
        "number_placeholder": {
            "zh": "输入数字，如 12.5% 或 1,234",
            "en": "Type a number, e.g. 12.5% or 1,234",
        },
        "text_placeholder": {"zh": "输入你的答案", "en": "Type your answer"},
        "form_ok": {"zh": "检查通过：每一部分都写到了，做得很好！",
                    "en": "All checked: every part is there, well done!"},
    },
)


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str  # already in the current language; a form's problems one a line

    @property
    def lines(self) -> list[str]:
        return [line for line in self.message.splitlines() if line.strip()]


@dataclass(frozen=True)
class Question:
    id: str
    prompt: dict[str, str]  # {"zh": ..., "en": ...}; trusted HTML written by the kit
    check: Callable[[Any], Feedback]
    points: float = 1.0
    kind: str = "number"
    choices: tuple[str, ...] = ()  # the options of a "choice" question

    def __post_init__(self) -> None:
        # Authoring mistakes surface when the notebook loads, not when a trainee answers.
        if not self.id:
            raise ValueError("a question needs an id")
        _require_langs(self.prompt, f"prompt of {self.id!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind of {self.id!r} must be one of {KINDS}, got {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"choice question {self.id!r} needs choices")
        if self.points < 0:
            raise ValueError(f"points of {self.id!r} must not be negative")


# ---------------------------------------------------------------- check builders


def expect_number(
    expected: float,
    *,
    rel_tol: float = 0.005,
    abs_tol: float = 0.0,
    hint_low: Mapping[str, str] | None = None,
    hint_high: Mapping[str, str] | None = None,
    hint: Mapping[str, str] | None = None,
) -> Callable[[Any], Feedback]:
    """A check for a number within ``rel_tol`` / ``abs_tol`` of ``expected``.

    Answers may be typed as ``12.5%`` (read as 0.125) or ``1,234``. A wrong answer
    says whether it is low or high, followed by ``hint_low`` / ``hint_high``, else
    ``hint``, else a generic nudge.
    """
    for extra, what in ((hint_low, "hint_low"), (hint_high, "hint_high"), (hint, "hint")):
        if extra is not None:
            _require_langs(extra, what)

    def check_number(answer: Any) -> Feedback:
        value = parse_number(answer)
        if value is None:
            return Feedback(False, t("not_a_number"))
        if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
            return Feedback(True, t("correct"))
        low = value < expected
        detail = _local((hint_low if low else hint_high) or hint) or t("check_working")
        return Feedback(False, t("too_low" if low else "too_high", detail=detail))

    return check_number


def expect_choice(
    expected: str, *, hints: Mapping[str, Mapping[str, str]] | None = None
) -> Callable[[Any], Feedback]:
    """A check for one option; ``hints`` maps a wrong option to what to rethink."""
    hints = dict(hints or {})
    for option, text in hints.items():
        _require_langs(text, f"hint for {option!r}")

    def check_choice(answer: Any) -> Feedback:
        if answer is None or not str(answer).strip():
            return Feedback(False, t("choose_one"))
        if answer == expected:
            return Feedback(True, t("correct"))
        return Feedback(False, _local(hints.get(answer)) or t("wrong_choice"))

    return check_choice


def expect_text(
    accept: set[str], *, hint: Mapping[str, str] | None = None
) -> Callable[[Any], Feedback]:
    """A check for any of the ``accept`` answers, ignoring case and spaces."""
    if not accept:
        raise ValueError("expect_text needs at least one accepted answer")
    if hint is not None:
        _require_langs(hint, "hint")
    accepted = {_normalise_text(a) for a in accept}

    def check_text(answer: Any) -> Feedback:
        typed = _normalise_text("" if answer is None else str(answer))
        if not typed:
            return Feedback(False, t("empty_text"))
        if typed in accepted:
            return Feedback(True, t("correct"))
        return Feedback(False, _local(hint) or t("wrong_text"))

    return check_text


def form_check(*rules: Callable[[Any], list[str]]) -> Callable[[Any], Feedback]:
    """A check of a filled-in form: each rule takes the form's value and returns what it
    finds missing or wrong, one kind and specific sentence each (never the expected
    answer); no sentence from any rule is a pass."""

    def check_form(answer: Any) -> Feedback:
        problems = [line for rule in rules for line in rule(answer)]
        return Feedback(not problems, "\n".join(problems) if problems else t("form_ok"))

    return check_form


# Plain digits with an optional decimal part, or digits grouped in threes by commas.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+|\d{1,3}(,\d{3})+(\.\d*)?)")


_SCALES = {"%": 0.01, "万": 1e4, "亿": 1e8}


def parse_number(answer: Any) -> float | None:
    """A trainee's answer as a number, or None if it is not one.

    Accepts numbers and text such as ``1234``, ``1,234``, ``-0.5``, ``12.5%``
    (-> 0.125) and the Chinese counting units ``9000万`` (-> 90,000,000) and
    ``1.2亿`` (-> 120,000,000); full-width characters typed with a Chinese input
    method count too.
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        value = float(answer)
    elif isinstance(answer, str):
        # NFKC folds full-width digits, ％ and ， into their ASCII forms.
        text = unicodedata.normalize("NFKC", answer).replace("\u2212", "-")
        text = "".join(text.split())
        scale = 1.0
        if text[-1:] in _SCALES:
            text, scale = text[:-1], _SCALES[text[-1]]
        if not _NUMBER.fullmatch(text):
            return None
        value = float(text.replace(",", "")) * scale
    else:
        return None
    return value if math.isfinite(value) else None


# ---------------------------------------------------------------- checking


def check(question: Question, answer: Any, *, trainee: str | None = None) -> Feedback:
    """Check one attempt: save it to the trainee's history and record the score.

    A check that fails with an exception gives a kind message instead of a
    traceback; the error is kept in the history for the trainer.
    """
    attempt: dict[str, Any] = {
        "answer": _storable(answer),
        "at": datetime.now().isoformat(timespec="seconds"),
    }
    try:
        feedback = question.check(answer)
        if not isinstance(feedback, Feedback):
            raise TypeError(f"check returned {type(feedback).__name__}, not Feedback")
    except Exception as error:  # any bug in a check must still reach the trainee kindly
        feedback = Feedback(False, t("check_failed"))
        attempt["error"] = f"{type(error).__name__}: {error}"
    attempt["correct"] = feedback.correct

    saved = workspace.load(SAVE_NAME, default={}, trainee=trainee).value
    attempts = [*saved.get(question.id, []), attempt]
    workspace.save(SAVE_NAME, {**saved, question.id: attempts}, trainee=trainee)
    _record_state(question, attempts)
    return feedback


def register(question: Question, *, trainee: str | None = None) -> list[dict[str, Any]]:
    """Record the question's saved state at once (so a form nobody checks reaches the
    trainer as unanswered) and return its attempts."""
    attempts = history(question, trainee=trainee)
    _record_state(question, attempts)
    return attempts


def history(question: Question, *, trainee: str | None = None) -> list[dict[str, Any]]:
    """The saved attempts at ``question``, oldest first."""
    return workspace.load(SAVE_NAME, default={}, trainee=trainee).value.get(question.id, [])


def _record_state(question: Question, attempts: list[dict[str, Any]]) -> None:
    # The latest attempt counts, as in otter-grader; no attempt scores nothing.
    correct = bool(attempts) and attempts[-1]["correct"]
    record(
        f"{RECORD_PREFIX}{question.id}",
        {
            "score": question.points if correct else 0,
            "max": question.points,
            "attempts": len(attempts),
            "correct": correct,
        },
    )


def _storable(answer: Any) -> Any:
    # The history must always be saved, whatever odd object was passed as an answer.
    try:
        return to_jsonable(answer, name="answer")
    except (TypeError, ValueError):
        return repr(answer)


# ---------------------------------------------------------------- widget

_STYLE = {
    True: "color:#1e6b30;background:#e6f4ea;border-left:4px solid #2e7d32;",
    False: "color:#7a4b00;background:#fff4e0;border-left:4px solid #f0a020;",
}


def widget(question: Question, *, trainee: str | None = None) -> widgets.VBox:
    """The question as a form: prompt, answer box, Check button and feedback line.

    Shows the last saved answer, and records the saved state at once so that an
    exercise nobody answers (e.g. a papermill run) reaches the trainer as unanswered.
    """
    if question.kind == "form":
        raise ValueError(f"{question.id!r} is a form: its form in kit.widgets asks it")
    attempts = register(question, trainee=trainee)

    answer_input = _answer_input(question)
    if attempts:
        _prefill(answer_input, question, attempts[-1]["answer"])
    button = widgets.Button(description=t("check_button"), button_style="primary", icon="check")
    feedback = widgets.HTML(value="")

    def on_click(_: widgets.Button) -> None:
        feedback.value = render_feedback(check(question, answer_input.value, trainee=trainee))

    button.on_click(on_click)
    prompt = widgets.HTML(value=f'<div class="kit-prompt">{_local(question.prompt)}</div>')
    return widgets.VBox([prompt, widgets.HBox([answer_input, button]), feedback])


def render_feedback(feedback: Feedback) -> str:
    """Feedback as a green (correct) or amber (not yet) HTML line."""
    css_class = "kit-feedback-correct" if feedback.correct else "kit-feedback-retry"
    return (
        f'<div class="{css_class}" style="{_STYLE[feedback.correct]}padding:4px 8px;">'
        + "<br>".join(html.escape(line) for line in feedback.message.splitlines()) + "</div>"
    )


def _answer_input(question: Question) -> widgets.ValueWidget:
    if question.kind == "choice":
        return widgets.RadioButtons(options=question.choices, value=None)
    # A Text box, not FloatText, for numbers so "12.5%" and "1,234" can be typed.
    key = "number_placeholder" if question.kind == "number" else "text_placeholder"
    return widgets.Text(placeholder=t(key))


def _prefill(answer_input: widgets.ValueWidget, question: Question, last: Any) -> None:
    if question.kind != "choice":
        answer_input.value = "" if last is None else str(last)
    elif last in question.choices:
        answer_input.value = last


# ---------------------------------------------------------------- trainer view


def score_summary(records: Mapping[str, Any]) -> dict[str, float | int]:
    """Totals over the ``exercise/*`` entries of :func:`kit.record.read_records` output."""
    exercises = [v for k, v in records.items() if k.startswith(RECORD_PREFIX)]
    return {
        "score": sum(e["score"] for e in exercises),
        "max": sum(e["max"] for e in exercises),
        "answered": sum(1 for e in exercises if e["attempts"] > 0),
        "total": len(exercises),
    }


# ---------------------------------------------------------------- helpers


def _require_langs(text: Mapping[str, str], what: str) -> None:
    missing = [lang for lang in i18n.LANGS if not text.get(lang)]
    if missing:
        raise ValueError(f"{what} needs text for {missing}")


def _local(text: Mapping[str, str] | None) -> str:
    return text[i18n.get_lang()] if text else ""


def _normalise_text(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())
