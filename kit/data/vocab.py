"""Fixed vocabularies and ranges (kit.schema.VOCABULARIES, RANGES) applied to a parsed table.

The people tables hold words from short lists: a contact's role (决策者, 教练 …), attitude,
relationship stage (认识 · 约会 · 信赖 · 同盟), a visit's type, a daily log row's stage, and an
influence from 1 to 5. Each such cell is read as its key ("认识" and "acquainted" are both
``know``); a cell that is none of the words, or a number outside its range, rejects its
row and becomes a located problem (file, sheet, row, column, value, the words expected),
like any cell the loader cannot read. Blank optional cells stay blank.
"""

from __future__ import annotations

import pandas as pd

from kit import fmt, schema
from kit.data.report import Problem, column_letter


def _letter_index(letter: str | None) -> int:
    index = 0
    for char in letter or "":
        index = index * 26 + ord(char) - 64
    return index


def _options(table: str, column: str, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(schema.vocabulary_word(table, column, key, lang)
                    for key in schema.VOCABULARIES[(table, column)])


def check(data: pd.DataFrame, problems: list[Problem], table: str,
          columns: dict[str, tuple[int, str]], file: str, sheet: str | None
          ) -> tuple[pd.DataFrame, list[Problem]]:
    """``data`` with vocabulary cells as keys and the rows with an unknown word or an
    out-of-range number taken out; ``problems`` with those cells added, in file order."""
    found: list[Problem] = []
    rejected = pd.Series(False, index=data.index)
    for column, (pos, header) in columns.items():
        where = (table, column)
        if column not in data:
            continue
        if where in schema.VOCABULARIES:
            text = data[column].astype("string")
            words = pd.Series(pd.unique(text.dropna()), dtype="string")
            lookup = {w: schema.vocabulary_key(table, column, w) for w in words}
            keys = text.map(lookup).astype("string")
            bad = text.notna() & keys.isna()
            data[column] = keys
            params = (("zh", _options(table, column, "zh")), ("en", _options(table, column, "en")))
            code = "expect.one_of"
        elif where in schema.RANGES:
            low, high = schema.RANGES[where]
            values = data[column]
            bad = values.notna() & ((values < low) | (values > high) | (values % 1 != 0))
            text = values.map(lambda v: fmt.value(v, "number"))
            params = (("low", fmt.value(low, "number")), ("high", fmt.value(high, "number")))
            code = "expect.range"
        else:
            continue
        for row in bad[bad].index:
            found.append(Problem(file=file, sheet=sheet, row=int(row), column=header,
                                 letter=column_letter(pos), value=str(text[row]), code=code,
                                 params=params))
        rejected |= bad
    if not found:
        return data, problems
    merged = sorted(problems + found, key=lambda p: (p.row or 0, _letter_index(p.letter)))
    return data.loc[~rejected], merged


__all__ = ["check"]
