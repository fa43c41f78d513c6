"""A middleware that is defined in an installed app but listed nowhere (register-middleware)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CALLS: list[str] = []


class TimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        CALLS.append(request.path)
        return self.get_response(request)
