"""Checks of the asgi-vs-wsgi set: Django's WSGI and ASGI handlers called as servers call them."""

from __future__ import annotations

import asyncio
import threading
import time
import warnings
from collections.abc import AsyncIterator
from typing import Any

import django.core.asgi
import pytest
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter
from django.core.asgi import get_asgi_application
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from tests.content_checks.asgi_calls import WebsocketClient, http_get, http_request, http_scope
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    observed,
    option,
    question,
    refuted,
    solution_fix,
    solution_says,
)
from tests.content_checks.snippets import as_module, run_fragment

SET = "asgi-vs-wsgi"
URLS = "content_check_asgi_wsgi_urls"
ASGI_IMPORT = "from django.core.asgi import get_asgi_application\n"


def wsgi_get(path_info: str, headers: dict[str, str] | None = None) -> tuple[str, bytes]:
    """Call Django's WSGI handler as a WSGI server would; return the status line and body."""
    environ = RequestFactory()._base_environ(PATH_INFO=path_info, REQUEST_METHOD="GET")
    environ.update(headers or {})
    status: list[str] = []

    def start_response(status_line: str, response_headers: list[Any], exc_info: Any = None) -> None:
        status.append(status_line)

    body = b"".join(WSGIHandler()(environ, start_response))
    return status[0], body


@proves(f"{SET}/wsgi-websocket")
def test_a_wsgi_app_answers_a_websocket_handshake_like_a_plain_get() -> None:
    key = f"{SET}/wsgi-websocket"
    handshake = {
        "HTTP_UPGRADE": "websocket",
        "HTTP_CONNECTION": "Upgrade",
        "HTTP_SEC_WEBSOCKET_KEY": "dGhlIHNhbXBsZSBub25jZQ==",
        "HTTP_SEC_WEBSOCKET_VERSION": "13",
    }
    names = {"urlpatterns": [path("chat/", lambda request: HttpResponse("chat page"))]}
    with as_module(URLS, names), override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]):
        matched = wsgi_get("/chat/", handshake)
        unmatched, _ = wsgi_get("/elsewhere/", handshake)
    assert matched == ("200 OK", b"chat page")
    assert unmatched.startswith("404")  # never "101 Switching Protocols"
    keyed_says(
        key,
        "answered like an ordinary GET",
        f"{matched[0].split()[0]} with the page if a view matches",
        f"otherwise {unmatched.split()[0]}",
        "never 101",
    )
    refuted(key, "answers 101")
    refuted(key, "long-polling")
    refuted(key, "400 Bad Request")


@proves(f"{SET}/asgi-declaration")
def test_get_asgi_application_is_the_asgi_factory() -> None:
    declaration = f"{SET}/asgi-declaration"
    source = code_of(declaration)
    assert source.startswith(ASGI_IMPORT)
    for letter in question(declaration).letters:
        filled = source.replace("???", option(declaration, letter))
        if letter == answer_letter(declaration):
            assert isinstance(run_fragment(filled).namespace["application"], ASGIHandler)
        else:  # A: no name application yet; B: not imported; C: no such function
            with pytest.raises(NameError):
                run_fragment(filled)
            observed(declaration, "NameError")
    imports = ASGI_IMPORT + "from django.core.wsgi import get_wsgi_application\n"
    imported = run_fragment(imports + "application = get_wsgi_application()\n")
    assert isinstance(imported.namespace["application"], WSGIHandler)  # the solution's aside
    assert not hasattr(django.core.asgi, "asgi_application")


@proves(f"{SET}/async-view-under-wsgi")
def test_an_async_view_runs_under_wsgi_in_a_one_off_event_loop() -> None:
    key = f"{SET}/async-view-under-wsgi"
    view = run_fragment(code_of(key), {"HttpResponse": HttpResponse}).namespace["my_view"]
    loops: list[asyncio.AbstractEventLoop] = []

    async def traced(request: HttpRequest) -> HttpResponse:
        loops.append(asyncio.get_running_loop())
        return await view(request)

    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()  # the WSGI side has no event loop
    names = {"urlpatterns": [path("", traced)]}
    with (
        as_module(URLS, names),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        assert wsgi_get("/") == ("200 OK", b"Hello async!")
        assert wsgi_get("/") == ("200 OK", b"Hello async!")
    assert [w for w in caught if issubclass(w.category, RuntimeWarning)] == []
    assert len(loops) == 2
    assert loops[0] is not loops[1]  # a fresh loop per request
    keyed_says(key, "its own one-off event loop", "returns 'Hello async!' without warnings")
    refuted(key, "Raises a RuntimeWarning")
    refuted(key, "coroutine object")
    refuted(key, "ImproperlyConfigured")


@proves(f"{SET}/concurrent-connections")
async def test_asgi_keeps_several_requests_in_flight_on_one_event_loop() -> None:
    key = f"{SET}/concurrent-connections"
    other_arrived = asyncio.Event()
    threads: set[int] = set()

    async def waiter(request: HttpRequest) -> HttpResponse:
        threads.add(threading.get_ident())
        await other_arrived.wait()  # only possible if the loop serves another request meanwhile
        return HttpResponse("waited")

    async def arriver(request: HttpRequest) -> HttpResponse:
        threads.add(threading.get_ident())
        other_arrived.set()
        return HttpResponse("arrived")

    names = {"urlpatterns": [path("wait/", waiter), path("arrive/", arriver)]}
    with as_module(URLS, names), override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]):
        application = ASGIHandler()
        results = await asyncio.gather(
            http_get(application, "/wait/"), http_get(application, "/arrive/")
        )
    assert results == [(200, b"waited"), (200, b"arrived")]
    assert threads == {threading.get_ident()}  # the event loop's thread, not a thread per request
    keyed_says(key, "ASGI keeps many connections in flight on one event loop")
    refuted(key, "new thread for every connection")
    refuted(key, "its own thread")
    refuted(key, "ASGI queues requests")


@proves(f"{SET}/consumer-accept")
async def test_connect_is_called_for_the_handshake_and_accept_opens_the_socket() -> None:
    key = f"{SET}/consumer-accept"
    consumer = run_fragment(code_of(key)).namespace["ChatConsumer"]
    client = WebsocketClient(consumer.as_asgi(), "/ws/")
    assert await client.connect()  # connect() ran by itself and accepted
    await client.send_to(text_data="hello")  # the open socket takes messages
    assert await client.receive_nothing()
    await client.disconnect()
    keyed_says(key, "Channels calls connect() on the handshake", "accept() opens the socket")
    refuted(key, "stays pending")
    refuted(key, "rejected")
    refuted(key, "call connect() yourself")


@proves(f"{SET}/asgi-py-name-error")
async def test_calling_the_wsgi_factory_in_asgi_py() -> None:
    key = f"{SET}/asgi-py-name-error"
    with pytest.raises(NameError, match="get_wsgi_application"):
        run_fragment(code_of(key))
    # B: with the import added the file loads, but a WSGI app cannot answer an ASGI server.
    imported = "from django.core.wsgi import get_wsgi_application\n" + code_of(key)
    application = run_fragment(imported).namespace["application"]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("nothing is sent")

    with pytest.raises(TypeError, match="positional argument"):  # an ASGI 3 call
        await application(http_scope("/"), receive, send)
    # Uvicorn sees no coroutine function, guesses ASGI 2 and calls application(scope) first:
    # the 500 it answers carries this error.
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'start_response'"):
        application(http_scope("/"))
    observed(key, 500)  # what an ASGI server answers when the application raises
    keyed_says(key, "calls get_wsgi_application", f"raises {NameError.__name__}")
    refuted(key, "works under Uvicorn")
    refuted(key, "Nothing is wrong with the file")


@proves(f"{SET}/chat-app-setup")
async def test_one_asgi_process_serves_http_and_websockets_with_channels() -> None:
    key = f"{SET}/chat-app-setup"

    class Chat(AsyncWebsocketConsumer):
        async def connect(self) -> None:
            await self.accept()

    names = {"urlpatterns": [path("", lambda request: HttpResponse("page"))]}
    with as_module(URLS, names), override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]):
        plain = ASGIHandler()
        refused = WebsocketClient(plain, "/ws/")
        await refused.send_input({"type": "websocket.connect"})
        with pytest.raises(
            ValueError, match="can only handle ASGI/HTTP connections, not websocket"
        ):
            await refused.wait()
        observed(key, "ValueError")
        application = ProtocolTypeRouter({"http": plain, "websocket": Chat.as_asgi()})
        assert await http_get(application, "/") == (200, b"page")
        client = WebsocketClient(application, "/ws/")
        assert await client.connect()
        await client.disconnect()
    keyed_says(key, "ASGI with Channels", "HTTP to Django and WebSockets to consumers")
    refuted(key, "routes WebSockets to views")  # plain ASGIHandler refused the websocket above
    refuted(key, "WSGI, which handles HTTP and WebSocket natively")


@proves(f"{SET}/sync-streaming-under-asgi")
async def test_asgi_collects_a_synchronous_streaming_iterator_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = f"{SET}/sync-streaming-under-asgi"
    events: list[str] = []  # the generator's sleeps and the body parts sent, in order
    monkeypatch.setattr(time, "sleep", lambda seconds: events.append(f"sleep {seconds}"))

    async def record_body(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            events.append(message["body"].decode())

    sync_view = run_fragment(code_of(key)).namespace["progress"]
    # The conftest's MIDDLEWARE is the list startproject writes, as the context says.
    with (
        as_module(URLS, {"urlpatterns": [path("progress/", sync_view)]}),
        override_settings(ROOT_URLCONF=URLS),
        pytest.warns(Warning, match="must consume synchronous iterators") as caught,
    ):
        result = await http_get(ASGIHandler(), "/progress/", on_send=record_body)
    assert result == (200, b"tick 1\ntick 2\ntick 3\n")  # not C, not D
    observed(key, result[0])
    assert events == ["sleep 1"] * 3 + ["tick 1\n", "tick 2\n", "tick 3\n"]  # not A
    assert [str(w.message) for w in caught] == [
        "StreamingHttpResponse must consume synchronous iterators in order to serve them "
        "asynchronously. Use an asynchronous iterator instead."
    ]
    keyed_says(key, "All three at once, after about 3 s", "must consume synchronous iterators")
    refuted(key, "sends each tick as soon as")
    refuted(key, "A 500 error")
    refuted(key, 'Only "tick 1"')

    # The solution's fix: an async generator is sent part by part, without a warning.
    events.clear()

    async def async_ticks() -> AsyncIterator[str]:
        for n in range(1, 4):
            events.append("await")  # where the fix awaits asyncio.sleep(1)
            await asyncio.sleep(0)
            yield f"tick {n}\n"

    def async_view(request: HttpRequest) -> StreamingHttpResponse:
        return StreamingHttpResponse(async_ticks())

    with (
        as_module(URLS, {"urlpatterns": [path("progress/", async_view)]}),
        override_settings(ROOT_URLCONF=URLS),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")
        await http_get(ASGIHandler(), "/progress/", on_send=record_body)
    assert events == ["await", "tick 1\n", "await", "tick 2\n", "await", "tick 3\n"]


@proves(f"{SET}/asgi-body-in-scope")
async def test_an_asgi_request_body_comes_from_receive_not_the_scope() -> None:
    key = f"{SET}/asgi-body-in-scope"
    application = run_fragment(code_of(key)).namespace["application"]
    sent: list[dict[str, Any]] = []

    async def record(message: dict[str, Any]) -> None:
        sent.append(message)

    with pytest.raises(KeyError) as raised:
        await http_request(application, "/echo/", method="POST", body=b"ping", on_send=record)
    assert sent == []  # before sending anything: no empty (B) or partial (C) echo
    assert option(key, answer_letter(key)).startswith(
        f"It raises KeyError: {raised.value} before sending anything"
    )
    # The solution's fix: read the body from the http.request event.
    fix = solution_fix(key, '(await receive())["body"]')
    fixed_source = code_of(key).replace('scope["body"]', fix)
    fixed = run_fragment(fixed_source).namespace["application"]
    status, echoed = await http_request(fixed, "/echo/", method="POST", body=b"ping")
    assert (status, echoed) == (200, b"ping")
    solution_says(key, f"the app echoes {echoed!r}".replace("'", '"'))


@proves(f"{SET}/sync-view-thread-under-asgi")
async def test_a_sync_view_under_asgi_runs_in_a_worker_thread_without_a_loop() -> None:
    key = f"{SET}/sync-view-thread-under-asgi"
    loop_thread = threading.get_ident()
    threads: list[int] = []
    view = run_fragment(code_of(key)).namespace["where"]

    def traced(request: HttpRequest) -> HttpResponse:
        threads.append(threading.get_ident())
        return view(request)

    with (
        as_module(URLS, {"urlpatterns": [path("", traced)]}),
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]),
    ):
        status, body = await http_get(ASGIHandler(), "/")
    assert status == 200
    assert len(threads) == 1
    assert threads[0] != loop_thread  # a worker thread, not the loop's
    keyed_says(key, f'"{body.decode()}"', "sync_to_async", "worker thread")
    refuted(key, '"on the event loop": under ASGI every view runs on the loop')
    refuted(key, "A 500 error")
    refuted(key, "Uvicorn runs sync views on its event loop")


@proves(f"{SET}/websocket-without-channels")
async def test_django_asgi_handler_alone_refuses_a_websocket_scope() -> None:
    key = f"{SET}/websocket-without-channels"
    views: list[str] = []

    def chat(request: HttpRequest) -> HttpResponse:
        views.append(request.path)
        return HttpResponse("chat page")

    names = {"urlpatterns": [path("ws/chat/", chat)]}
    with as_module(URLS, names), override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]):
        client = WebsocketClient(get_asgi_application(), "/ws/chat/")
        await client.send_input({"type": "websocket.connect"})
        with pytest.raises(ValueError, match="can only handle ASGI/HTTP connections") as raised:
            await client.wait(timeout=5)
        assert await http_get(get_asgi_application(), "/ws/chat/") == (200, b"chat page")
    assert views == ["/ws/chat/"]  # only the HTTP request reached the view
    assert "not websocket" in str(raised.value)
    keyed_says(
        key,
        f"Django's ASGI handler raises {type(raised.value).__name__}",
        "only HTTP, not websocket",
    )
    refuted(key, "routes the handshake through urls.py")
    refuted(key, "200 from the /ws/chat/ view")
    refuted(key, "closes it at once")
