"""The kit's house colours, shared by charts, HTML, workbooks and slides."""

from __future__ import annotations

PALETTE = ["#1f5fa8", "#e0802b", "#3a9a5b", "#c23b3b", "#7b5ea7", "#8c6d46", "#d36fa8", "#6f7a86"]
UP, DOWN, NEUTRAL = "#2e7d32", "#c62828", "#8a939c"  # growth, decline, totals / no change
CLASS_COLOURS = {"A": PALETTE[0], "B": PALETTE[1], "C": "#b0b7bf"}
RAG_STYLE = {  # background, text: readable on a projector and in print
    "green": ("#2e7d32", "#ffffff"),
    "amber": ("#f9a825", "#212121"),
    "red": ("#c62828", "#ffffff"),
    "n/a": ("#eeeeee", "#212121"),
}


def rag_colours(status: object) -> tuple[str, str]:
    """(background, text) of a RAG status; grey for anything else."""
    return RAG_STYLE.get(str(status), RAG_STYLE["n/a"])


__all__ = ["CLASS_COLOURS", "DOWN", "NEUTRAL", "PALETTE", "RAG_STYLE", "UP", "rag_colours"]
