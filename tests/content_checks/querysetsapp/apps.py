"""The app config of the ORM questions' models."""

from __future__ import annotations

from django.apps import AppConfig


class QuerysetsConfig(AppConfig):
    name = "tests.content_checks.querysetsapp"
    label = "querysets"
    default_auto_field = "django.db.models.BigAutoField"
