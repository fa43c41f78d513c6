"""Tables for models a check declares on the fly (inside ``isolate_apps``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models


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
