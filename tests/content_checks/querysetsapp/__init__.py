"""Models of the django-orm-querysets and django-async-channels checks (app label ``querysets``).

A separate app, so its model names (Author, Book, Tag, Article, Post) never clash with models
other checks add to ``djangoapp``.
"""
