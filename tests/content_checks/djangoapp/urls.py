"""The default ROOT_URLCONF: no routes. Checks set their own (see the conftest docstring)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
