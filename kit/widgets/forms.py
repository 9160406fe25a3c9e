"""What every deliverable form shares: the Check button of a form question and rows that
can be added and removed.

A form keeps a dataclass, saves it through :func:`kit.workspace.save` on every change
and, on Check, hands it to :func:`kit.exercises.check` with the form's question (from
:mod:`kit.questions`), so the attempt is kept and the score recorded like any exercise.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit import exercises, i18n

t = i18n.catalogue(
    "forms",
    {
        "check": {"zh": "检查", "en": "Check"},
        "add": {"zh": "添加", "en": "Add"},
        "remove": {"zh": "删除", "en": "Remove"},
        "saved_note": {"zh": "填写的内容会自动保存。", "en": "What you type is saved automatically."},
    },
)


class CheckPanel:
    """A Check button and its feedback for one form question; the question is asked
    anew on every click (``question()``), so it always checks against the current data."""

    def __init__(self, question: Callable[[], exercises.Question], value: Callable[[], Any],
                 trainee: str | None = None):
        self.question, self.value, self.trainee = question, value, trainee
        exercises.register(question(), trainee=trainee)
        self.button = widgets.Button(description=t("check"), icon="check", button_style="primary")
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = widgets.VBox([self.button, self.feedback])

    def check(self) -> exercises.Feedback:
        result = exercises.check(self.question(), self.value(), trainee=self.trainee)
        self.feedback.value = exercises.render_feedback(result)
        return result


def text_input(value: str, placeholder: str, on_change: Callable[[str], None], *,
               width: str = "14em", area: bool = False, height: str = "3.2em"
               ) -> widgets.Widget:
    """A Text (or Textarea) that calls ``on_change`` with every new value."""
    layout = widgets.Layout(width=width, height=height) if area else widgets.Layout(width=width)
    box = (widgets.Textarea if area else widgets.Text)(value=value or "", placeholder=placeholder,
                                                     layout=layout)
    box.observe(lambda c: on_change(c["new"]), names="value")
    return box


def remove_button(on_click: Callable[[], None]) -> widgets.Button:
    button = widgets.Button(description=t("remove"), icon="trash",
                            layout=widgets.Layout(width="6em"))
    button.on_click(lambda _: on_click())
    return button


def add_button(label: str, on_click: Callable[[], None]) -> widgets.Button:
    button = widgets.Button(description=label or t("add"), icon="plus",
                            layout=widgets.Layout(width="auto"))
    button.on_click(lambda _: on_click())
    return button


def note(message: str | None) -> widgets.HTML:
    """A red line for a message the trainee must see (an autosave moved aside …)."""
    return widgets.HTML(f"<span style='color:#c62828'>{html.escape(message)}</span>"
                        if message else "")


def pop(items: list, item: object) -> None:
    """Remove ``item`` from ``items`` by identity (two blank rows are equal)."""
    items.pop(next(i for i, x in enumerate(items) if x is item))


class ListForm:
    """What a form over one saved document does when the trainee types or edits a list:
    a field's change is saved (the form's ``_save``), an added or removed row redraws
    the form (its ``_render``)."""

    def _save(self) -> None:
        raise NotImplementedError

    def _render(self) -> None:
        raise NotImplementedError

    def _set(self, obj: object, name: str, value: object) -> None:
        setattr(obj, name, value)
        self._save()

    def _add(self, items: list, item: object) -> None:
        items.append(item)
        self._render()

    def _remove(self, items: list, item: object) -> None:
        pop(items, item)
        self._render()


__all__ = ["CheckPanel", "ListForm", "add_button", "note", "pop", "remove_button", "text_input"]
