"""One source, two editions: ``kit_edition: trainer`` in the book's config adds
the Sphinx tag ``trainer``, so ``{only} trainer`` blocks (solutions,
facilitation notes) are built into the trainer edition and left out of the
student edition — from the pages, the search index and the sources alike
(``html_copy_source: false``)."""

from sphinx.errors import ConfigError

EDITIONS = ("student", "trainer")


def _tag(app, config):
    if config.kit_edition not in EDITIONS:
        raise ConfigError(f"kit_edition must be one of {EDITIONS}, got {config.kit_edition!r}")
    if config.kit_edition == "trainer":
        app.tags.add("trainer")


def setup(app):
    app.add_config_value("kit_edition", "student", "env")
    app.connect("config-inited", _tag)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
