"""Every module in this package is imported, so its models belong to the ``djangoapp`` app.

Add ``tests/content_checks/djangoapp/models/<topic>.py`` with your models (no migrations: the
conftest creates their tables with ``migrate --run-syncdb``) and import them in your check as
``from tests.content_checks.djangoapp.models.<topic> import Model``. Model class names must be
unique across the whole app.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
