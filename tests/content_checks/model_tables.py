"""Models a check declares on the fly (inside ``isolate_apps``): their Meta, tables, checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core import checks
from django.db import connection, models

LABEL = "djangoapp"
"""The checks' app (tests.content_checks.djangoapp)."""


def meta(db_table: str | None = None, **options: object) -> type:
    """A model's Meta in the checks' app, with its own table name so nothing clashes."""
    attributes = {"app_label": LABEL, **options}
    if db_table:
        attributes["db_table"] = db_table
    return type("Meta", (), attributes)


def error_ids(model: type[models.Model]) -> set[str]:
    """The ids of the system-check errors (not warnings) a model reports."""
    return {issue.id for issue in model.check() if issue.level >= checks.ERROR}


def column_nullable(table: str, column: str) -> bool:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return next(info.null_ok for info in description if info.name == column)


@contextmanager
def tables(*model_classes: type[models.Model]) -> Iterator[None]:
    """Create the tables of these models for the duration of the block, then drop them."""
    with connection.schema_editor() as editor:
        for model in model_classes:
            editor.create_model(model)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            for model in reversed(model_classes):
                editor.delete_model(model)
