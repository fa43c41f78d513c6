"""Shipped questions whose claim cannot be run, and the source each one rests on.

A question is either proven (a check ``@proves`` it by running the code it is about) or cited
here: the page (URL), the version it describes, the sentence quoted as the page words it, and
the phrases of the keyed option that sentence supports. ``test_proven_or_cited`` keeps every
shipped question in one of the two, and checks that the keyed option still says the cited
phrases (so swapping the keyed text with a distractor's turns it red, as for a check).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    url: str
    version: str
    quote: str
    """The sentence, as the page words it."""
    says: tuple[str, ...]
    """Phrases of the keyed option the quote supports (each must appear in the keyed text)."""
    refutes: tuple[str, ...] = ()
    """Phrases of distractors the quote contradicts (each must appear in some distractor)."""


ASGI_INTRO = "https://asgi.readthedocs.io/en/latest/"
DJANGO_MIGRATIONS = "https://docs.djangoproject.com/en/5.2/topics/migrations/"
DJANGO_UVICORN = "https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/uvicorn/"

CITED: dict[str, Citation] = {
    "asgi-vs-wsgi/main-difference": Citation(
        url=ASGI_INTRO,
        version="ASGI 3.0 (asgiref 3.x documentation)",
        quote=(
            "Where WSGI provided a standard for synchronous Python apps, ASGI provides one for "
            "both asynchronous and synchronous apps, with a WSGI backwards-compatibility "
            "implementation and multiple servers and application frameworks."
        ),
        says=(
            "ASGI supports asynchronous communication",
            "WSGI only supports synchronous HTTP requests",
        ),
        refutes=("Both are asynchronous", "WSGI supports asynchronous communication"),
    ),
    "django-models-migrations/makemigrations-vs-migrate": Citation(
        url=DJANGO_MIGRATIONS,
        version="Django 5.2",
        quote=(
            "makemigrations is responsible for packaging up your model changes into "
            "individual migration files - analogous to commits - and migrate is responsible "
            "for applying those to your database."
        ),
        says=("makemigrations writes a migration file", "migrate applies"),
        refutes=("makemigrations changes the database",),
    ),
    "django-async-channels/asgi-server": Citation(
        url=DJANGO_UVICORN,
        version="Django 5.2",
        quote=(
            "When Uvicorn is installed, a uvicorn command is available which runs ASGI "
            "applications. [...] For a typical Django project, invoking Uvicorn would look "
            "like: python -m uvicorn myproject.asgi:application"
        ),
        says=("Uvicorn",),
        refutes=("mod_wsgi",),
    ),
}
"""Every shipped question that is cited rather than run, by ``set-id/question-id``."""
