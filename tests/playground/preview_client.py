"""Drive a running preview over HTTP the way its page does, without a browser."""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.error
import urllib.request
from typing import Any


class PreviewClient:
    """Open a page of the preview at ``url`` and run its actions, as the page's script would."""

    def __init__(self, url: str) -> None:
        self.origin, self.capability = url.split("/#")
        self.context: str | None = None
        self.generation = 0
        self.bot_generation = 0
        self.sequence = 0

    async def get_text(self, path: str) -> str:
        """Return a static file the preview serves, such as the page itself."""
        request = urllib.request.Request(self.origin + path)
        return await asyncio.to_thread(_read, request)

    async def open_page(self) -> dict[str, Any]:
        """Open a page as the preview's first viewer; return its first snapshot."""
        page = await self._call("/api/pages", {})
        self.context = page["context"]["id"]
        self.generation = page["context"]["generation"]
        self.bot_generation = page["botGeneration"]
        return page

    async def state(self) -> dict[str, Any]:
        """Return the page's latest published snapshot."""
        return await self._call("/api/state")

    async def run_command(
        self, name: str, *, revision: int | None = None, **options: Any
    ) -> dict[str, Any]:
        """Run the slash command ``name`` from the page; return the action's receipt."""
        catalog = await self._call("/api/commands")
        entry = next(e for e in catalog["entries"] if e["invocation"] == name)
        if revision is None:
            revision = (await self.state())["publishedRevision"]
        return await self._act(
            "run_command",
            revision,
            command_id=entry["commandId"],
            path=entry["path"],
            schema_fingerprint=entry["schemaFingerprint"],
            options=options,
        )

    async def send_message(self, content: str) -> dict[str, Any]:
        """Type ``content`` in the page's message box and press Enter."""
        return await self._act(
            "send_message", (await self.state())["publishedRevision"], content=content
        )

    async def view_as(self, user_id: int) -> dict[str, Any]:
        """Choose who the page shows and acts as, as the page's viewer menu does."""
        receipt = await self._act(
            "viewer", (await self.state())["publishedRevision"], viewer_id=str(user_id)
        )
        self.generation = (await self.state())["context"]["generation"]
        return receipt

    async def get_asset(self, asset_id: str) -> tuple[int, dict[str, str], bytes]:
        """Fetch an asset of the page (an attachment, an avatar) as the page's <img> would."""
        headers = {"X-Simcord-Capability": self.capability, "X-Simcord-Context": self.context or ""}
        request = urllib.request.Request(f"{self.origin}/api/assets/{asset_id}", headers=headers)
        return await asyncio.to_thread(_fetch, request)

    async def close_session(self) -> dict[str, Any]:
        """Press "End preview session"."""
        return await self._act("close", (await self.state())["publishedRevision"])

    async def _act(self, kind: str, revision: int, **fields: Any) -> dict[str, Any]:
        self.sequence += 1
        body = {
            "protocol_version": 3,
            "sequence": self.sequence,
            "request_id": secrets.token_hex(8),
            "generation": self.generation,
            "bot_generation": self.bot_generation,
            "published_revision": revision,
            "kind": kind,
            **fields,
        }
        return await self._call("/api/action", body)

    async def _call(self, path: str, body: object | None = None) -> dict[str, Any]:
        headers = {"X-Simcord-Capability": self.capability}
        if self.context is not None:
            headers["X-Simcord-Context"] = self.context
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.origin + path, data=data, headers=headers, method="GET" if data is None else "POST"
        )
        return json.loads(await asyncio.to_thread(_read, request))


def _read(request: urllib.request.Request) -> str:
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def _fetch(request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def messages(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the snapshot's messages, oldest first."""
    return [snapshot["messages"][message_id] for message_id in snapshot["timeline"]]


def embed_titles(message: dict[str, Any]) -> list[str]:
    """Return the titles of a message's embeds."""
    return [embed.get("title") or "" for embed in message.get("embeds", [])]
