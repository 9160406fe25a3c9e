"""One base for every error the kit raises on purpose, and how it is shown.

A :class:`KitError` is something the trainee or trainer can fix (a bad file, a
refused lock, no browser to print with); its message says what and how.
Notebooks show a KitError as its message alone (IPython asks an exception for
``_render_traceback_``), the no-code apps and the ``kit`` command through
:func:`message`. Anything else is a bug in the kit and keeps its traceback.
"""

from __future__ import annotations


class KitError(Exception):
    """An expected, explained failure: show ``str(error)``, never a traceback."""

    def _render_traceback_(self) -> list[str]:
        # What IPython prints instead of the traceback; the cell still counts as failed,
        # so papermill and the cohort see the error as before.
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m", *str(self).splitlines()]


def message(error: BaseException) -> str:
    """What a trainee reads for ``error``: the message of a KitError, else the error as
    Python writes it."""
    return str(error) if isinstance(error, KitError) else f"{type(error).__name__}: {error}"


__all__ = ["KitError", "message"]
