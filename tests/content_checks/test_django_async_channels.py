"""Checks of the django-async-channels set: async views under Django's ASGI handler, Channels
consumers through a WebSocket test client, the ORM in async code, asgiref's adapters."""

from __future__ import annotations

import asyncio
import threading
import types
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import SynchronousOnlyOperation
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import override_settings
from django.urls import path
from django.utils.deprecation import MiddlewareMixin

from tests.content_checks.asgi_calls import http_get
from tests.content_checks.conftest import DEFAULT_MIDDLEWARE
from tests.content_checks.proving import proves
from tests.content_checks.querysetsapp.models import Author, Book, Post
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    letter_of,
    observed,
    option,
    refuted,
    solution_fix,
)
from tests.content_checks.snippets import as_module, run_fragment
from tests.content_checks.virtual_time import VirtualClock, run_on_virtual_loop, virtual_builtins

SET = "django-async-channels"
URLS = "content_check_async_urls"


@proves(f"{SET}/async-view-definition")
async def test_an_async_view_is_an_async_def_taking_the_request() -> None:
    key = f"{SET}/async-view-definition"
    names = {"HttpResponse": HttpResponse}
    answer = run_fragment(option(key, answer_letter(key)), names).namespace["ping"]
    assert (await answer(HttpRequest())).content == b"pong"
    with pytest.raises(SyntaxError):  # A: await in a plain def (and B's decorator line too)
        compile(option(key, letter_of(key, "def ping(request): await")), "<option>", "exec")
    with pytest.raises(SyntaxError):
        compile(option(key, letter_of(key, "@async_view")), "<option>", "exec")
    no_request = run_fragment(option(key, letter_of(key, "async def ping():")), names)
    no_request = no_request.namespace["ping"]
    with pytest.raises(TypeError, match="positional argument"):
        no_request(HttpRequest())
    observed(key, "SyntaxError", "TypeError")
    from django.views import decorators

    assert not any(hasattr(module, "async_view") for module in vars(decorators).values())


@proves(f"{SET}/sync-orm-in-async-view")
@pytest.mark.usefixtures("django_db")
async def test_the_sync_orm_refuses_to_run_in_an_async_view() -> None:
    key = f"{SET}/sync-orm-in-async-view"
    await Post.objects.acreate(title="old", created=datetime(2024, 1, 1, tzinfo=UTC))
    await Post.objects.acreate(title="new", created=datetime(2025, 1, 1, tzinfo=UTC))
    names = {"Post": Post, "JsonResponse": JsonResponse}
    view = run_fragment(code_of(key), names).namespace["latest_post"]
    with pytest.raises(SynchronousOnlyOperation, match="async context"):
        await view(HttpRequest())
    fix = solution_fix(key, 'await Post.objects.alatest("created")')
    fixed = code_of(key).replace('Post.objects.latest("created")', fix)
    response = await run_fragment(fixed, names).namespace["latest_post"](HttpRequest())
    assert response.content == b'{"title": "new"}'  # the keyed fix works
    awaited = code_of(key).replace("Post.objects.latest", "await Post.objects.latest")
    with pytest.raises(SynchronousOnlyOperation):  # C: the sync call still runs first
        await run_fragment(awaited, names).namespace["latest_post"](HttpRequest())
    keyed_says(key, "raises SynchronousOnlyOperation", fix)
    refuted(key, "SyntaxError")
    refuted(key, "It works")


@proves(f"{SET}/sync-to-async-call")
async def test_sync_to_async_wraps_the_function_and_is_awaited() -> None:
    key = f"{SET}/sync-to-async-call"
    loop_thread = threading.get_ident()
    sent: list[tuple[int, int]] = []

    def send_welcome_email(user_id: int) -> None:
        sent.append((user_id, threading.get_ident()))

    names = {
        "sync_to_async": sync_to_async,
        "async_to_sync": async_to_sync,
        "send_welcome_email": send_welcome_email,
        "user_id": 7,
    }

    async def run(letter: str) -> None:
        source = f"async def line():\n    {option(key, letter)}\n"
        await run_fragment(source, names).namespace["line"]()

    await run(answer_letter(key))
    assert sent[0][0] == 7
    assert sent[0][1] != loop_thread  # D: ran in a worker thread
    sent.clear()
    with pytest.raises(TypeError, match="can't be used in 'await' expression"):
        await run(letter_of(key, "await sync_to_async(send_welcome_email(user_id))"))
    assert sent == [(7, loop_thread)]  # A: it already ran, blocking the loop
    sent.clear()
    with (
        pytest.warns(UserWarning, match="non-async-marked callable"),
        pytest.raises(RuntimeError, match="same thread as an async event loop"),
    ):
        await run(letter_of(key, "await async_to_sync("))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await run(letter_of(key, "sync_to_async(send_welcome_email)(user_id)"))
    assert sent == []  # C: never awaited, never sent
    assert any("was never awaited" in str(w.message) for w in caught)
    observed(key, "TypeError", "RuntimeError")  # A's await, B's async_to_sync in a loop


def run_three_at_once(view_source: str, middleware: list[str]) -> tuple[list[str], list[float]]:
    """Serve 3 simultaneous requests for the snippet's view on one event loop with a virtual
    clock (time.sleep(2) moves it by 2 s without sleeping); return the event order and the
    virtual time at which each response body was sent."""
    clock = VirtualClock(thread_grace=5.0)
    events: list[str] = []
    namespace: dict[str, Any] = {
        "__builtins__": virtual_builtins(clock),
        "HttpResponse": HttpResponse,
    }
    exec(compile(view_source, "<snippet>", "exec"), namespace)
    report = namespace["report"]

    async def traced(request: HttpRequest) -> HttpResponse:
        events.append(f"start {request.GET['n']} on loop {threading.get_ident() == loop_thread}")
        response = await report(request)
        events.append(f"end {request.GET['n']}")
        return response

    sent_at: list[float] = []

    async def on_send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            sent_at.append(clock.now)

    async def serve() -> list[tuple[int, bytes]]:
        return await asyncio.gather(
            *(http_get(application, "/report/", f"n={n}", on_send) for n in (1, 2, 3))
        )

    loop_thread = threading.get_ident()
    with (
        as_module(URLS, {"urlpatterns": [path("report/", traced)]}),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=middleware),
    ):
        application = ASGIHandler()
        responses = run_on_virtual_loop(serve(), clock)
    assert responses == [(200, b"done")] * 3  # C: no SynchronousOnlyOperation
    return events, sent_at


@proves(f"{SET}/blocking-in-async-view")
def test_a_blocking_call_in_an_async_view_serialises_the_requests() -> None:
    key = f"{SET}/blocking-in-async-view"
    for middleware in (DEFAULT_MIDDLEWARE, []):
        events, sent_at = run_three_at_once(code_of(key), middleware)
        starts = [event for event in events if event.startswith("start")]
        assert all(event.endswith("on loop True") for event in starts)  # B: not moved to a thread
        # One view at a time: every start is followed by its own end (A is wrong).
        assert [event.split()[:2] for event in events[1::2]] == [
            ["end", event.split()[1]] for event in events[0::2]
        ]
        assert max(sent_at) == pytest.approx(6.0)  # D: the last response after about 6 s
        if not middleware:
            assert sent_at == pytest.approx([2.0, 4.0, 6.0])
    keyed_says(key, "run one after another", f"after about {max(sent_at):.0f} seconds")
    refuted(key, "SynchronousOnlyOperation")
    refuted(key, "moves it to a thread")


async def test_default_middleware_runs_process_response_through_sync_to_async() -> None:
    """Why the responses usually arrive together with the default middleware."""
    threads: list[bool] = []
    loop_thread = threading.get_ident()

    class Recording(MiddlewareMixin):
        def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
            threads.append(threading.get_ident() == loop_thread)
            return response

    async def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("done")

    with (
        as_module(URLS, {"urlpatterns": [path("", view)], "Recording": Recording}),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[f"{URLS}.Recording"]),
    ):
        assert await http_get(ASGIHandler(), "/") == (200, b"done")
    assert threads == [False]


@proves(f"{SET}/lazy-fk-async")
@pytest.mark.usefixtures("django_db")
async def test_a_lazy_foreign_key_is_refused_in_async_code() -> None:
    key = f"{SET}/lazy-fk-async"
    author = await Author.objects.acreate(name="Ann")
    book = await Book.objects.acreate(title="Dune", author=author)
    names = {"Book": Book, "JsonResponse": JsonResponse}
    view = run_fragment(code_of(key), names).namespace["book_detail"]
    with pytest.raises(SynchronousOnlyOperation):  # not a coroutine (C), not AttributeError (D)
        await view(HttpRequest(), book.pk)
    fix = solution_fix(key, 'Book.objects.select_related("author").aget(pk=pk)')
    fixed = code_of(key).replace("Book.objects.aget(pk=pk)", fix)
    response = await run_fragment(fixed, names).namespace["book_detail"](HttpRequest(), book.pk)
    assert response.content == b'{"title": "Dune", "author": "Ann"}'  # the keyed fix
    keyed_says(key, "book.author raises SynchronousOnlyOperation", fix)
    refuted(key, "TypeError")


@proves(f"{SET}/thread-sensitive")
def test_thread_sensitive_calls_share_one_thread_per_request() -> None:
    key = f"{SET}/thread-sensitive"
    main_thread = threading.get_ident()

    def thread() -> int:
        return threading.get_ident()

    async def twice() -> tuple[int, int]:
        return await sync_to_async(thread)(), await sync_to_async(thread)()

    assert async_to_sync(twice)() == (main_thread, main_thread)  # outer program sync: main thread
    first, second = asyncio.run(twice())
    assert first == second != main_thread  # one shared thread, not the loop's (B) nor new (A)

    requests: dict[str, list[int]] = {}
    gate = asyncio.Event()

    async def view(request: HttpRequest) -> HttpResponse:
        name = request.GET["n"]
        requests[name] = [await sync_to_async(thread)()]
        if len(requests) == 2:
            gate.set()
        await gate.wait()  # both requests are in flight at once
        requests[name].append(await sync_to_async(thread)())
        return HttpResponse(name)

    async def serve() -> None:
        application = ASGIHandler()
        await asyncio.gather(*(http_get(application, "/", f"n={n}") for n in ("a", "b")))

    with (
        as_module(URLS, {"urlpatterns": [path("", view)]}),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]),
    ):
        asyncio.run(serve())
    assert requests["a"][0] == requests["a"][1]
    assert requests["b"][0] == requests["b"][1]
    assert requests["a"][0] != requests["b"][0]  # concurrent requests: different threads
    keyed_says(
        key,
        "one shared thread",
        "one thread per request",
        "main thread if the outer program is sync",
    )
    refuted(key, "brand-new thread")
    refuted(key, "event loop's thread")


@proves(f"{SET}/sync-middleware-under-asgi")
async def test_a_sync_only_middleware_runs_in_a_thread_and_async_views_stay_async() -> None:
    key = f"{SET}/sync-middleware-under-asgi"
    loop_thread = threading.get_ident()
    seen: dict[str, bool] = {}

    class SyncOnly:
        sync_capable, async_capable = True, False

        def __init__(self, get_response: Any) -> None:
            self.get_response = get_response

        def __call__(self, request: HttpRequest) -> HttpResponse:
            seen["middleware on loop thread"] = threading.get_ident() == loop_thread
            return self.get_response(request)

    async def view(request: HttpRequest) -> HttpResponse:
        seen["view on loop thread"] = threading.get_ident() == loop_thread
        return HttpResponse("async view")

    module = types.SimpleNamespace(urlpatterns=[path("", view)], SyncOnly=SyncOnly)
    with (
        as_module(URLS, vars(module)),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[f"{URLS}.SyncOnly"]),
    ):
        assert await http_get(ASGIHandler(), "/") == (200, b"async view")  # no error (B)
    assert seen == {"middleware on loop thread": False, "view on loop thread": True}
    keyed_says(key, "It works", "runs the sync middleware in a thread")
    refuted(key, "ImproperlyConfigured")
    refuted(key, "skips the synchronous middleware")
