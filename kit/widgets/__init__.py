"""ipywidgets apps: thin views that compose kit's pure functions (no arithmetic)."""

from kit.widgets.review_app import ReviewApp, review_app

__all__ = ["ReviewApp", "review_app"]
