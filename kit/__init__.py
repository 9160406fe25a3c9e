"""Key-account planning workshop kit: data in, pure analysis, charts, widgets, exports.

Modules are imported where used (``from kit import data``) so that a notebook
pays only for what it needs.
"""

from kit.i18n import get_currency, get_lang, set_currency, set_lang

__version__ = "0.1.0"
__all__ = ["__version__", "get_currency", "get_lang", "set_currency", "set_lang"]
