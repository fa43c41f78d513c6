"""The app config of the content checks' throwaway Django project."""

from __future__ import annotations

from django.apps import AppConfig


class ContentChecksConfig(AppConfig):
    name = "tests.content_checks.djangoapp"
    label = "djangoapp"
    default_auto_field = "django.db.models.BigAutoField"
