"""A Django app for content checks: models the checks query, an empty URLconf."""
