"""Call an ASGI application the way a server does, without a server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.testing import ApplicationCommunicator

Send = Callable[[dict[str, Any]], Awaitable[None]]


def http_scope(path: str, query: str = "", method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }


async def http_get(
    application: Any, path: str, query: str = "", on_send: Send | None = None
) -> tuple[int, bytes]:
    """GET ``path`` from ``application``; return the status and the body."""
    return await http_request(application, path, query=query, on_send=on_send)


async def http_request(
    application: Any,
    path: str,
    *,
    method: str = "GET",
    body: bytes = b"",
    query: str = "",
    on_send: Send | None = None,
) -> tuple[int, bytes]:
    """Send one request (``body`` in a single http.request event); return the status and body."""
    requests: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    requests.put_nowait({"type": "http.request", "body": body, "more_body": False})
    status = 0
    body = b""

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")
        if on_send is not None:
            await on_send(message)

    await application(http_scope(path, query, method), requests.get, send)
    return status, body


class WebsocketClient(ApplicationCommunicator):
    """Channels' WebsocketCommunicator without its package (channels.testing imports daphne).

    The same calls: ``connect()``, ``send_to(text_data=...)``, ``receive_from()``,
    ``disconnect()``; built on asgiref's ApplicationCommunicator.
    """

    def __init__(self, application: Any, path: str) -> None:
        super().__init__(
            application,
            {
                "type": "websocket",
                "path": path,
                "raw_path": path.encode(),
                "query_string": b"",
                "headers": [(b"host", b"testserver")],
                "subprotocols": [],
                "client": ("127.0.0.1", 50000),
                "server": ("testserver", 80),
            },
        )

    # ``timeout`` mirrors asgiref's ApplicationCommunicator, which these methods wrap.
    async def connect(self, timeout: float = 1) -> bool:  # noqa: ASYNC109
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept"

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def receive_from(self, timeout: float = 1) -> str:  # noqa: ASYNC109
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response["text"]

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:  # noqa: ASYNC109
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)

    async def receive_nothing(self, timeout: float = 0.1) -> bool:  # noqa: ASYNC109
        """True when the application sends nothing within ``timeout`` (and did not fail)."""
        return await super().receive_nothing(timeout)
