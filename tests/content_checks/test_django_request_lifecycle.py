"""Checks of the django-request-lifecycle set: requests go through a real Django handler."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.test import Client, RequestFactory, override_settings
from django.urls import path, resolve
from django.utils.datastructures import MultiValueDictKeyError

from tests.content_checks.conftest import DEFAULT_MIDDLEWARE
from tests.content_checks.djangoapp import middleware as installed_app_middleware
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    code_of,
    keyed_says,
    observed,
    only_the_answer_matches,
    refuted,
)
from tests.content_checks.snippets import as_module, run_fragment

SET = "django-request-lifecycle"
PROJECT = "content_check_lifecycle_project"
"""The module the checks' URLconf and middleware are imported from."""

DJANGO_NAMES = {
    "HttpResponse": HttpResponse,
    "HttpResponseForbidden": HttpResponseForbidden,
    "Http404": Http404,
    "path": path,
    "render": render,
}


@contextlib.contextmanager
def project(
    names: dict[str, Any], middleware: list[str], **client_options: Any
) -> Iterator[Client]:
    """A Client for a project whose URLconf and middleware live in ``names``.

    ``middleware`` entries without a dot are names in ``names``; the others are dotted paths.
    """
    with as_module(PROJECT, names):
        dotted = [entry if "." in entry else f"{PROJECT}.{entry}" for entry in middleware]
        with override_settings(ROOT_URLCONF=PROJECT, MIDDLEWARE=dotted):
            yield Client(**client_options)


def printing_view(request: HttpRequest) -> HttpResponse:
    print("view")
    return HttpResponse("ok")


@proves(f"{SET}/register-middleware")
def test_middleware_runs_only_when_listed_in_settings_middleware() -> None:
    key = f"{SET}/register-middleware"
    timing = "tests.content_checks.djangoapp.middleware.TimingMiddleware"
    names = {"urlpatterns": [path("t/", lambda request: HttpResponse("ok"))]}
    installed_app_middleware.CALLS.clear()
    # A: the app is installed and its middleware.py defines the class: nothing runs it.
    with project(names, []) as client:
        assert client.get("/t/").status_code == 200
    # D: the removed MIDDLEWARE_CLASSES setting is ignored.
    with override_settings(MIDDLEWARE_CLASSES=[timing]), project(names, []) as client:
        client.get("/t/")
    assert installed_app_middleware.CALLS == []
    with project(names, [timing]) as client:  # B
        client.get("/t/")
    assert installed_app_middleware.CALLS == ["/t/"]
    keyed_says(key, "settings.MIDDLEWARE list")
    refuted(key, "MIDDLEWARE_CLASSES")
    refuted(key, "discovers middleware.py")


@proves(f"{SET}/view-returns-none")
def test_a_view_returning_none_raises_value_error_and_answers_500() -> None:
    key = f"{SET}/view-returns-none"
    view = run_fragment(code_of(key), DJANGO_NAMES).namespace["profile"]
    names = {"urlpatterns": [path("profile/", view)]}
    with (
        project(names, DEFAULT_MIDDLEWARE) as client,
        pytest.raises(ValueError, match="didn't return an HttpResponse object"),
    ):
        client.get("/profile/")
    with project(names, DEFAULT_MIDDLEWARE, raise_request_exception=False) as client:
        response = client.get("/profile/")
    assert response.status_code == 500  # not 200 (A), not a redirect (B), not 404 (C)
    keyed_says(key, "ValueError", f"{response.status_code} error")
    refuted(key, "200 OK")
    refuted(key, "404")


@proves(f"{SET}/lifecycle-order")
def test_middleware_run_before_url_resolution_and_unwind_in_reverse() -> None:
    key = f"{SET}/lifecycle-order"
    events: list[str] = []

    def recorder(name: str, urlconf: str | None = None) -> Callable[..., Any]:
        class Recorder:
            def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
                self.get_response = get_response

            def __call__(self, request: HttpRequest) -> HttpResponse:
                events.append(f"{name} in")
                if urlconf:
                    request.urlconf = urlconf  # only works if resolution comes later
                response = self.get_response(request)
                events.append(f"{name} out")
                return response

            def process_view(self, request: HttpRequest, *args: Any) -> None:
                events.append(f"{name} process_view")

        return Recorder

    def routed_view(request: HttpRequest) -> HttpResponse:
        events.append("view")
        return HttpResponse("routed by middleware")

    with as_module(f"{PROJECT}_other", {"urlpatterns": [path("x/", routed_view)]}):
        names = {
            "urlpatterns": [],
            "First": recorder("first"),
            "Second": recorder("second", urlconf=f"{PROJECT}_other"),
        }
        with project(names, ["First", "Second"]) as client:
            response = client.get("/x/")
    assert response.content == b"routed by middleware"
    assert events == [
        "first in",
        "second in",
        "first process_view",
        "second process_view",
        "view",
        "second out",
        "first out",
    ]
    # first/second in, then resolution (second's urlconf counted) and process_view, view, out.
    keyed_says(
        key,
        "Middleware top to bottom, then URL resolution and process_view hooks, then the view",
        "then middleware bottom to top",
    )


@proves(f"{SET}/path-converter")
def test_an_int_converter_passes_an_int_keyword_argument() -> None:
    key = f"{SET}/path-converter"
    calls: list[tuple[tuple[Any, ...], dict[str, Any], dict[str, str]]] = []

    def year_archive(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        calls.append((args, kwargs, dict(request.GET)))
        return HttpResponse("ok")

    urls = run_fragment(
        code_of(key), {"path": path, "views": SimpleNamespace(year_archive=year_archive)}
    )
    names = {"urlpatterns": urls.namespace["urlpatterns"]}
    with project(names, []) as client:
        assert client.get("/articles/2024/").status_code == 200
        assert client.get("/articles/abc/").status_code == 404
        observed(key, 404)
    assert calls == [((), {"year": 2024}, {})]
    assert type(calls[0][1]["year"]) is int
    ((argument, value),) = calls[0][1].items()
    keyed_says(key, f"{argument}={value!r}", f"as an {type(value).__name__}")
    refuted(key, 'year="2024"')


@proves(f"{SET}/url-order-shadowing")
def test_the_first_matching_pattern_wins_and_overlaps_are_not_reported() -> None:
    key = f"{SET}/url-order-shadowing"
    ran: list[tuple[str, dict[str, Any]]] = []

    def post_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ran.append(("post_detail", kwargs))
        return HttpResponse("detail")

    def post_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ran.append(("post_create", kwargs))
        return HttpResponse("create")

    views = SimpleNamespace(post_detail=post_detail, post_create=post_create)
    urls = run_fragment(code_of(key), {"path": path, "views": views})
    with project({"urlpatterns": urls.namespace["urlpatterns"]}, []) as client:
        assert client.get("/posts/new/").status_code == 200
        assert resolve("/posts/new/").func is post_detail
        assert [issue for issue in run_checks(tags=["urls"]) if issue.is_serious()] == []
    assert ran == [("post_detail", {"slug": "new"})]
    ((view_name, kwargs),) = ran
    keyed_says(key, f'{view_name} with slug="{kwargs["slug"]}"', "first matching pattern wins")
    refuted(key, "ImproperlyConfigured")


def printed_lines(capsys: pytest.CaptureFixture[str]) -> str:
    return ", ".join(capsys.readouterr().out.splitlines())


@proves(f"{SET}/middleware-order-output")
def test_middleware_wrap_each_other_like_an_onion(capsys: pytest.CaptureFixture[str]) -> None:
    key = f"{SET}/middleware-order-output"
    names = run_fragment(code_of(key)).namespace
    names["urlpatterns"] = [path("", printing_view)]
    with project(names, ["A", "B", "C"]) as client:
        client.get("/")
    only_the_answer_matches(key, printed_lines(capsys))


@proves(f"{SET}/short-circuit-response")
def test_a_middleware_returning_early_skips_everything_below_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = f"{SET}/short-circuit-response"
    names = run_fragment(code_of(key), DJANGO_NAMES).namespace
    names["urlpatterns"] = [path("", printing_view)]
    with project(names, ["A", "B", "C"]) as client:
        response = client.get("/")
    assert response.status_code == 403
    observed(key, response.status_code)
    only_the_answer_matches(key, printed_lines(capsys))


@proves(f"{SET}/csrf-missing-token")
def test_a_post_without_a_csrf_token_is_refused_before_the_view() -> None:
    key = f"{SET}/csrf-missing-token"
    calls: list[str] = []

    def submit(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        return HttpResponse("saved")

    names = {"urlpatterns": [path("form/", submit)]}
    with project(names, DEFAULT_MIDDLEWARE, enforce_csrf_checks=True) as client:
        assert client.get("/form/").status_code == 200  # GET is not checked
        response = client.post("/form/", {"title": "x"})
    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content
    assert calls == ["GET"]  # the view never ran for the POST
    keyed_says(key, f"{response.status_code} Forbidden", "view never runs")
    refuted(key, "400 Bad Request")


@proves(f"{SET}/querydict-getlist")
def test_querydict_indexing_returns_the_last_value() -> None:
    key = f"{SET}/querydict-getlist"
    view = run_fragment(code_of(key), DJANGO_NAMES).namespace["search"]
    response = view(RequestFactory().get("/search/?tag=a&tag=b"))
    only_the_answer_matches(key, response.content.decode())
    with pytest.raises(MultiValueDictKeyError):
        view(RequestFactory().get("/search/"))


@proves(f"{SET}/process-view-response")
def test_a_process_view_response_skips_the_view_but_unwinds_every_middleware() -> None:
    key = f"{SET}/process-view-response"
    events: list[str] = []

    def layer(name: str, stop: bool = False) -> type:
        class Layer:
            def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
                self.get_response = get_response

            def __call__(self, request: HttpRequest) -> HttpResponse:
                response = self.get_response(request)
                events.append(f"{name} response {response.content.decode()}")
                return response

            def process_view(self, request: HttpRequest, *args: Any) -> HttpResponse | None:
                events.append(f"{name} process_view")
                return HttpResponse("stop") if stop else None

        return Layer

    def view(request: HttpRequest) -> HttpResponse:
        events.append("view")
        return HttpResponse("view")

    names = {
        "urlpatterns": [path("", view)],
        "A": layer("A"),
        "B": layer("B", stop=True),
        "After": layer("After"),
    }
    with project(names, ["A", "B", "After"]) as client:
        response = client.get("/")
    assert response.content == b"stop"
    assert events == [
        "A process_view",
        "B process_view",
        "After response stop",
        "B response stop",
        "A response stop",
    ]
    keyed_says(
        key,
        "view is not called",
        "process_view() of middleware after B is skipped",
        "\"stop\" passes back through B's and A's response code",
    )


@proves(f"{SET}/auth-before-session")
def test_auth_before_session_passes_checks_and_fails_on_the_first_request() -> None:
    key = f"{SET}/auth-before-session"
    middleware = run_fragment(code_of(key)).namespace["MIDDLEWARE"]
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    )
    with override_settings(MIDDLEWARE=middleware):  # D: the admin's checks pass
        assert [issue.id for issue in run_checks() if issue.is_serious()] == []
    without_messages = [entry for entry in middleware if "MessageMiddleware" not in entry]
    with override_settings(MIDDLEWARE=without_messages):  # why the snippet lists it
        assert "admin.E409" in [issue.id for issue in run_checks()]
    names = {"urlpatterns": [path("", lambda request: HttpResponse(str(request.user)))]}
    with project(names, middleware) as client, pytest.raises(ImproperlyConfigured) as raised:
        client.get("/")
    assert "insert 'django.contrib.sessions.middleware.SessionMiddleware' before" in str(
        raised.value
    )
    with project(names, middleware, raise_request_exception=False) as client:
        assert client.get("/").status_code == 500  # not a silent AnonymousUser (C)
    keyed_says(key, type(raised.value).__name__, "500 error")
    refuted(key, "AnonymousUser")


@proves(f"{SET}/catch-http404")
def test_a_view_exception_reaches_middleware_as_a_response() -> None:
    key = f"{SET}/catch-http404"
    names = run_fragment(code_of(key), DJANGO_NAMES).namespace

    def missing(request: HttpRequest) -> HttpResponse:
        raise Http404("no such page")

    names["urlpatterns"] = [path("", missing)]
    with project(names, ["CatchMiddleware"]) as client:
        response = client.get("/")
    assert response.status_code == 404
    assert b"custom not found" not in response.content
    keyed_says(key, f"standard {response.status_code} response", "except block never runs")
    refuted(key, 'body "custom not found"')
    refuted(key, "500 error")
