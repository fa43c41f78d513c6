"""Checks of the django-async-channels set, Channels part: the channel layer from sync code,
group events to consumer handlers, URL captures in the scope, in-memory layers per process."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from tests.content_checks.asgi_calls import WebsocketClient
from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    letter_of,
    observed,
    option,
    question,
    refuted,
)
from tests.content_checks.snippets import run_fragment

SET = "django-async-channels"
RECEIVE_TIMEOUT = 5
"""Seconds a check waits for a channel-layer message that a right key would have sent."""


@proves(f"{SET}/group-send-from-sync")
async def test_a_sync_view_reaches_the_channel_layer_through_async_to_sync() -> None:
    key = f"{SET}/group-send-from-sync"
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("chat", channel)
    names = {
        "async_to_sync": async_to_sync,
        "sync_to_async": sync_to_async,
        "HttpResponse": HttpResponse,
    }

    def publish_with(letter: str) -> Any:
        source = code_of(key).replace("???", option(key, letter))
        return run_fragment(source, names).namespace["publish"]

    try:
        # B, called from a sync thread as a WSGI worker would: the message arrives.
        keyed = publish_with(answer_letter(key))
        response = await sync_to_async(keyed, thread_sensitive=False)(HttpRequest())
        assert response.content == b"sent"
        # A wrong key sends nothing: fail after a while instead of waiting forever.
        received = await asyncio.wait_for(layer.receive(channel), RECEIVE_TIMEOUT)
        assert received == {"type": "chat.message", "text": "hi"}
        unawaited = publish_with(letter_of(key, "channel_layer.group_send("))
        wrapped = publish_with(letter_of(key, "sync_to_async(channel_layer"))
        with warnings.catch_warnings(record=True) as caught:  # a coroutine nobody runs
            warnings.simplefilter("always")
            await sync_to_async(unawaited, thread_sensitive=False)(HttpRequest())
        assert any("was never awaited" in str(w.message) for w in caught)
        with pytest.raises(SyntaxError, match="outside async function"):  # C
            publish_with(letter_of(key, "await channel_layer"))
        with pytest.raises(TypeError, match="sync_to_async can only be applied to sync functions"):
            await sync_to_async(wrapped, thread_sensitive=False)(HttpRequest())
        observed(key, "SyntaxError", "TypeError")
        layer_state = layer.channels.get(channel)
        assert not layer_state  # nothing else was delivered
    finally:
        await layer.flush()


def chat_consumer(source: str, *, handler: str | None) -> type[AsyncWebsocketConsumer]:
    """The snippet's ChatConsumer, joined to group "room", plus an optional event handler."""
    snippet = run_fragment(source, {"AsyncWebsocketConsumer": AsyncWebsocketConsumer})
    base = snippet.namespace["ChatConsumer"]

    async def connect(self: Any) -> None:
        self.room_group = "room"
        await self.channel_layer.group_add(self.room_group, self.channel_name)
        await self.accept()

    async def relay(self: Any, event: dict[str, Any]) -> None:
        await self.send(text_data=f"relayed {event['text']}")

    body: dict[str, Any] = {"connect": connect}
    if handler:
        body[handler] = relay
    return type("ChatConsumer", (base,), body)


@proves(f"{SET}/handler-name-dispatch")
async def test_a_group_event_type_names_the_handler_with_dots_as_underscores() -> None:
    key = f"{SET}/handler-name-dispatch"
    consumer = chat_consumer(code_of(key), handler="chat_message")
    first = WebsocketClient(consumer.as_asgi(), "/ws/")
    second = WebsocketClient(consumer.as_asgi(), "/ws/")
    try:
        assert await first.connect()
        assert await second.connect()
        await first.send_to(text_data="hello")
        assert await first.receive_from() == "relayed hello"
        assert await second.receive_from() == "relayed hello"
    finally:
        await first.disconnect()
        await second.disconnect()
    for wrong in ("chatMessage", None):  # D's name, or no handler at all
        lonely = WebsocketClient(chat_consumer(code_of(key), handler=wrong).as_asgi(), "/ws/")
        assert await lonely.connect()
        await lonely.send_to(text_data="hello")
        with pytest.raises(ValueError, match=r"No handler for message type chat\.message"):
            await lonely.wait()
    await get_channel_layer().flush()
    assert option(key, answer_letter(key)) == "chat_message(self, event)"


@proves(f"{SET}/url-route-kwargs")
@pytest.mark.usefixtures("django_db")
async def test_url_captures_are_in_scope_url_route_kwargs() -> None:
    key = f"{SET}/url-route-kwargs"
    seen: dict[str, Any] = {}

    class ChatConsumer(AsyncWebsocketConsumer):
        async def connect(self) -> None:
            for letter in question(key).letters:  # each option's expression, evaluated here
                try:
                    seen[letter] = eval(option(key, letter), {"self": self})
                except (AttributeError, KeyError, TypeError) as error:
                    seen[letter] = type(error)
            seen["kwargs"] = self.scope["url_route"]["kwargs"]
            seen["path"] = self.scope["path"]
            seen["has request"] = hasattr(self, "request")
            seen["has kwargs"] = hasattr(self, "kwargs")
            await self.accept()

    names = {
        "re_path": re_path,
        "ChatConsumer": ChatConsumer,
        "ProtocolTypeRouter": ProtocolTypeRouter,
        "get_asgi_application": get_asgi_application,
        "AuthMiddlewareStack": AuthMiddlewareStack,
        "URLRouter": URLRouter,
    }
    application = run_fragment(code_of(key), names).namespace["application"]
    communicator = WebsocketClient(application, "/ws/chat/lobby/")
    assert await communicator.connect()
    await communicator.disconnect()
    assert seen["kwargs"] == {"room_name": "lobby"}  # A
    assert seen["has kwargs"] is False  # B
    assert seen["has request"] is False  # C
    assert isinstance(seen["path"], str)  # D indexes a str with a str
    with pytest.raises(TypeError):
        seen["path"]["room_name"]
    observed(key, "TypeError")
    values = {letter: seen[letter] for letter in question(key).letters}
    # The keyed expression gives the captured room; every other one raises.
    assert [letter for letter, value in values.items() if value == "lobby"] == [answer_letter(key)]
    assert all(isinstance(value, type) for value in values.values() if value != "lobby")


@proves(f"{SET}/inmemory-layer-processes")
async def test_an_in_memory_layer_only_reaches_its_own_process() -> None:
    key = f"{SET}/inmemory-layer-processes"
    process_1, process_2 = InMemoryChannelLayer(), InMemoryChannelLayer()  # one per process
    local, remote = await process_1.new_channel(), await process_2.new_channel()
    await process_1.group_add("room", local)
    await process_2.group_add("room", remote)
    await process_1.group_send("room", {"type": "chat.message", "text": "hi"})
    assert await process_1.receive(local) == {"type": "chat.message", "text": "hi"}
    assert not process_2.channels.get(remote)  # process 2's member gets nothing
    keyed_says(key, 'Only consumers in "room" connected to process 1')
    refuted(key, "whichever process")
    refuted(key, "drops all group messages")
